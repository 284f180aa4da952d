import ArgumentParser
import Foundation
import SkillKit

/// `skillshell skills`: lists installed skills, or checks a folder of manifests.
struct SkillsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skills",
        abstract: "List installed skills, or check manifests with --check DIR."
    )

    @OptionGroup var skillOptions: SkillOptions

    @Option(name: .customLong("check"), help: ArgumentHelp("Validate the manifests in DIR and exit non-zero on errors.", valueName: "DIR"))
    var checkDirectory: String?

    func run() throws {
        let console = Console.standard
        if let checkDirectory {
            try check(checkDirectory, console: console)
            return
        }
        let registry = BundledSkills.registry(extra: skillOptions.skillsDirectories, environment: ProcessInfo.processInfo.environment)
        let catalog = BundledSkills.catalog
        let rows = registry.skills.map { skill in
            [skill.name, skill.manifest.version ?? "-", catalog.runtime(for: skill.manifest).shortName, skill.attribution.platform.rawValue, skill.origin.description]
        }
        console.print(Table.render(header: ["NAME", "VERSION", "RUNS", "PLATFORM", "FROM"], rows: rows))
        for skill in registry.skills where !skill.warnings.isEmpty {
            let file = skill.directory.map { $0.appendingPathComponent("SKILL.md").path } ?? skill.name
            for problem in skill.warnings { console.error("warning: \(problem.line.map { "\(file):\($0)" } ?? file): \(problem.sentence)") }
        }
        for warning in registry.warnings { console.error("warning: \(warning)") }
        for problem in registry.problems {
            console.error("skipped \(problem.folderName):")
            for line in problem.locatedLines { console.error("  \(line)") }
        }
        let instructionsOnly = registry.skills.filter { !catalog.runtime(for: $0.manifest).runsHere }
        if !instructionsOnly.isEmpty {
            console.error("note: skills marked 'instructions' are written for a model such as Claude; this shell runs video skills, so they are listed but cannot be selected.")
        }
    }

    /// Checks every manifest in `directory` (one skill's folder, or a folder of skills) by the
    /// strict rules, naming every problem with its line; exits 1 if any.
    private func check(_ directory: String, console: Console) throws {
        let root = URL(fileURLWithPath: PathExpansion.expandTilde(directory))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("\(root.path) is not a folder; give the folder that holds your skills.", status: 1)
        }
        let single = FileManager.default.fileExists(atPath: root.appendingPathComponent("SKILL.md").path)
        let searchRoot = single ? root.deletingLastPathComponent() : root
        var registry = SkillRegistry.discover(in: SkillSearchPath(directories: [searchRoot]), mode: .strict)
        if single {
            registry = SkillRegistry(
                skills: registry.skills.filter { $0.directory?.standardizedFileURL == root.standardizedFileURL },
                problems: registry.problems.filter { $0.file.hasPrefix(root.path + "/") },
                warnings: []
            )
        }
        let catalog = BundledSkills.catalog
        for skill in registry.skills {
            let runtime = catalog.runtime(for: skill.manifest)
            console.print("ok     \(skill.name) \(skill.manifest.version ?? "(no version)")  \(skill.directory?.path ?? "")  [\(runtime)]")
        }
        for problem in registry.problems {
            for line in problem.locatedLines { console.print("error  \(line)") }
        }
        if registry.skills.isEmpty && registry.problems.isEmpty {
            throw CommandFailure("No SKILL.md found in \(root.path) or its subfolders.", status: 1)
        }
        if !registry.problems.isEmpty { throw ExitCode(1) }
    }
}

/// Fixed-width columns for listings.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
