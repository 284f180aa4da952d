import Foundation
import SkillShellTestSupport
import Testing

@testable import LocalStudio
@testable import StudioServer

/// `serve`'s graceful stop: no new connections, the request in flight answered in full.
@Suite(.tags(.network)) struct ServerStopTests {
    @Test func aStopLetsTheStreamInFlightFinishAndThenRefusesConnections() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stop-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let studio = try await Studio(configuration: StudioConfiguration(dataDirectory: folder.appendingPathComponent("studio"), pollInterval: .milliseconds(100)))
        // Each step of a chat turn waits 300 ms, so the stream is still open when the stop comes.
        let server = try StudioServer(
            studio: studio, configuration: ServerConfiguration(host: "127.0.0.1", port: 0, stepPacing: .milliseconds(300), heartbeatInterval: .milliseconds(100)))
        let stop = ServerStop()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task { try await server.run(stop: stop) { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let client = TestHTTPClient(port: port)

        let token = try #require(try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "stop"]).data["token"] as? String)
        let session = try #require(try await client.json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, [:]).data["session_id"] as? String)
        let turn = Task {
            try await client.json(
                "POST", "/run_sse", token: token, headers: ["Accept": "text/event-stream"],
                ["app_name": "nemo_agent", "user_id": "me", "session_id": session, "new_message": ["role": "user", "parts": [["text": "hello"]]]])
        }
        try await Task.sleep(for: .milliseconds(150))
        await stop.request()

        let reply = try await turn.value
        #expect(reply.status == 200)
        #expect(reply.text.contains("\"partial\":false"), "the stream was cut: \(reply.text)")
        try await running.value
        #expect(throws: (any Error).self, "the server still accepts connections") { _ = try RawConnection(port: port) }
    }
}
