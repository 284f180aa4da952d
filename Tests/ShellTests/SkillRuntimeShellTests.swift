import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// Built-in skills, skills that run as NemoVideo API skills, and skills this shell cannot run.
    @Suite(.tags(.encodes), .skippable(.encodes)) struct SkillRuntimeShellTests {
        static func write(_ text: String, to file: URL) throws {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }

        @Test func theBuiltInSkillsWorkFromAnEmptyFolderWithAnEmptyHome() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let folder = shell.home.appendingPathComponent("somewhere")
            let emptyHome = shell.home.appendingPathComponent("empty-home")
            for url in [folder, emptyHome] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
            let environment = ["HOME": emptyHome.path]

            let list = try await shell.run(["skills"], environment: environment, in: folder)
            #expect(list.status == 0, "\(list.errors)")
            let rows = list.output.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
            #expect(rows.map { $0[0] } == ["video-ai-discord", "video-compressor-for-discord-10mb"])
            #expect(rows.allSatisfy { $0[2] == "plugin" && $0.suffix(2) == ["built", "in"] })

            try await Tool.ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=330",
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-c:a", "aac", "-shortest",
                folder.appendingPathComponent("clip.mp4").path,
            ])
            let compress = try await shell.run(["compress", "clip.mp4", "--target", "300KB"], environment: environment, in: folder)
            #expect(compress.status == 0, "\(compress.output)\n\(compress.errors)")
            let saved = folder.appendingPathComponent("clip-discord.mp4")
            let size = (try? FileManager.default.attributesOfItem(atPath: saved.path)[.size] as? NSNumber)?.intValue ?? 0
            #expect(size > 0 && size <= 300_000)
        }

        @Test func aSkillsFolderOverridesTheBuiltInManifest() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let builtIn = try String(contentsOf: ShellBinary.packageRoot.appendingPathComponent("Skills/video-ai-discord/SKILL.md"), encoding: .utf8)
            let mine = shell.home.appendingPathComponent("project/skills/video-ai-discord")
            try Self.write(builtIn.replacingOccurrences(of: "version: \"1.0.0\"", with: "version: \"9.9\""), to: mine.appendingPathComponent("SKILL.md"))
            let list = try await shell.run(["skills"], in: shell.home.appendingPathComponent("project"))
            let row = try #require(list.output.split(separator: "\n").first { $0.hasPrefix("video-ai-discord ") })
            #expect(row.contains(" 9.9 ") && row.hasSuffix(mine.path))
        }

        @Test func skillsThatCannotRunAreListedAndRefusedWithTheReason() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let skills = shell.home.appendingPathComponent("my-skills")
            try Self.write("---\nname: pdf-tools\ndescription: Work with PDF files.\n---\nUse pdftotext.\n", to: skills.appendingPathComponent("pdf-tools/SKILL.md"))
            try Self.write("---\nname: broken-one\nversion: 2\n---\n", to: skills.appendingPathComponent("broken-one/SKILL.md"))
            try Self.write(
                """
                ---
                name: video-trimmer
                version: 1.4
                description: Cuts a video to the part you want.
                metadata: {"openclaw": {"primaryEnv": "NEMO_TOKEN"}}
                ---
                Try saying:
                - "keep 0:05 to 0:20"
                - "cut the first 3 seconds"
                """, to: skills.appendingPathComponent("video-trimmer/SKILL.md"))

            let list = try await shell.run(["skills", "--skills-dir", skills.path])
            let runs = Dictionary(
                uniqueKeysWithValues: list.output.split(separator: "\n").dropFirst().map {
                    let cells = $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    return (cells[0], cells[2])
                })
            #expect(runs["pdf-tools"] == "instructions" && runs["video-trimmer"] == "nemovideo" && runs["video-compressor-for-discord-10mb"] == "plugin")
            #expect(list.errors.contains("skipped broken-one:"))

            let script = "/skill pdf-tools\n/skill broken-one\n/skill nothing-here\n/skill video-trimmer\n/help\n"
            let session = try await shell.run(["--backend", "local", "--skills-dir", skills.path, "--keep-going"], input: script)
            #expect(session.output.contains("'pdf-tools' is instructions for a model, and this shell runs video skills; choose one of: video-ai-discord, video-compressor-for-discord-10mb, video-trimmer."))
            #expect(session.output.contains("The skill 'broken-one' was not loaded: \(skills.path)/broken-one/SKILL.md has a problem: the required field 'description' is missing or empty."))
            #expect(session.output.contains("No skill named 'nothing-here'."))
            #expect(session.output.contains("Switched to video-trimmer 1.4."))
            #expect(session.output.contains("Cuts a video to the part you want."))
            #expect(session.output.contains("\"cut the first 3 seconds\""))

            let start = try await shell.run(["--backend", "local", "--skills-dir", skills.path, "--skill", "pdf-tools"])
            #expect(start.status == 2)
            #expect(start.errors.contains("'pdf-tools' is instructions for a model"))
        }
    }
}
