import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// The skillshell binary as a cloud client (libcurl) of `skillshell serve` run as its own process.
    @Suite(.tags(.encodes, .network), .skippable(.encodes)) struct CloudSessionTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path

        @Test func aScriptedSessionRunsThroughLibcurlAgainstServe() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let server = try await ServeProcess.start(data: shell.home.appendingPathComponent("serve-data"))
            defer { server.stop() }
            let address = server.address
            try await TestClips.copy(ClipSpec(width: 640, height: 360, fps: 30, seconds: 4, tone: 440), to: shell.home.appendingPathComponent("clip.mp4"))

            let script = "clip.mp4\ncompress this video under 1MB for Discord upload\nstatus\nexport\ncredits\n"
            let result = try await shell.run(["--backend", address, "--skills-dir", skills], input: script)
            #expect(result.status == 0, "\(result.output)\n\(result.errors)")
            #expect(result.output.contains("✓ Uploaded clip.mp4 (4s, 640x360, 30 fps)."))
            #expect(result.output.contains("Timeline (1 track):"))
            #expect(result.output.contains("✓ Fits under 1 MB"))
            #expect(result.output.contains("Credits: 99 available."))
            let saved = shell.home.appendingPathComponent("clip-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: saved.path)[.size] as? NSNumber)?.intValue)
            #expect(size > 0 && size <= 1_000_000)

            // The starter token: kept 0600 in a 0700 folder, and nowhere in what the shell printed.
            let folder = shell.home.appendingPathComponent(".config/nemovideo")
            let tokenFile = folder.appendingPathComponent("anonymous-token.json")
            let attributes = { (url: URL) in (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue }
            #expect(attributes(folder) == 0o700)
            #expect(attributes(tokenFile) == 0o600)
            #expect(attributes(folder.appendingPathComponent("client_id")) == 0o600)
            let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: tokenFile)) as? [String: [String: Any]]
            let token = try #require(stored?.values.first?["token"] as? String)
            #expect(token.count > 16)
            #expect(!result.output.contains(token) && !result.errors.contains(token))
            // Every other file the shell or serve wrote (history, state, serve's data) is swept for it.
            for file in (try? FileManager.default.subpathsOfDirectory(atPath: shell.home.path)) ?? [] where !file.hasSuffix("anonymous-token.json") {
                guard let data = try? Data(contentsOf: shell.home.appendingPathComponent(file)) else { continue }
                #expect(data.range(of: Data(token.utf8)) == nil, "\(file) holds the token")
            }

            // The project link the shell printed opens serve's page for this session.
            let prefix = "Open this project in your browser: "
            let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix(prefix) }, "\(result.output)")
            let link = String(line.dropFirst(prefix.count))
            #expect(link.hasPrefix("\(address)/workspace/claim?ct=clm_") && !link.contains(token))
            #expect(result.output.components(separatedBy: prefix).count - 1 == 2, "at the start and after the export")
            let page = try String(contentsOf: try #require(URL(string: link)), encoding: .utf8)
            #expect(page.contains("<svg id=\"timeline\"") && page.contains("<video controls"))
        }

        @Test func anExportInterruptedByKillingTheShellIsFinishedOnTheNextStart() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let server = try await ServeProcess.start(data: shell.home.appendingPathComponent("serve-data"))
            defer { server.stop() }
            let address = server.address
            try await TestClips.copy(ClipSpec(width: 640, height: 360, fps: 30, seconds: 20, tone: 440, loopSeconds: 10), to: shell.home.appendingPathComponent("long.mp4"))

            // The first run starts the export and is killed while the render runs.
            let process = try shell.launch(["--backend", address, "--skills-dir", skills], input: "long.mp4\nexport 2MB\n")
            // The shell writes its record before the request leaves, so the kill waits until the
            // server has the render too; killed earlier, the next start rightly says the server
            // does not know that export.
            let pending = shell.home.appendingPathComponent(".local/state/skillshell/pending-exports.json")
            let renders = shell.home.appendingPathComponent("serve-data/studio/renders")
            let deadline = Date().addingTimeInterval(60)
            func renderIsOnBothSides() -> Bool {
                let text = (try? String(contentsOf: pending, encoding: .utf8)) ?? ""
                guard let range = text.range(of: #"render_[A-Za-z0-9_-]+"#, options: .regularExpression) else { return false }
                return FileManager.default.fileExists(atPath: renders.appendingPathComponent("\(text[range]).json").path)
            }
            while Date() < deadline, !renderIsOnBothSides() {
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try String(contentsOf: pending, encoding: .utf8).contains("render_"), "the render id was on disk before the kill")
            #expect(!FileManager.default.fileExists(atPath: shell.home.appendingPathComponent("long-discord.mp4").path))

            // The next start finds it, waits for the render and saves the file.
            let again = try await shell.run(["--backend", address, "--skills-dir", skills], input: "")
            #expect(again.status == 0, "\(again.output)\n\(again.errors)")
            #expect(again.output.contains("Finishing an export left from before..."), "\(again.output)")
            let saved = shell.home.appendingPathComponent("long-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: saved.path)[.size] as? NSNumber)?.intValue)
            #expect(size > 0 && size <= 2_000_000)
            #expect(!(try String(contentsOf: pending, encoding: .utf8).contains("render_")))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: shell.home.path).filter { $0.hasSuffix(".part") }
            #expect(leftovers.isEmpty)
        }

        /// Killed after writing its record but before the request left, the shell holds a render
        /// the server never received: the next start names it once and forgets it. A record from
        /// another server on the same host is left for that server.
        @Test func aRenderTheServerNeverReceivedIsNamedAndForgotten() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let server = try await ServeProcess.start(data: shell.home.appendingPathComponent("serve-data"))
            defer { server.stop() }
            let address = server.address
            let state = shell.home.appendingPathComponent(".local/state/skillshell")
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            let pending = state.appendingPathComponent("pending-exports.json")
            func entry(_ id: String, backend: String) -> String {
                #"{"backend":"\#(backend)","folder":"\#(shell.home.path)","format":"mp4","options":{},"renderID":"\#(id)","#
                    + #""sessionID":"missing","skill":"video-compressor-for-discord-10mb","startedAt":1700000000,"stem":"clip-discord"}"#
            }
            try Data("[\(entry("render_never_sent", backend: address)),\(entry("render_elsewhere", backend: "http://127.0.0.1:1"))]".utf8).write(to: pending)

            let first = try await shell.run(["--backend", address, "--skills-dir", skills], input: "")
            #expect(first.status == 0, "\(first.output)\n\(first.errors)")
            let said = first.output + first.errors
            #expect(said.contains("Finishing an export left from before..."), "\(said)")
            #expect(said.contains("no longer knows the export render_never_sent; export again."), "\(said)")
            let left = try String(contentsOf: pending, encoding: .utf8)
            #expect(!left.contains("render_never_sent"))
            #expect(left.contains("render_elsewhere"), "a record of another server is kept")

            let second = try await shell.run(["--backend", address, "--skills-dir", skills], input: "")
            #expect(!(second.output + second.errors).contains("render_never_sent"))
            #expect(!(second.output + second.errors).contains("Finishing"))
        }
    }
}
