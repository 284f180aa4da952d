import Foundation

/// Where a skill was installed from, as sent in `X-Skill-Platform`.
public struct SkillPlatform: Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public static let clawhub = SkillPlatform("clawhub")
    public static let cursor = SkillPlatform("cursor")
    public static let unknown = SkillPlatform("unknown")

    public var description: String { rawValue }

    /// The platform named by `SKILL_SOURCE`, if set.
    public static func declared(in environment: [String: String]) -> SkillPlatform? {
        guard let declared = environment["SKILL_SOURCE"]?.trimmingCharacters(in: .whitespacesAndNewlines), !declared.isEmpty else {
            return nil
        }
        return SkillPlatform(declared.lowercased())
    }

    /// Detects the platform: `SKILL_SOURCE` first, then the install path, else unknown.
    ///
    /// A skill is from clawhub when its path has a `/.clawhub/` folder or a `.clawhub/origin.json`
    /// stands beside it, and from cursor when it lives under `~/.cursor/skills/`.
    public static func detect(
        skillDirectory: URL,
        environment: [String: String],
        home: URL = PathExpansion.home
    ) -> SkillPlatform {
        if let declared = declared(in: environment) { return declared }
        let path = skillDirectory.standardizedFileURL.path + "/"
        let origin = skillDirectory.appendingPathComponent(".clawhub/origin.json").path
        if path.contains("/.clawhub/") || FileManager.default.fileExists(atPath: origin) {
            return .clawhub
        }
        let cursorRoot = home.standardizedFileURL.appendingPathComponent(".cursor/skills").path + "/"
        if path.hasPrefix(cursorRoot) {
            return .cursor
        }
        return .unknown
    }
}
