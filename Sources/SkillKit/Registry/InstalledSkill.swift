import Foundation

/// A skill found on disk: its manifest, where it lives and how it is attributed.
public struct InstalledSkill: Sendable, Equatable {
    public var manifest: SkillManifest
    /// The folder that holds `SKILL.md`.
    public var directory: URL
    /// Computed once, when the skill is discovered.
    public var attribution: SkillAttribution

    public init(manifest: SkillManifest, directory: URL, attribution: SkillAttribution) {
        self.manifest = manifest
        self.directory = directory
        self.attribution = attribution
    }

    public var name: String { manifest.name }
    public var version: String { manifest.version }
}
