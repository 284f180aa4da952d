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
        let registry = SkillRegistry.discover(in: .standard(extra: skillOptions.skillsDirectories))
        for warning in registry.warnings { console.error("warning: \(warning)") }
        for problem in registry.problems { console.error("skipped \(problem.file): \(problem.reasonText)") }
        guard !registry.skills.isEmpty else {
            let searched = SkillSearchPath.standard(extra: skillOptions.skillsDirectories).directories.map(\.path)
            console.error(ShellError.noSkills(searched: searched).description)
            throw ExitCode(1)
        }
        let rows = registry.skills.map { [$0.name, $0.version, $0.attribution.platform.rawValue, $0.directory.path] }
        console.print(Table.render(header: ["NAME", "VERSION", "PLATFORM", "PATH"], rows: rows))
    }

    private func check(_ directory: String, console: Console) throws {
        let root = URL(fileURLWithPath: PathExpansion.expandTilde(directory))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            console.error("\(root.path) is not a folder; give the folder that holds your skills.")
            throw ExitCode(1)
        }
        // DIR may be one skill's folder or a folder of skills.
        let single = FileManager.default.fileExists(atPath: root.appendingPathComponent("SKILL.md").path)
        let searchRoot = single ? root.deletingLastPathComponent() : root
        var registry = SkillRegistry.discover(in: SkillSearchPath(directories: [searchRoot]))
        if single {
            registry = SkillRegistry(
                skills: registry.skills.filter { $0.directory.standardizedFileURL == root.standardizedFileURL },
                problems: registry.problems.filter { $0.file.hasPrefix(root.path + "/") },
                warnings: []
            )
        }
        for skill in registry.skills { console.print("ok     \(skill.name) \(skill.version)  \(skill.directory.path)") }
        for problem in registry.problems { console.print("error  \(problem.file): \(problem.reasonText)") }
        if registry.skills.isEmpty && registry.problems.isEmpty {
            console.error("No SKILL.md found in \(root.path) or its subfolders.")
            throw ExitCode(1)
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
