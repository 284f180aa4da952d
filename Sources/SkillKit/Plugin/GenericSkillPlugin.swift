import Foundation

/// Runs a skill that has a manifest but no compiled plugin, on the manifest's data alone.
public struct GenericSkillPlugin: SkillPlugin {
    public let manifest: SkillManifest

    public init(manifest: SkillManifest) {
        self.manifest = manifest
    }
}
