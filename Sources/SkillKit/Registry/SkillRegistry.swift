import Foundation

/// The skills found on the search path, with what was wrong with the ones that were skipped.
public struct SkillRegistry: Sendable {
    /// Loaded skills, sorted by name.
    public private(set) var skills: [InstalledSkill]
    /// Manifests that were skipped, each with its file and reason.
    public private(set) var problems: [ManifestError]
    /// Name clashes that were settled by the search order.
    public private(set) var warnings: [String]

    public init(skills: [InstalledSkill], problems: [ManifestError] = [], warnings: [String] = []) {
        self.skills = skills.sorted { $0.name < $1.name }
        self.problems = problems
        self.warnings = warnings
    }

    /// Looks in every folder of `searchPath` for `<name>/SKILL.md`.
    public static func discover(
        in searchPath: SkillSearchPath,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL = PathExpansion.home
    ) -> SkillRegistry {
        var found: [String: InstalledSkill] = [:]
        var problems: [ManifestError] = []
        var warnings: [String] = []
        let files = FileManager.default
        for root in searchPath.directories {
            guard let entries = try? files.contentsOfDirectory(atPath: root.path) else { continue }
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let directory = root.appendingPathComponent(entry)
                let manifestFile = directory.appendingPathComponent("SKILL.md")
                var isDirectory: ObjCBool = false
                guard files.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
                      files.fileExists(atPath: manifestFile.path) else { continue }
                do {
                    let manifest = try ManifestLoader.load(from: manifestFile)
                    if let earlier = found[manifest.name] {
                        warnings.append(
                            "Skill '\(manifest.name)' in \(directory.path) is ignored: the one in \(earlier.directory.path) comes first."
                        )
                        continue
                    }
                    let platform = SkillPlatform.detect(skillDirectory: directory, environment: environment, home: home)
                    let attribution = SkillAttribution(source: manifest.name, version: manifest.version, platform: platform)
                    found[manifest.name] = InstalledSkill(manifest: manifest, directory: directory, attribution: attribution)
                } catch {
                    problems.append(error)
                }
            }
        }
        return SkillRegistry(skills: Array(found.values), problems: problems, warnings: warnings)
    }

    /// The skill with exactly this name.
    public func skill(named name: String) -> InstalledSkill? {
        skills.first { $0.name == name }
    }

    /// The installed names, sorted, for messages and completion.
    public var names: [String] { skills.map(\.name) }
}
