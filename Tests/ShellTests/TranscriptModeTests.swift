import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    @Suite struct TranscriptModeTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func switchingSkillsShowsEachGreetingAndKeepsTheSession() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let script = """
                # switch back and forth; the session must survive
                /skill video-ai-discord
                /skill video-compressor-for-discord-10mb
                status
                """
            let result = try await shell.run(["--skills-dir", skills], input: script)
            #expect(result.status == 0, "\(result.errors)")
            let output = result.output
            #expect(!output.contains("\u{1B}["), "transcripts carry no ANSI colour")
            #expect(output.contains("> /skill video-ai-discord\n✓ Switched to video-ai-discord 1.0.0. Your session and timeline are kept.\nBring a clip and tell me how it should look"))
            #expect(output.contains("> /skill video-compressor-for-discord-10mb\n✓ Switched to video-compressor-for-discord-10mb 1.0.0. Your session and timeline are kept.\nGive me a video and I'll get it under Discord's upload limit"))
            #expect(output.components(separatedBy: "Connecting...").count == 2, "one connection for the whole session")
            #expect(!output.contains("# switch"))
            #expect(output.contains("> status\nTimeline is empty."))
        }

        @Test func aFailedLineStopsTheScriptUnlessKeepGoing() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let script = "/skill nope\ncredits\n"
            let stopped = try await shell.run(["--skills-dir", skills], input: script)
            #expect(stopped.status == 1)
            #expect(stopped.output.contains("✗ No skill named 'nope'. Installed: video-ai-discord, video-compressor-for-discord-10mb."))
            #expect(!stopped.output.contains("> credits"))

            let continued = try await shell.run(["--skills-dir", skills, "--keep-going"], input: script)
            #expect(continued.status == 1)
            #expect(continued.output.contains("> credits\nCredits: 100 available."))
        }

        @Test func startsOnTheRequestedSkillAndRefusesUnknownOnes() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let sharing = try await shell.run(["--skill", "video-ai-discord", "--skills-dir", skills], input: "")
            #expect(sharing.status == 0)
            #expect(sharing.output.hasPrefix("Bring a clip"))
            let unknown = try await shell.run(["--skill", "video-ai", "--skills-dir", skills], input: "")
            #expect(unknown.status != 0)
            #expect(unknown.errors.contains("No skill named 'video-ai'. Installed: video-ai-discord, video-compressor-for-discord-10mb."))
        }

        @Test func binaryAndOverlongLinesAreRefusedInWords() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            var input = Data("/bogus\u{00}\u{FF}\n".utf8)
            input.append(contentsOf: [0xFF, 0xFE, 0x0A])
            input.append(Data((String(repeating: "x", count: 70_000) + "\ncredits\n").utf8))
            let result = try await shell.run(["--skills-dir", skills, "--keep-going"], bytes: input)
            #expect(result.status == 1)
            #expect(result.output.contains("over the limit of 65536"))
            #expect(result.output.contains("> credits\nCredits: 100 available."))
        }
    }
}
