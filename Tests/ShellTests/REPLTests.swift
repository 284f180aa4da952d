import Foundation
import SkillShellTestSupport
import Testing

/// The interactive shell in a real terminal.
extension ShellSuite {
    @Suite(.serialized, .tags(.terminal), .skippable(.terminal), .enabled(if: TmuxSession.isAvailable, "needs tmux")) struct REPLTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func editsRecallsCompletesAndExits() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let tmux = try TmuxSession(command: [ShellBinary.url.path, "--skills-dir", skills], environment: shell.environment())
            defer { tmux.close() }
            let prompt = "video-compressor-for-discord-10mb> "
            try await tmux.waitFor("the prompt") { $0.contains("Ready.") && $0.contains(prompt.trimmingCharacters(in: .whitespaces)) }

            // A cursor edit: "/skils", Left, "l" makes "/skills".
            try tmux.type("/skils")
            try tmux.send("Left")
            try tmux.type("l")
            try tmux.send("Enter")
            try await tmux.waitFor("the skills list") { $0.contains("* video-compressor-for-discord-10mb 1.0.0 (unknown)") && $0.contains("  video-ai-discord 1.0.0 (unknown)") }

            // Up recalls the line from history.
            try tmux.send("Up")
            try await tmux.waitFor("the recalled line") { _ in (try? tmux.currentLine()) == prompt + "/skills" }
            try tmux.send("C-u")

            // Tab completes "/sk" to "/skill", then a skill name.
            try tmux.type("/sk")
            try tmux.send("Tab")
            try await tmux.waitFor("the completed command") { _ in (try? tmux.currentLine()) == prompt + "/skill" }
            try tmux.type(" video-a")
            try tmux.send("Tab")
            try await tmux.waitFor("the completed skill name") { _ in (try? tmux.currentLine())?.hasSuffix("/skill video-ai-discord") == true }
            try tmux.send("Enter")
            try await tmux.waitFor("the switch") { $0.contains("Switched to video-ai-discord 1.0.0.") && $0.contains("\nvideo-ai-discord>") }

            // UTF-8 input: 状态 is the status command.
            try tmux.type("状态")
            try tmux.send("Enter")
            try await tmux.waitFor("the timeline") { $0.contains("video-ai-discord> 状态") && $0.contains("Timeline is empty.") }

            // Ctrl-C clears a half-typed line and keeps the shell running.
            try tmux.type("half a thought")
            try tmux.send("C-c")
            try await tmux.waitFor("a fresh prompt") { $0.contains("video-ai-discord> half a thought^C\nvideo-ai-discord>") }

            // Ctrl-D on an empty line leaves with status 0.
            try tmux.send("C-d")
            let screen = try await tmux.waitFor("the exit") { $0.contains("[exited 0]") }
            #expect(!screen.contains("half a thought\n✗"), "an interrupted line is not run")

            let history = shell.home.appendingPathComponent(".local/state/skillshell/history")
            let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let saved = try String(contentsOf: history, encoding: .utf8)
            #expect(saved.contains("/skills"))
        }

        @Test func ctrlCTwiceOnAnEmptyLineLeaves() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let tmux = try TmuxSession(command: [ShellBinary.url.path, "--skills-dir", skills], environment: shell.environment())
            defer { tmux.close() }
            try await tmux.waitFor("the prompt") { $0.contains("Ready.") }
            try tmux.send("C-c")
            try await tmux.waitFor("the hint") { $0.contains("Press Ctrl-C again or Ctrl-D to leave.") }
            try tmux.send("C-c")
            try await tmux.waitFor("the exit") { $0.contains("[exited 0]") }
        }
    }
}
