import Foundation
import Hummingbird
import SkillKit
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// Ctrl-C in a real terminal during each long step: it cancels that step only (the transfer
    /// aborted, the encoder ended, temporary files removed) and the prompt comes back.
    @Suite(.serialized, .tags(.terminal, .encodes), .skippable(.terminal, .encodes), .enabled(if: TmuxSession.isAvailable, "needs tmux")) struct CancellationTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path
        static let prompt = "video-compressor-for-discord-10mb>"

        /// The screen ends with "Cancelled." and a fresh, empty prompt.
        static func cancelledAndPrompting(_ screen: String) -> Bool {
            let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let last = lines.last, last == prompt else { return false }
            return lines.dropLast().suffix(3).contains { $0.hasSuffix("Cancelled.") }
        }

        /// Two minutes of 360p: each pass of its export runs for seconds, and a test that stops
        /// it part-way pays only for the part it waited for.
        static let longClip = ClipSpec(width: 640, height: 360, fps: 30, seconds: 120, tone: 440, loopSeconds: 20)

        /// The shell in a terminal, exporting a two-minute clip: the encoder runs for a while.
        func exportInTerminal(_ shell: ShellBinary) async throws -> ToolInTerminal {
            let clip = shell.home.appendingPathComponent("long.mp4")
            try await TestClips.copy(Self.longClip, to: clip)
            return try await ToolInTerminal(shell: shell, skills: skills, clip: clip, request: "export", tool: "ffmpeg")
        }

        static func files(in folder: URL) -> [String] {
            (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
        }

        @Test func ctrlCDuringALocalRenderEndsTheEncoderAndKeepsTheSession() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let export = try await exportInTerminal(shell)
            let tmux = export.tmux
            defer { tmux.close() }
            let encoders = export.running

            // The encoder runs: press Ctrl-C.
            try await tmux.waitFor("the render") { $0.contains("Rendering") || $0.contains("Measuring") }
            try tmux.send("C-c")
            try await tmux.waitFor("the prompt after Ctrl-C", Self.cancelledAndPrompting)

            #expect(encoders().isEmpty, "the encoder outlived the cancel")
            let renders = shell.home.appendingPathComponent(".local/share/skillshell/studio/renders")
            // The record stays, marked cancelled; the folder it was made in is gone.
            let kept = Self.files(in: renders)
            #expect(kept.count == 1 && kept.allSatisfy { $0.hasSuffix(".json") }, "the render's working files stay: \(kept)")
            let record = try kept.first.map { try String(contentsOf: renders.appendingPathComponent($0), encoding: .utf8) } ?? ""
            #expect(record.contains("the render was cancelled."))
            let left = try FileManager.default.contentsOfDirectory(atPath: shell.home.path).filter { $0.hasSuffix(".mp4") || $0.hasSuffix(".part") }
            #expect(left == ["long.mp4"], "a partial export stays: \(left)")
            let pending = PendingExports(file: shell.home.appendingPathComponent(".local/state/skillshell/pending-exports.json"))
            #expect(pending.entries().isEmpty, "the cancelled render would be resumed on the next start")

            // The session goes on.
            try tmux.type("status")
            try tmux.send("Enter")
            try await tmux.waitFor("the timeline") { $0.contains("Timeline (1 track)") }
            try tmux.send("C-d")
            try await tmux.waitFor("the exit") { $0.contains("[exited 0]") }
        }

        /// The shell told to stop (SIGTERM), or its terminal closed (SIGHUP), takes the encoder
        /// with it: the encoder runs in its own process group, out of the terminal's reach.
        @Test(arguments: [SIGTERM, SIGHUP])
        func stoppingTheShellEndsItsEncoder(signal: Int32) async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let export = try await exportInTerminal(shell)
            let tmux = export.tmux
            defer { tmux.close() }
            let running = export.running()
            let shellProcess = export.shell

            if signal == SIGTERM {
                kill(shellProcess.pid, SIGTERM)
                try await tmux.waitFor("the exit") { $0.contains("[exited 143]") }
            } else {
                tmux.close()  // the terminal goes away: SIGHUP to the shell
            }
            // Orphans are adopted by init, so look for the encoders' pids, not the shell's children.
            let isRunning = ProcessTable.isRunning
            let deadline = ContinuousClock.now + .seconds(5)
            while running.contains(where: { isRunning($0.pid) }) || isRunning(shellProcess.pid), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(!running.contains { isRunning($0.pid) }, "the encoder outlived the shell")
            #expect(!isRunning(shellProcess.pid), "the shell did not stop")
        }

        /// Ctrl-C on a scripted session (no terminal, so no turn to cancel) ends it, and its
        /// encoder with it: the encoder is in its own process group, out of Ctrl-C's reach.
        @Test func ctrlCOnAScriptedSessionEndsItsEncoder() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            try await TestClips.copy(Self.longClip, to: shell.home.appendingPathComponent("long.mp4"))
            let process = try shell.launch(["--skills-dir", skills], input: "long.mp4\nexport\n")
            let deadline = ContinuousClock.now + .seconds(60)
            var encoders: [ProcessTable.Entry] = []
            while encoders.isEmpty, ContinuousClock.now < deadline {
                encoders = ProcessTable().descendants(of: process.processIdentifier).filter { $0.arguments.first?.hasSuffix("/ffmpeg") == true && $0.commandLine.contains("libx264") }
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(!encoders.isEmpty, "the export's encoder never started")
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            #expect(process.terminationStatus == 128 + SIGINT)
            let isRunning = ProcessTable.isRunning
            let gone = ContinuousClock.now + .seconds(5)
            while encoders.contains(where: { isRunning($0.pid) }), ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!encoders.contains { isRunning($0.pid) }, "the encoder outlived the scripted session")
        }

        /// Ctrl-C while the local studio transcribes speech for captions: the recogniser is
        /// ended, its audio file removed, no half transcript is kept, and the session goes on.
        @Test func ctrlCDuringSpeechRecognitionEndsTheRecogniser() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            // Four minutes of speech: long enough that the recogniser is still busy when Ctrl-C comes.
            let speech = shell.home.appendingPathComponent("speech.wav")
            let spoken = try await Tool.run("/usr/bin/env", ["espeak-ng", "-s", "160", "-w", speech.path, CaptionsJobTests.sentence])
            #expect(spoken.status == 0, "\(spoken.errors)")
            let clip = shell.home.appendingPathComponent("talk.mp4")
            try await Tool.ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-stream_loop", "-1", "-i", speech.path, "-t", "240",
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", clip.path,
            ])
            let prompt = "video-ai-discord>"
            let listening = try await ToolInTerminal(
                shell: shell, skills: skills, skill: "video-ai-discord", clip: clip, request: "add captions", tool: "python3"
            )
            let tmux = listening.tmux
            defer { tmux.close() }
            let recognisers = listening.running
            try tmux.send("C-c")
            try await tmux.waitFor("the prompt after Ctrl-C") { screen in
                let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return lines.last == prompt && lines.dropLast().suffix(3).contains { $0.hasSuffix("Cancelled.") }
            }

            // Ended, not left to finish in the background; nothing half done is kept.
            let waitEnd = ContinuousClock.now + .seconds(5)
            while !recognisers().isEmpty, ContinuousClock.now < waitEnd { try await Task.sleep(for: .milliseconds(50)) }
            #expect(recognisers().isEmpty, "the recogniser outlived the cancel")
            let studio = shell.home.appendingPathComponent(".local/share/skillshell/studio")
            let stray = Self.files(in: studio).filter { $0.hasSuffix(".wav") || $0.hasSuffix("words.json") }
            #expect(stray.isEmpty, "left behind: \(stray)")

            // The session goes on, with the clip and without captions.
            try tmux.type("status")
            try tmux.send("Enter")
            let screen = try await tmux.waitFor("the timeline") { $0.contains("Timeline (1 track)") }
            #expect(!screen.contains("Captions:"), "\(screen)")
            try tmux.send("C-d")
            try await tmux.waitFor("the exit") { $0.contains("[exited 0]") }
        }

        /// One session against a server that is slow at every step: a chat turn that never
        /// ends, an upload read slowly, a render that never finishes, a download that trickles.
        @Test func ctrlCCancelsEachCloudStepAndTheSessionGoesOn() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let big = shell.home.appendingPathComponent("big.mp4")
            // An MP4's first box, then zeros: enough for the client's signature check.
            #expect(FileManager.default.createFile(atPath: big.path, contents: Data([0, 0, 0, 0x18] + Array("ftypisom".utf8))))
            try FileHandle(forWritingTo: big).truncate(atOffset: 64 << 20)

            let seen = SlowServerLog()
            let server = try await FaultServer.start { router in
                FaultServer.basics(router)
                router.post("/run_sse") { _, _ in
                    Response(
                        status: .ok, headers: [.contentType: "text/event-stream"],
                        body: ResponseBody { writer in
                            do {
                                try await writer.write(ByteBuffer(string: FaultServer.text("Looking at it now. ")))
                                for _ in 0..<600 {
                                    try await Task.sleep(for: .milliseconds(100))
                                    try await writer.write(ByteBuffer(string: ": still here\n\n"))
                                }
                                try await writer.finish(nil)
                            } catch {
                                await seen.note("chat closed")
                                throw error
                            }
                        })
                }
                router.post("/api/upload-video/nemo_agent/me/:session") { request, _ in
                    var received = 0
                    do {
                        for try await chunk in request.body {
                            received += chunk.readableBytes
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    } catch {
                        await seen.note("upload cut after \(received) bytes")
                        throw error
                    }
                    await seen.note(received < 64 << 20 ? "upload cut after \(received) bytes" : "upload complete")
                    return FaultServer.ok(#"{"files":[{"filename":"big.mp4","duration":60,"width":1280,"height":720,"fps":30}]}"#)
                }
                // Retry-After keeps the shell polling every second rather than every 30.
                let again: HTTPFields = [.retryAfter: "1"]
                router.post("/api/render/proxy/lambda") { _, _ in
                    FaultServer.json(#"{"code":0,"message":"ok","data":{"status":"processing","progress":5}}"#, headers: again)
                }
                router.get("/api/render/proxy/lambda/:id") { _, context in
                    let id = context.parameters.get("id") ?? ""
                    guard await seen.renderCompletes else {
                        return FaultServer.json(#"{"code":0,"message":"ok","data":{"id":"\#(id)","status":"processing","progress":12}}"#, headers: again)
                    }
                    return FaultServer.ok(#"{"id":"\#(id)","status":"completed","progress":100,"output":{"url":"/api/render/proxy/\#(id)/download","duration":60,"size":20971520}}"#)
                }
                router.get("/api/render/proxy/:id/download") { _, _ in
                    Response(
                        status: .ok, headers: [.contentType: "video/mp4", .contentLength: String(20 << 20)],
                        body: ResponseBody { writer in
                            do {
                                for _ in 0..<640 {
                                    try await writer.write(ByteBuffer(repeating: 0, count: 32 << 10))
                                    try await Task.sleep(for: .milliseconds(100))
                                }
                                try await writer.finish(nil)
                            } catch {
                                await seen.note("download closed")
                                throw error
                            }
                        })
                }
            }
            defer { server.stop() }

            let tmux = try TmuxSession(
                command: [ShellBinary.url.path, "--skills-dir", skills, "--output", shell.home.path, "--backend", server.base.absoluteString],
                environment: shell.environment()
            )
            defer { tmux.close() }
            try await tmux.waitFor("the prompt") { $0.contains(Self.prompt) }
            var cancels = 0
            func cancel(when description: String, _ ready: @escaping (String) -> Bool) async throws {
                try await tmux.waitFor(description, ready)
                try tmux.send("C-c")
                try await tmux.waitFor("the prompt after Ctrl-C \(description)") { screen in
                    screen.components(separatedBy: "Cancelled.").count - 1 == cancels + 1 && Self.cancelledAndPrompting(screen)
                }
                cancels += 1
            }

            // A chat turn: the stream is closed, not left open in the background.
            try tmux.type("make it pop")
            try tmux.send("Enter")
            try await cancel(when: "during the chat turn") { $0.contains("Looking at it now.") }
            try await seen.waitFor("chat closed")

            // An upload: the transfer stops part way.
            try tmux.type(big.path)
            try tmux.send("Enter")
            try await cancel(when: "during the upload") { $0.contains("Uploading") && $0.contains("MB") }
            let upload = try await seen.waitFor("upload cut after")
            #expect(!(await seen.notes.contains("upload complete")), "\(upload)")

            // A render wait: the record of the render is dropped, since the user gave it up.
            try tmux.type("export")
            try tmux.send("Enter")
            try await cancel(when: "during the render wait") { $0.contains("Rendering") }
            let pending = PendingExports(file: shell.home.appendingPathComponent(".local/state/skillshell/pending-exports.json"))
            #expect(pending.entries().isEmpty)
            #expect(try tmux.screen().contains("may still finish that render on its side; it will not be downloaded."))

            // A download: the connection is closed and no partial file stays.
            await seen.completeRenders()
            try tmux.type("export")
            try tmux.send("Enter")
            try await cancel(when: "during the download") { $0.contains("Downloading") && $0.contains("MB") }
            try await seen.waitFor("download closed")
            let left = try FileManager.default.contentsOfDirectory(atPath: shell.home.path).filter { $0 != "big.mp4" && !$0.hasPrefix(".") || $0.hasSuffix(".part") }
            #expect(left.isEmpty, "a partial download stays: \(left)")
            #expect(pending.entries().isEmpty)

            // The session goes on.
            try tmux.type("status")
            try tmux.send("Enter")
            try await tmux.waitFor("the timeline") { $0.contains("Timeline (1 track)") }
            try tmux.send("C-d")
            try await tmux.waitFor("the exit") { $0.contains("[exited 0]") }
        }
    }
}

/// What the slow server saw, for the test to wait on.
actor SlowServerLog {
    private(set) var notes: [String] = []
    private(set) var renderCompletes = false

    func note(_ text: String) { notes.append(text) }

    func completeRenders() { renderCompletes = true }

    /// The first note starting with `prefix`, waiting up to ten seconds for it.
    @discardableResult
    func waitFor(_ prefix: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let note = notes.first(where: { $0.hasPrefix(prefix) }) { return note }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("the server never saw '\(prefix)'; it saw \(notes)")
    }
}

/// The shell in tmux on its embedded studio, a clip uploaded and a request typed, once the
/// tool the request needs (ffmpeg, the speech recogniser) runs.
struct ToolInTerminal {
    let tmux: TmuxSession
    let shell: ProcessTable.Entry
    let tool: String

    init(shell binary: ShellBinary, skills: String, skill: String? = nil, clip: URL, request: String, tool: String) async throws {
        self.tool = tool
        let choice = skill.map { ["--skill", $0] } ?? []
        tmux = try TmuxSession(
            command: [ShellBinary.url.path] + choice + ["--skills-dir", skills, "--output", binary.home.path], environment: binary.environment()
        )
        do {
            try await tmux.waitFor("the prompt") { $0.contains("Ready.") }
            try tmux.type(clip.path)
            try tmux.send("Enter")
            try await tmux.waitFor("the upload") { $0.contains("Uploaded \(clip.lastPathComponent)") }
            try tmux.type(request)
            try tmux.send("Enter")
            shell = try #require(ProcessTable().first(running: ShellBinary.url, with: binary.home.path))
        } catch {
            tmux.close()
            throw error
        }
        let deadline = ContinuousClock.now + .seconds(60)
        var seen = running()
        while seen.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            seen = running()
        }
        guard !seen.isEmpty else {
            tmux.close()
            throw TestFailure("\(tool) never started: \((try? tmux.screen()) ?? "")")
        }
    }

    /// The processes of ``tool`` below the shell.
    func running() -> [ProcessTable.Entry] {
        ProcessTable().descendants(of: shell.pid).filter { $0.arguments.first?.hasSuffix("/\(tool)") == true }
    }
}
