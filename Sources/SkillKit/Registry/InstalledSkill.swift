import Foundation

/// A skill that was found: its manifest, where it came from and how it is attributed.
public struct InstalledSkill: Sendable, Equatable {
    public var manifest: SkillManifest
    public var origin: SkillOrigin
    /// Computed once, when the skill is discovered.
    public var attribution: SkillAttribution
    /// Cosmetic problems a lenient reading let through, to show in `skills`.
    public var warnings: [ManifestProblem]

    public init(manifest: SkillManifest, origin: SkillOrigin, attribution: SkillAttribution, warnings: [ManifestProblem] = []) {
        self.manifest = manifest
        self.origin = origin
        self.attribution = attribution
        self.warnings = warnings
    }

    public var name: String { manifest.name }
    /// The version for display: as written, else the one sent in `X-Skill-Version`.
    public var version: String { manifest.attributionVersion }
    /// "name 1.2.0", or the name alone when the manifest has no version.
    public var label: String { manifest.version.map { "\(name) \($0)" } ?? name }
    /// The folder that holds `SKILL.md`; nil for a built-in skill.
    public var directory: URL? {
        if case .folder(let url) = origin { return url }
        return nil
    }
}

/// Where a skill's manifest came from.
public enum SkillOrigin: Sendable, Equatable, CustomStringConvertible {
    /// A folder on the search path.
    case folder(URL)
    /// Compiled into the binary, used when no folder has a skill of that name.
    case builtIn

    public var description: String {
        switch self {
        case .folder(let url): return url.path
        case .builtIn: return "built in"
        }
    }
}

/// A manifest compiled into the binary.
public struct BuiltInSkill: Sendable {
    public var name: String
    public var manifestText: String

    public init(name: String, manifestText: String) {
        self.name = name
        self.manifestText = manifestText
    }
}
