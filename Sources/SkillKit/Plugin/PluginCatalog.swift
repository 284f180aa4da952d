import Foundation

/// The compiled plugins, by skill name; other NemoVideo skills run on ``NemoVideoSkillPlugin``.
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

    /// How `manifest` runs in this shell.
    public func runtime(for manifest: SkillManifest) -> SkillRuntime {
        if factories[manifest.name] != nil { return .compiledPlugin }
        if NemoVideoSkillPlugin.isFamilyMember(manifest) { return .nemoVideo }
        return .instructionsOnly
    }

    /// The plugin for `manifest`; nil for a skill this shell cannot run.
    public func plugin(for manifest: SkillManifest) -> (any SkillPlugin)? {
        switch runtime(for: manifest) {
        case .compiledPlugin: return factories[manifest.name]?(manifest)
        case .nemoVideo: return NemoVideoSkillPlugin(manifest: manifest)
        case .instructionsOnly: return nil
        }
    }

    /// Whether a compiled plugin exists for the skill.
    public func hasCompiledPlugin(for name: String) -> Bool { factories[name] != nil }
}

/// How a skill runs in this shell.
public enum SkillRuntime: Sendable, Equatable, CustomStringConvertible {
    /// A plugin compiled into the shell.
    case compiledPlugin
    /// The NemoVideo API family, through the generic plugin.
    case nemoVideo
    /// Instructions for a language model, which this shell does not run.
    case instructionsOnly

    public var runsHere: Bool { self != .instructionsOnly }

    /// One word for listings: plugin, nemovideo or instructions.
    public var shortName: String {
        switch self {
        case .compiledPlugin: return "plugin"
        case .nemoVideo: return "nemovideo"
        case .instructionsOnly: return "instructions"
        }
    }

    public var description: String {
        switch self {
        case .compiledPlugin: return "compiled plugin"
        case .nemoVideo: return "NemoVideo API skill"
        case .instructionsOnly: return "instructions for a model; this shell runs video skills"
        }
    }
}
