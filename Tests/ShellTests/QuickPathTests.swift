import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// `skillshell compress` and `--json`: the workflows for scripts.
    @Suite(.tags(.encodes), .skippable(.encodes)) struct QuickPathTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func compressSavesUnderTheTargetAndNeverOverwrites() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            try await TestClips.copy(ClipSpec(width: 640, height: 360, fps: 30, seconds: 6, tone: 440), to: shell.home.appendingPathComponent("clip.mp4"))

            // README lists B as a unit: "500000B" is the same 500 KB.
            let first = try await shell.run(["compress", "clip.mp4", "--target", "500000B", "--skills-dir", skills])
            #expect(first.status == 0, "\(first.output)\n\(first.errors)")
            #expect(first.output.contains("✓ Fits under 500 KB"), "\(first.output)")
            #expect(!first.output.contains("Try saying"), "no greeting on the quick path")
            let saved = shell.home.appendingPathComponent("clip-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: saved.path)[.size] as? NSNumber)?.intValue)
            #expect(size <= 500_000 && size > 300_000)

            // An exact output file that exists already gets a new name, and is left as it was.
            let mine = shell.home.appendingPathComponent("small.mp4")
            try Data("mine".utf8).write(to: mine)
            let second = try await shell.run(["compress", "clip.mp4", "--target", "discord", "--output", mine.path, "--skills-dir", skills])
            #expect(second.status == 0, "\(second.output)\n\(second.errors)")
            #expect(try String(contentsOf: mine, encoding: .utf8) == "mine")
            #expect(FileManager.default.fileExists(atPath: shell.home.appendingPathComponent("small (2).mp4").path), "\(second.output)")
        }

        @Test func compressSaysWhatIsWrongWithItsInput() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let badTarget = try await shell.run(["compress", "clip.mp4", "--target", "tiny", "--skills-dir", skills])
            #expect(badTarget.status == 2)
            #expect(badTarget.errors.contains("'tiny' is not a size; give one such as 10MB"))
            let missing = try await shell.run(["compress", "nowhere.mp4", "--skills-dir", skills])
            #expect(missing.status == 1)
            #expect(missing.output.contains("There is no file at"), "\(missing.output)")
        }

        /// `--output` names where videos go: a new folder is made (nested too); a file is refused
        /// in one sentence before anything runs.
        @Test func anOutputFolderIsMadeOrRefused() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let fresh = shell.home.appendingPathComponent("videos/discord")
            let made = try await shell.run(["--output", fresh.path, "--skills-dir", skills], input: "status\n")
            #expect(made.status == 0, "\(made.output)\n\(made.errors)")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: fresh.path, isDirectory: &isDirectory) && isDirectory.boolValue)
            let file = shell.home.appendingPathComponent("notes.txt")
            try Data("mine".utf8).write(to: file)
            let refused = try await shell.run(["--output", file.path, "--skills-dir", skills], input: "status\n")
            #expect(refused.status == 2)
            #expect(refused.errors.contains("is a file, not a folder"), "\(refused.errors)")
            #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
        }

        @Test func jsonModePrintsOneEventALine() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let result = try await shell.run(["--json", "--keep-going", "--skills-dir", skills], input: "credits\n/bogus\nstatus\n")
            #expect(result.status == 1, "the unknown command failed")
            let lines = result.output.split(separator: "\n")
            var types: [String] = []
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
                types.append(try #require(object["type"] as? String))
            }
            #expect(types.contains("input") && types.contains("result") && types.contains("error"))
            #expect(result.output.contains(#"{"level":"info","text":"Credits: 100 available.","type":"result"}"#), "\(result.output)")
            #expect(result.output.contains(#""type":"error""#))
            #expect(!result.output.contains("\u{1B}["))
        }

        @Test func helpShowsTheThreeWorkflowsAndCompletionsExist() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let help = try await shell.run(["--help"])
            for heading in ["Quick compress", "Edit and share", "Batch", "Exit status"] {
                #expect(help.output.contains(heading), "\(heading)")
            }
            let completion = try await shell.run(["--generate-completion-script", "bash"])
            #expect(completion.status == 0 && completion.output.contains("compress"))
        }
    }
}
