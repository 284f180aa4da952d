import Foundation
import SkillKit
import SkillShellTestSupport
import Synchronization
import Testing

@testable import LocalStudio
@testable import StudioServer

/// `serve` on a shared machine: bounded requests and stream lines, and clients that are slow on
/// purpose are closed without keeping anyone else waiting.
@Suite(.tags(.network)) struct LimitsTests {
    @Test func slowClientsAreClosedWhileOthersAreServed() async throws {
        let server = try await RunningServer.start(pacing: .milliseconds(2500), idleTimeout: .seconds(1))
        defer { server.stop() }
        let port = server.client.port

        // Connections that send nothing, ones that trickle a header a byte at a time, and ones
        // that stop half way through a body.
        let silent = try (0..<50).map { _ in try RawConnection(port: port) }
        let tricklers = try (0..<50).map { _ in try RawConnection(port: port) }
        for connection in tricklers { connection.send("POST /api/auth/anonymous-token HTTP/1.1\r\nHost: 127.0.0.1\r\n") }
        let stalled = try (0..<20).map { _ in try RawConnection(port: port) }
        for connection in stalled {
            connection.send("POST /api/auth/anonymous-token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{\"a\":")
        }
        // A keep-alive client that finished one request and trickles the next.
        let reused = try RawConnection(port: port)
        reused.send("GET /api/credits/balance/simple HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let trickling = Trickle(tricklers + [reused])
        trickling.start()
        defer { trickling.stop() }

        // Meanwhile an honest client is served, and a chat turn slower than the idle timeout
        // (each step is paced at 2.5 s) streams to its end.
        let token = try await server.token()
        let session = try await server.session(token)
        let turn = try await server.chat(token, session, "hello")
        #expect(turn.status == 200)
        #expect(turn.text.contains("data: "), "\(turn.text)")
        #expect((turn.arrivals.last?.seconds ?? 0) > 2, "the turn was not slower than the timeout; the check proves nothing")

        // By now every slow connection has been closed by the server.
        for (name, group) in [("silent", silent), ("trickling", tricklers), ("stalled in the body", stalled), ("reused", [reused])] {
            let open = group.filter { !$0.isClosed(within: 2) }.count
            #expect(open == 0, "\(open) \(name) connections are still open")
        }
    }

    /// One address holds at most its share: a connection over it is closed as it opens, and
    /// the address is served again once one of its connections goes.
    @Test func oneAddressCannotTakeEverySlot() async throws {
        let server = try await RunningServer.start(perAddress: 3, limitLoopback: true)
        defer { server.stop() }
        let port = server.client.port
        // The server takes connections in its own order, so which one goes is not known.
        var held = try (0..<4).map { _ in try RawConnection(port: port) }
        let closed = held.map { $0.isClosed(within: 1) }
        #expect(closed.filter { $0 }.count == 1, "one of four connections from one address is closed: \(closed)")

        // Closing one of the open ones (the last reference closes the socket).
        held.remove(at: try #require(closed.firstIndex(of: false)))
        // The slot frees once the server has seen the close.
        var token: String?
        let deadline = ContinuousClock.now + .seconds(5)
        while token == nil, ContinuousClock.now < deadline {
            token = try? await server.token()
            if token == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(token != nil, "the address was not served again after closing a connection")
        _ = held
    }

    /// All connections together stay under a cap; one over it waits, unanswered, until a slot
    /// frees, then is served.
    @Test func connectionsOverTheCapWaitForASlot() async throws {
        let server = try await RunningServer.start(maximumConnections: 4)
        defer { server.stop() }
        let port = server.client.port
        var held = try (0..<4).map { _ in try RawConnection(port: port) }
        try await Task.sleep(for: .milliseconds(300))
        let answered = Mutex(false)
        let waiting = Task {
            let token = try await server.token()
            answered.withLock { $0 = true }
            return token
        }
        try await Task.sleep(for: .seconds(1))
        #expect(!answered.withLock { $0 }, "a fifth connection was served while four were open")
        held.removeFirst()
        let token = try await waiting.value
        #expect(token.count > 16)
        _ = held
    }

    @Test func oversizedRequestsGetASentence() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)

        let longMessage = try await server.chat(token, session, String(repeating: "trim it ", count: 5000))
        #expect(longMessage.status == 400 && longMessage.code == 400)
        #expect((longMessage.json["message"] as? String)?.contains("over 32 KB") == true, "\(longMessage.text)")

        let hugeBody = Data("{\"draft\":\"".utf8) + Data(repeating: UInt8(ascii: "x"), count: 3 << 20) + Data("\"}".utf8)
        let render = try await server.client.send(
            "POST", "/api/render/proxy/lambda",
            headers: RunningServer.attribution.merging(["Authorization": "Bearer \(token)", "Content-Type": "application/json"]) { $1 }, body: hugeBody
        )
        #expect(render.status == 400 && render.code == 400)
        #expect((render.json["message"] as? String)?.contains("over") == true, "\(render.text)")

        // The server is still fine afterwards.
        #expect(try await server.session(token).isEmpty == false)
    }

    @Test func streamLinesStayUnderTheLimit() throws {
        let limit = 64 << 10
        // Text with characters that JSON escapes (6 bytes each) and ones of 4 UTF-8 bytes.
        let text = String(repeating: "cut \u{1}\"é🎬 ", count: 20_000)
        let events = SSEEvents.events(for: .text(text), index: 0, limit: limit)
        #expect(events.count == 1)
        let line = try #require(events.first).jsonText()
        #expect(line.utf8.count <= limit && line.utf8.count > limit - 64, "\(line.utf8.count) bytes")
        let sent = try #require(events.first?["content"]?["parts"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(sent.hasSuffix("…") && text.hasPrefix(sent.dropLast()))

        let draft = JSONValue.array(Array(repeating: .string(String(repeating: "x", count: 1000)), count: 200))
        let tool = SSEEvents.events(for: .tool(name: "edit", arguments: .object(["clip": .string("a")]), response: draft), index: 1, limit: limit)
        #expect(tool.allSatisfy { $0.jsonText().utf8.count <= limit })
        let response = tool.last?["content"]?["parts"]?.arrayValue?.first?["functionResponse"]?["response"]
        #expect(response?["omitted_bytes"]?.doubleValue == Double(draft.jsonText().utf8.count))
        #expect(tool.first?["content"]?["parts"]?.arrayValue?.first?["functionCall"]?["args"]?["clip"]?.stringValue == "a")

        // Small events are sent as they are.
        #expect(SSEEvents.events(for: .text("Done."), index: 2, limit: limit) == SSEEvents.events(for: .text("Done."), index: 2))
    }
}

/// Sends one header byte every 100 ms on each connection, from its own thread, until stopped.
final class Trickle: @unchecked Sendable {
    private let connections: [RawConnection]
    private let lock = NSLock()
    private var running = true

    init(_ connections: [RawConnection]) { self.connections = connections }

    func start() {
        Thread { [self] in
            while lock.withLock({ running }) {
                for connection in connections { connection.send("X") }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }.start()
    }

    func stop() { lock.withLock { running = false } }
}
