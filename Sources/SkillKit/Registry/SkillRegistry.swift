import Foundation

/// The skills found on the search path and built in, with what was wrong with the ones that
/// were skipped.
public struct SkillRegistry: Sendable {
    /// Loaded skills, sorted by name.
    public private(set) var skills: [InstalledSkill]
    /// Manifests that were skipped, each with its file and every problem in it.
    public private(set) var problems: [ManifestError]
    /// Name clashes that were settled by the search order.
    public private(set) var warnings: [String]

    public init(skills: [InstalledSkill], problems: [ManifestError] = [], warnings: [String] = []) {
        self.skills = skills.sorted { $0.name < $1.name }
        self.problems = problems
        self.warnings = warnings
    }

    /// Looks in every folder of `searchPath` for `<name>/SKILL.md`, then adds the `builtIns`
    /// that no folder provided (a folder wins, so a built-in skill can be overridden).
    ///
    /// - Parameter mode: `.lenient` (the default) loads skills whose only problems are
    ///   cosmetic, keeping the problems as the skill's warnings.
    public static func discover(
        in searchPath: SkillSearchPath,
        builtIns: [BuiltInSkill] = [],
        mode: ManifestMode = .lenient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: URL = PathExpansion.home
    ) -> SkillRegistry {
        var found: [String: InstalledSkill] = [:]
        var problems: [ManifestError] = []
        var warnings: [String] = []
        let files = FileManager.default
        for root in searchPath.directories {
            guard let entries = try? files.contentsOfDirectory(atPath: root.path) else { continue }  // a folder that does not exist is normal
            for entry in entries.sorted() where !entry.hasPrefix(".") {
                let directory = root.appendingPathComponent(entry)
                let manifestFile = directory.appendingPathComponent("SKILL.md")
                var isDirectory: ObjCBool = false
                guard files.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
                    files.fileExists(atPath: manifestFile.path)
                else { continue }
                do {
                    let reading = try ManifestLoader.load(from: manifestFile, mode: mode)
                    let manifest = reading.manifest
                    if let earlier = found[manifest.name] {
                        warnings.append("Skill '\(manifest.name)' in \(directory.path) is ignored: the one in \(earlier.origin) comes first.")
                        continue
                    }
                    let platform = SkillPlatform.detect(skillDirectory: directory, environment: environment, home: home)
                    found[manifest.name] = InstalledSkill(
                        manifest: manifest, origin: .folder(directory),
                        attribution: SkillAttribution(manifest: manifest, platform: platform), warnings: reading.warnings
                    )
                } catch {
                    problems.append(error)
                }
            }
        }
        for builtIn in builtIns where found[builtIn.name] == nil {
            do {
                let manifest = try ManifestLoader.parse(builtIn.manifestText, file: "built-in \(builtIn.name)/SKILL.md", folderName: builtIn.name)
                let platform = SkillPlatform.declared(in: environment) ?? .unknown
                found[manifest.name] = InstalledSkill(manifest: manifest, origin: .builtIn, attribution: SkillAttribution(manifest: manifest, platform: platform))
            } catch {
                problems.append(error)
            }
        }
        return SkillRegistry(skills: Array(found.values), problems: problems, warnings: warnings)
    }

    /// The skill with exactly this name.
    public func skill(named name: String) -> InstalledSkill? {
        skills.first { $0.name == name }
    }

    /// The problems of a skipped manifest whose folder is called `name`.
    public func problem(forSkillNamed name: String) -> ManifestError? {
        problems.first { $0.folderName == name }
    }

    /// The installed names, sorted, for messages and completion.
    public var names: [String] { skills.map(\.name) }
}
