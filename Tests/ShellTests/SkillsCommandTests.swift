import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    @Suite struct SkillsCommandTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func listsBothSkillsWithVersionsAndPlatform() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let result = try await shell.run(["skills", "--skills-dir", skills])
            #expect(result.status == 0)
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("NAME") == true)
            let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.map { $0[0] } == ["video-ai-discord", "video-compressor-for-discord-10mb"])
            #expect(rows.allSatisfy { $0[1] == "1.0.0" && $0[2] == "plugin" && $0[3] == "unknown" && $0[4].hasPrefix(skills) })
        }

        @Test func platformFollowsSkillSource() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let result = try await shell.run(["skills", "--skills-dir", skills], environment: ["SKILL_SOURCE": "clawhub"])
            #expect(result.status == 0)
            #expect(result.output.split(separator: "\n").dropFirst().allSatisfy { $0.contains(" clawhub ") })
        }

        @Test func checkNamesTheBrokenManifestAndFails() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let folder = shell.home.appendingPathComponent("mixed")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("good-skill"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("bad-skill"), withIntermediateDirectories: true)
            try Data("---\nname: good-skill\nversion: 1.10\ndescription: Works.\n---\nBody\n".utf8).write(to: folder.appendingPathComponent("good-skill/SKILL.md"))
            try Data("---\nname: bad-skill\nversion: \"1\"\n---\n".utf8).write(to: folder.appendingPathComponent("bad-skill/SKILL.md"))

            let check = try await shell.run(["skills", "--check", folder.path])
            #expect(check.status != 0)
            #expect(check.output.contains("ok     good-skill 1.10"))
            #expect(check.output.contains("bad-skill/SKILL.md: the required field 'description' is missing or empty."))

            let list = try await shell.run(["skills", "--skills-dir", folder.path], in: shell.home)
            #expect(list.status == 0)
            #expect(list.output.contains("good-skill"))
            #expect(list.errors.contains("skipped bad-skill:\n  \(folder.path)/bad-skill/SKILL.md: the required field 'description'"))

            let good = try await shell.run(["skills", "--check", folder.appendingPathComponent("good-skill").path])
            #expect(good.status == 0)
        }
    }
}
