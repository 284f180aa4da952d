import Foundation

/// The compiled plugins, by skill name; any other skill runs on ``GenericSkillPlugin``.
public struct PluginCatalog: Sendable {
    public typealias Factory = @Sendable (SkillManifest) -> any SkillPlugin

    private var factories: [String: Factory]

    public init(_ factories: [String: Factory] = [:]) {
        self.factories = factories
    }

    /// Adds the plugin for the skill called `name`.
    public mutating func register(_ name: String, factory: @escaping Factory) {
        factories[name] = factory
    }

    /// The plugin for `manifest`.
    public func plugin(for manifest: SkillManifest) -> any SkillPlugin {
        factories[manifest.name]?(manifest) ?? GenericSkillPlugin(manifest: manifest)
    }

    /// Whether a compiled plugin exists for the skill.
    public func hasCompiledPlugin(for name: String) -> Bool { factories[name] != nil }
}
