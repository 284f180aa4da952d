import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// `skillshell serve` as a separate process, killed with SIGKILL mid-render and started again.
@Suite(.tags(.encodes, .network), .skippable(.encodes)) struct RestartTests {
    /// A server on `data` with a 360p clip uploaded and a render under 3 MB caught mid-way (a
    /// render of `seconds` of 360p takes about a fifth of that on two cores).
    struct RenderInProgress {
        var server: ServeProcess
        var client: TestHTTPClient
        var token: String
        var id: String
    }

    static func startRender(in data: URL, seconds: Int) async throws -> RenderInProgress {
        let clip = try await TestClips.data(ClipSpec(width: 640, height: 360, fps: 30, seconds: Double(seconds), tone: 440, loopSeconds: 10))

        let server = try await ServeProcess.start(data: data)
        let client = TestHTTPClient(port: server.port)
        let token = try #require(try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "restart"]).data["token"] as? String)
        let session = try #require(try await client.json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, [:]).data["session_id"] as? String)
        let (body, type) = TestHTTPClient.multipart([("long.mp4", clip)])
        _ = try await client.send("POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(token)", "Content-Type": type], body: body)
        let state = try await client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        // Made by the one maker of render ids in this test process: a clock-based id of its own
        // could equal a render of another test running at the same millisecond, whose encoder
        // `encoders(of:)` would then count as this one's.
        let id = RenderRequest.makeID()
        let started = try await client.json(
            "POST", "/api/render/proxy/lambda", token: token,
            headers: [
                "X-Skill-Source": "t", "X-Skill-Version": "1", "X-Skill-Platform": "unknown",
            ], ["id": id, "sessionId": session, "draft": (state.data["state"] as? [String: Any])?["draft"] ?? [:], "output": ["target_size_bytes": 3_000_000]])
        #expect(started.code == 0)

        // Wait until the encoder is really at work.
        var progress = 0.0
        let deadline = Date().addingTimeInterval(60)
        while progress < 5, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            progress = try await client.json("GET", "/api/render/proxy/lambda/\(id)", token: token).data["progress"] as? Double ?? 0
        }
        #expect(progress >= 5 && progress < 100, "the render was caught mid-way (\(progress)%)")
        return RenderInProgress(server: server, client: client, token: token, id: id)
    }

    /// Polls until the render ends; returns its last status.
    static func waitForEnd(of id: String, client: TestHTTPClient, token: String) async throws -> [String: Any] {
        var status: [String: Any] = [:]
        let finish = Date().addingTimeInterval(180)
        repeat {
            try await Task.sleep(for: .milliseconds(500))
            let response = try await client.json("GET", "/api/render/proxy/lambda/\(id)", token: token)
            #expect(response.code == 0, "the client can still ask for the render: \(response.text)")
            status = response.data
        } while !["completed", "failed"].contains(status["status"] as? String ?? "") && Date() < finish
        return status
    }

    /// The ffmpeg processes working on render `id`.
    static func encoders(of id: String) -> [ProcessTable.Entry] {
        ProcessTable().entries.filter { $0.commandLine.contains("ffmpeg") && $0.commandLine.contains(id) }
    }

    @Test func aRenderInterruptedByAKillEndsWithAnAnswer() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: data) }
        let render = try await Self.startRender(in: data, seconds: 30)
        let (id, token) = (render.id, render.token)
        render.server.stop(SIGKILL)

        let restarted = try await ServeProcess.start(data: data)
        defer { restarted.stop() }
        let status = try await Self.waitForEnd(of: id, client: TestHTTPClient(port: restarted.port), token: token)
        let phase = status["status"] as? String
        #expect(phase == "completed" || (phase == "failed" && !(status["error"] as? String ?? "").isEmpty), "\(status)")
        if phase == "completed" {
            let size = (status["output"] as? [String: Any])?["size"] as? Int ?? .max
            #expect(size <= 3_000_000)
        }
        #expect(Self.encoders(of: id).isEmpty, "no orphaned encoder is left running")
    }

    /// `serve` told to stop (SIGTERM, as a service manager does, or Ctrl-C in its terminal)
    /// takes its encoder with it; the render is taken over by the next start.
    @Test(arguments: [SIGTERM, SIGINT])
    func aStoppedServerLeavesNoEncoderBehind(signal: Int32) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: data) }
        let render = try await Self.startRender(in: data, seconds: 20)
        // Between two passes no encoder runs for a moment; stop it while one does.
        let busy = Date().addingTimeInterval(10)
        while Self.encoders(of: render.id).isEmpty, Date() < busy {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!(Self.encoders(of: render.id)).isEmpty)

        #expect(render.server.stop(signal) == 128 + signal)
        let deadline = Date().addingTimeInterval(5)
        while !(Self.encoders(of: render.id)).isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(Self.encoders(of: render.id).isEmpty, "the encoder outlived serve")

        // Stopped, not failed: the next start on the folder renders it.
        let restarted = try await ServeProcess.start(data: data)
        defer { restarted.stop() }
        let status = try await Self.waitForEnd(of: render.id, client: TestHTTPClient(port: restarted.port), token: render.token)
        #expect(status["status"] as? String == "completed", "\(status)")
    }

    /// Two studios on one data folder (a shell in each of two terminals, or a shell beside
    /// `serve`): the second to start leaves the first one's live render alone, where it used
    /// to end its encoder and run the render again itself.
    @Test func aSecondStudioLeavesALiveRenderAlone() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("second-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: data) }
        let render = try await Self.startRender(in: data, seconds: 40)
        defer { render.server.stop() }

        let second = try await ServeProcess.start(data: data)
        defer { second.stop() }
        // Had it taken the render over, its own encoder would start at once.
        let watchUntil = Date().addingTimeInterval(2)
        var parents: Set<Int32> = []
        while Date() < watchUntil {
            parents.formUnion(Self.encoders(of: render.id).map(\.parent))
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!parents.contains(second.processIdentifier), "the second studio runs the first one's render")
        #expect(parents.contains(render.server.processIdentifier), "the first studio's encoder stopped")

        let status = try await Self.waitForEnd(of: render.id, client: render.client, token: render.token)
        #expect(status["status"] as? String == "completed", "\(status)")
        #expect(!(status["message"] as? String ?? "").contains("Resumed after a restart"), "\(status)")
    }
}
