import Foundation

/// The three attribution headers every backend request carries for the active skill.
public struct SkillAttribution: Sendable, Hashable {
    /// `X-Skill-Source`: the manifest's name.
    public var source: String
    /// `X-Skill-Version`: the manifest's version, as written.
    public var version: String
    /// `X-Skill-Platform`.
    public var platform: SkillPlatform

    public init(source: String, version: String, platform: SkillPlatform) {
        self.source = source
        self.version = version
        self.platform = platform
    }

    /// The attribution of `manifest`: its name and the version it declares.
    public init(manifest: SkillManifest, platform: SkillPlatform) {
        self.init(source: manifest.name, version: manifest.attributionVersion, platform: platform)
    }

    /// The headers in the order the contract lists them.
    public var headers: [(name: String, value: String)] {
        [("X-Skill-Source", source), ("X-Skill-Version", version), ("X-Skill-Platform", platform.rawValue)]
    }
}
