import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// The bad-input catalogue: each gets one clear sentence, nothing is changed, and the
    /// session goes on to the next line.
    @Suite(.tags(.encodes), .skippable(.encodes)) struct BadInputTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func eachBadFileGetsOneSentenceAndTheSessionGoesOn() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let home = shell.home
            let files = FileManager.default
            try files.createDirectory(at: home.appendingPathComponent("a folder.mp4"), withIntermediateDirectories: true)
            files.createFile(atPath: home.appendingPathComponent("empty.mp4").path, contents: Data())
            // 600 MB without writing 600 MB: a sparse file.
            let huge = home.appendingPathComponent("huge.mp4")
            files.createFile(atPath: huge.path, contents: Data())
            let handle = try FileHandle(forWritingTo: huge)
            try handle.truncate(atOffset: 600_000_000)
            try handle.close()
            try Data("just some notes, not a video".utf8).write(to: home.appendingPathComponent("notes.mp4"))
            try await TestClips.copy(ClipSpec(width: 320, height: 240, fps: 30, seconds: 3, tone: 440), to: home.appendingPathComponent("whole.mp4"))
            let whole = try Data(contentsOf: home.appendingPathComponent("whole.mp4"))
            try whole.prefix(whole.count / 3).write(to: home.appendingPathComponent("cut off.mp4"))
            try await Tool.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=300:duration=2", "-c:a", "aac", home.appendingPathComponent("tune.m4a").path])
            try await TestClips.copy(ClipSpec(width: 320, height: 240, fps: 30, seconds: 2, tone: 440), to: home.appendingPathComponent("vidéo à moi 中文.mp4"))

            let script = """
                missing.mp4
                "a folder.mp4"
                empty.mp4
                huge.mp4
                notes.mp4
                "cut off.mp4"
                export
                tune.m4a
                export
                "vidéo à moi 中文.mp4"
                status
                credits
                """
            let result = try await shell.run(["--keep-going", "--skills-dir", skills], input: script)
            let out = result.output
            #expect(result.status == 1, "the bad lines fail the script")
            #expect(out.contains("There is no file at \(home.path)/missing.mp4; check the path"), "\(out)")
            #expect(out.contains("a folder.mp4 is a folder, not a file"), "\(out)")
            #expect(out.contains("empty.mp4 is empty (0 bytes)"), "\(out)")
            #expect(out.contains("huge.mp4 is 600 MB, over the 500 MB upload limit; trim or compress it first."), "\(out)")
            #expect(out.contains("notes.mp4"), "\(out)")
            #expect(out.contains("cut off.mp4"), "\(out)")
            #expect(out.contains("There is nothing to export yet; upload a video first"), "\(out)")
            #expect(out.contains("> tune.m4a\n✓ Uploaded tune.m4a (2s).\n> export\n✗ There is nothing to export yet; upload a video first"), "audio alone is music for a video, not a video: \(out)")
            #expect(out.contains("✓ Uploaded vidéo à moi 中文.mp4 (2s, 320x240, 30 fps)."), "\(out)")
            #expect(out.contains("1. Video: vidéo à moi 中文.mp4 (0-2s)"), "\(out)")
            #expect(out.contains("> credits\nCredits: 100 available."), "the session went on to the end: \(out)")
            // One sentence each: no stack traces, no raw server answers.
            #expect(!out.contains("Fatal error") && !out.contains("{\"code\""))
            #expect(try Data(contentsOf: home.appendingPathComponent("notes.mp4")) == Data("just some notes, not a video".utf8), "inputs are never changed")
        }

        @Test func aVideoWithoutSoundExportsAsVideoOnly() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            try await Tool.ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "3", "-pix_fmt", "yuv420p", "-an",
                shell.home.appendingPathComponent("silent.mp4").path,
            ])
            let result = try await shell.run(["--skills-dir", skills], input: "silent.mp4\nexport 1MB\nstatus\n")
            #expect(result.status == 0, "\(result.output)\n\(result.errors)")
            #expect(result.output.contains("no audio"), "the plan says so: \(result.output)")
            #expect(result.output.contains("✓ Fits under 1 MB"), "\(result.output)")
            let saved = shell.home.appendingPathComponent("silent-discord.mp4")
            let streams = try await Tool.streams(of: saved)
            #expect(streams.contains("video") && !streams.contains("audio"), "\(streams)")
        }

        @Test func tenHoursCannotFitInTenMegabytesAndTheShellSaysWhatWould() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            // Ten hours, as small and slow as a video gets, so it is quick to make.
            try await Tool.ffmpeg([
                "-f", "lavfi", "-i", "color=c=black:size=16x16:rate=1", "-t", "36000",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", shell.home.appendingPathComponent("long.mp4").path,
            ])
            let result = try await shell.run(["--keep-going", "--skills-dir", skills], input: "long.mp4\ncompress this under 10MB for Discord\ncredits\n")
            #expect(result.output.contains("36000 s cannot fit in 10 MB with a watchable picture; trimmed to about"), "the advice reaches the user untranslated: \(result.output)")
            #expect(result.output.contains("Credits: 100 available."))
            let outputs = try FileManager.default.contentsOfDirectory(atPath: shell.home.path).filter { $0.contains("discord") }
            #expect(outputs.isEmpty, "nothing was encoded")
        }
    }
}
