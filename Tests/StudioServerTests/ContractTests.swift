import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio
@testable import StudioServer

/// The cloud's contract, over real HTTP on 127.0.0.1.
@Suite(.serialized, .tags(.network)) struct ContractTests {
    @Test func anonymousTokensAndAuthErrors() async throws {
        let clock = TestClock()
        let server = try await RunningServer.start(tokenLifetime: 3600, clock: clock)
        defer { server.stop() }
        let client = server.client

        let missing = try await client.send("POST", "/api/auth/anonymous-token")
        #expect(missing.status == 400 && missing.code == 400)

        let first = try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "client-a"])
        #expect(first.status == 200 && first.code == 0 && first.json["message"] as? String == "ok")
        let token = try #require(first.data["token"] as? String)
        #expect(token.hasPrefix("nmv_usr_"))
        #expect(first.data["credits"] as? Int == 100)
        #expect((first.data["user_id"] as? String)?.hasPrefix("anon_") == true)
        #expect((first.data["expires_at"] as? Double ?? 0) > Date().timeIntervalSince1970)

        let again = try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "client-a"])
        #expect(again.status == 429 && again.code == 429)
        #expect(Int(again.headers["retry-after"] ?? "") != nil)

        for bad in [nil, "Bearer nmv_usr_nope", "Basic abc"] {
            let response = try await client.send("GET", "/api/credits/balance/simple", headers: bad.map { ["Authorization": $0] } ?? [:])
            #expect(response.status == 401 && response.code == 1001)
        }
        let credits = try await client.json("GET", "/api/credits/balance/simple", token: token)
        #expect(credits.code == 0)
        #expect(credits.data["available"] as? Int == 100 && credits.data["frozen"] as? Int == 0 && credits.data["total"] as? Int == 100)

        clock.advance(by: 3601)
        let expired = try await client.json("GET", "/api/credits/balance/simple", token: token)
        #expect(expired.code == 1001, "tokens expire")
        let renewed = try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "client-a"])
        #expect(renewed.code == 0, "the client id may ask again once the window has passed")
    }

    @Test func sessionsAndUnknownSessions() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        #expect(UInt64(session) != nil, "session ids are numeric strings")

        let state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        #expect(state.code == 0)
        let payload = try #require(state.data["state"] as? [String: Any])
        #expect(Set(payload.keys) == ["draft", "video_infos", "canvas_config", "generated_media"])

        let unknown = try await server.client.json("GET", "/api/state/nemo_agent/me/123/latest", token: token)
        #expect(unknown.status == 404 && unknown.code == 1002)
        let chat = try await server.chat(token, "123", "hello")
        #expect(chat.code == 1002)
        let upload = try await server.upload(token, "123", name: "a.mp4", data: Data("x".utf8))
        #expect(upload.code == 1002)

        // Another user's session is as unknown as a missing one.
        let other = try await server.token()
        let foreign = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: other)
        #expect(foreign.code == 1002)

        let malformed = try await server.client.send("POST", "/run_sse", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: Data("{not json".utf8))
        #expect(malformed.status == 400 && malformed.code == 400)
    }

    @Test func uploadsAreProbedAndBadOnesRefusedBeforeStorage() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let clip = try await TestClips.data()

        let response = try await server.upload(token, session, name: "../../escape.mp4", data: clip)
        #expect(response.code == 0, "\(response.text)")
        let file = try #require((response.data["files"] as? [[String: Any]])?.first)
        #expect(file["filename"] as? String == "escape.mp4")
        #expect(file["file_type"] as? String == "video")
        #expect(file["width"] as? Int == 320 && file["height"] as? Int == 240 && file["fps"] as? Int == 25)
        #expect(abs((file["duration"] as? Double ?? 0) - 3) < 0.2)
        #expect((file["hash"] as? String)?.count == 64)
        #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("escape.mp4").path))

        let text = try await server.upload(token, session, name: "notes.txt", data: Data("hello".utf8))
        #expect(text.status == 415 && text.code == 4001)
        let huge = try await server.client.send(
            "POST", "/api/upload-video/nemo_agent/me/\(session)",
            headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=x",
            ], body: Data("--x\r\n".utf8), declaredLength: 600_000_000)
        #expect(huge.status == 413 && huge.code == 4002)
        let incoming = try FileManager.default.contentsOfDirectory(atPath: server.studio.incomingFolder.path)
        #expect(incoming.isEmpty, "nothing of a refused upload is kept: \(incoming)")

        let state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        let draft = Draft(json: JSONValue.parse(try JSONSerialization.data(withJSONObject: (state.data["state"] as? [String: Any])?["draft"] ?? [:])) ?? .null)
        #expect(TimelineSummary(draft).oneLine == "Timeline (1 track): 1. Video: escape.mp4 (0-3s)")
    }

    @Test func chatStreamsCanonicalEventsOneByOneAndCostsCredits() async throws {
        let server = try await RunningServer.start(credits: 2, pacing: .milliseconds(250))
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        _ = try await server.upload(token, session, name: "clip.mp4", data: try await TestClips.data())

        let turn = try await server.chat(token, session, "trim to the first 2 seconds and add a title \"GG\" for 1 second")
        #expect(turn.status == 200)
        #expect(turn.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let events = turn.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        let decoded = events.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(decoded.count == events.count && decoded.count == 5)
        for event in decoded {
            #expect(event["author"] as? String == "nemo_agent" && event["partial"] as? Bool == false && event["id"] is String)
            #expect((event["content"] as? [String: Any])?["role"] as? String == "model")
        }
        let parts = decoded.compactMap { (($0["content"] as? [String: Any])?["parts"] as? [[String: Any]])?.first }
        #expect(parts.filter { $0["functionCall"] != nil }.count == 2)
        #expect(parts.filter { $0["functionResponse"] != nil }.count == 2)
        #expect((parts.last?["text"] as? String)?.contains("trimmed") == true)
        #expect(turn.text.contains(": ping"), "heartbeats keep the stream alive")

        // Arrival times: the events came over several hundred milliseconds, not in one piece.
        let times = turn.arrivals.filter { String(decoding: $0.bytes, as: UTF8.self).contains("data: ") }.map(\.seconds)
        #expect(times.count >= 3, "events arrived in \(times.count) pieces")
        #expect((times.last ?? 0) - (times.first ?? 0) >= 0.4)

        let credits = try await server.client.json("GET", "/api/credits/balance/simple", token: token)
        #expect(credits.data["available"] as? Int == 1)
        _ = try await server.chat(token, session, "mute it")
        let broke = try await server.chat(token, session, "mute it again")
        #expect(broke.status == 403 && broke.code == 2001)
        #expect((broke.data["bind_id"] as? String)?.hasPrefix("anon_") == true)
    }

    @Test func silentTurnsCarryToolStepsButNoText() async throws {
        let server = try await RunningServer.start(silentShare: 1)
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        _ = try await server.upload(token, session, name: "clip.mp4", data: try await TestClips.data())
        let turn = try await server.chat(token, session, "mute it")
        #expect(turn.text.contains("functionCall") && turn.text.contains("functionResponse"))
        #expect(!turn.text.contains(#""text":"#), "the turn ends without text, as a third of the cloud's edits do")
        let state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        #expect(state.text.contains(#""vol":0"#), "the edit was applied all the same")
    }

    @Test(.tags(.encodes), .skippable(.encodes)) func rendersCompleteAndDownloadWithRanges() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        _ = try await server.upload(token, session, name: "clip.mp4", data: try await TestClips.data())
        let state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        let draft = (state.data["state"] as? [String: Any])?["draft"] ?? [:]
        let id = "render_\(Int64(Date().timeIntervalSince1970 * 1000))"
        let body: [String: Any] = ["id": id, "sessionId": session, "draft": draft, "output": ["format": "mp4", "quality": "high", "target_size_bytes": 200_000]]

        let blocked = try await server.client.json("POST", "/api/render/proxy/lambda", token: token, body)
        #expect(blocked.status == 402 && blocked.code == 402)

        let started = try await server.client.json("POST", "/api/render/proxy/lambda", token: token, headers: RunningServer.attribution, body)
        #expect(started.code == 0 && started.data["id"] as? String == id)
        var status = started
        let deadline = Date().addingTimeInterval(90)
        while (status.data["status"] as? String) != "completed" && (status.data["status"] as? String) != "failed" && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            status = try await server.client.json("GET", "/api/render/proxy/lambda/\(id)", token: token)
            // The pace follows the render (clients poll at most ten times), within 1 to 30 s.
            #expect((1...30).contains(Int(status.headers["retry-after"] ?? "") ?? 0))
        }
        #expect(status.data["status"] as? String == "completed", "\(status.text)")
        #expect(status.data["progress"] as? Int == 100)
        let output = try #require(status.data["output"] as? [String: Any])
        let size = try #require(output["size"] as? Int)
        #expect(size > 50_000 && size <= 200_000)
        #expect((output["url"] as? String)?.hasSuffix("/api/render/proxy/\(id)/download") == true)

        let whole = try await server.client.send("GET", "/api/render/proxy/\(id)/download", headers: ["Authorization": "Bearer \(token)"])
        #expect(whole.status == 200 && whole.body.count == size && whole.headers["content-length"] == String(size))
        #expect(whole.headers["accept-ranges"] == "bytes")
        let part = try await server.client.send("GET", "/api/render/proxy/\(id)/download", headers: ["Authorization": "Bearer \(token)", "Range": "bytes=100-199"])
        #expect(part.status == 206 && part.body == whole.body[100..<200] && part.headers["content-range"] == "bytes 100-199/\(size)")
        let tail = try await server.client.send("GET", "/api/render/proxy/\(id)/download", headers: ["Authorization": "Bearer \(token)", "Range": "bytes=-10"])
        #expect(tail.body == whole.body.suffix(10))
        let beyond = try await server.client.send("GET", "/api/render/proxy/\(id)/download", headers: ["Authorization": "Bearer \(token)", "Range": "bytes=\(size)-"])
        #expect(beyond.status == 416)

        let stranger = try await server.token()
        #expect(try await server.client.json("GET", "/api/render/proxy/lambda/\(id)", token: stranger).status == 404)
        #expect(try await server.client.send("GET", "/api/render/proxy/\(id)/download", headers: ["Authorization": "Bearer \(stranger)"]).status == 404)
        for hostile in ["..%2F..%2Fetc", "render_1%2F..%2F..", "%2e%2e"] {
            #expect(try await server.client.json("GET", "/api/render/proxy/lambda/\(hostile)", token: token).status == 404)
        }
    }

    @Test func aNetworkBindNeedsTheSecret() async throws {
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(host: "0.0.0.0", secret: nil).validated() }
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(host: "0.0.0.0", secret: "short").validated() }
        let secret = "a-long-enough-shared-secret"
        let server = try await RunningServer.start(host: "0.0.0.0", secret: secret)
        defer { server.stop() }
        let without = try await server.client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "c"])
        #expect(without.status == 401)
        let wrong = try await server.client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "c", "X-Studio-Secret": secret + "x"])
        #expect(wrong.status == 401)
        let with = try await server.client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "c", "X-Studio-Secret": secret])
        #expect(with.code == 0)
    }
}
