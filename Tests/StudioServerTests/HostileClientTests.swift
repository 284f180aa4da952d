import Foundation
import NIOCore
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio
@testable import StudioServer

/// `serve` against clients that mean harm or do not care: every probe is a real HTTP request to
/// a studio on 127.0.0.1, and after each one the server must still answer.
@Suite(.serialized, .tags(.network)) struct HostileClientTests {
    func alive(_ server: RunningServer) async throws {
        let token = try await server.token()
        let credits = try await server.client.json("GET", "/api/credits/balance/simple", token: token)
        #expect(credits.status == 200, "the server still answers: \(credits.text)")
    }

    func startRender(_ server: RunningServer, token: String, session: String, id: String, draft: Any, output: Any = ["format": "mp4"]) async throws -> TestHTTPClient.Response {
        try await server.client.json(
            "POST", "/api/render/proxy/lambda", token: token, headers: RunningServer.attribution,
            [
                "id": id, "sessionId": session, "draft": draft, "output": output,
            ])
    }

    func clipDraft(_ hash: String, duration: Any = 3000, extra: [String: Any] = [:]) -> [String: Any] {
        var draft: [String: Any] = ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "st": 0, "d": duration]]]], "d": 3000]
        for (key, value) in extra { draft[key] = value }
        return draft
    }

    func uploadClip(_ server: RunningServer, _ token: String, _ session: String) async throws -> String {
        let response = try await server.upload(token, session, name: "clip.mp4", data: try await TestClips.data(ClipSpec(seconds: 2)))
        let files = response.data["files"] as? [[String: Any]]
        return try #require(files?.first?["hash"] as? String, "\(response.text)")
    }

    // MARK: Numbers from outside

    @Test(.tags(.encodes), .skippable(.encodes)) func draftsWithNumbersPastEveryLimitAreRefusedAndTheServerLives() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let hash = try await uploadClip(server, token, session)
        let hostile: [(String, [String: Any])] = [
            ("durations summing past Int.max", ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "d": 9.2e18], ["src": "media:\(hash)", "d": 9.2e18]]]]]),
            ("a start of 1e300", ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "st": 1e300, "d": 1000]]]]]),
            ("a negative in-point", ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "in": -5000, "d": 1000]]]]]),
            ("an aspect of 1e300:1", clipDraft(hash, extra: ["m": ["export": ["aspect": "1e300:1"]]])),
            ("an aspect of 0:1", clipDraft(hash, extra: ["m": ["export": ["aspect": "0:1"]]])),
            ("a target of -1 bytes", clipDraft(hash, extra: ["m": ["export": ["target_size_bytes": -1]]])),
            ("a 100,000-character title", ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "d": 2000]]], ["tt": 7, "sg": [["txt": String(repeating: "A", count: 100_000), "d": 1000]]]]]),
            ("100 tracks", ["t": Array(repeating: ["tt": 0, "sg": [["src": "media:\(hash)", "d": 100]]], count: 100)]),
        ]
        for (index, (what, draft)) in hostile.enumerated() {
            let response = try await startRender(server, token: token, session: session, id: "render_\(1_700_000_000_000 + index)", draft: draft)
            #expect(response.status == 400, "\(what): \(response.text)")
            #expect((response.json["message"] as? String)?.contains("cannot be rendered") == true, "\(what): \(response.text)")
        }
        try await alive(server)
    }

    @Test func aStoredRenderThatCannotBeRenderedFailsAloneAtTheNextStart() async throws {
        let first = try await RunningServer.start()
        let folder = first.folder
        let token = try await first.token()
        let session = try await first.session(token)
        let hash = try await uploadClip(first, token, session)
        first.stop(keepingData: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A record left "processing" by an older version, with a draft over every limit.
        let record = RenderRecord(
            id: "render_1700000000001", sessionID: session, status: "processing", progress: 10, createdAt: Date(), updatedAt: Date(),
            draft: .object(["t": .array([.object(["tt": .number(0), "sg": .array([.object(["src": .string("media:\(hash)"), "d": .number(9.2e18)])])])])]),
            output: .object([:]), owner: nil
        )
        let store = try StudioStore(root: folder.appendingPathComponent("studio"))
        try await store.save(record)

        let second = try await RunningServer.start(folder: folder)
        defer { second.stop() }
        let status = try await second.client.json("GET", "/api/render/proxy/lambda/render_1700000000001", token: token)
        #expect(status.data["status"] as? String == "failed", "\(status.text)")
        #expect((status.data["error"] as? String)?.contains("cannot be rendered") == true, "\(status.text)")
        try await alive(second)
    }

    @Test func subtitlesAndChatLinesWithHugeNumbersDoNotCrash() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        _ = try await uploadClip(server, token, session)
        let srt = "1\n99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000\nhello\n\n2\n00:00:00,500 --> 00:00:01,500\nfine\n"
        let subtitles = try await server.upload(token, session, name: "subs.srt", data: Data(srt.utf8))
        #expect(subtitles.status == 200, "the readable cue is kept, the absurd one skipped: \(subtitles.text)")
        for line in [
            "keep the first 99999999999999999999 seconds",
            "cut from 0:00 to 99999999999999999999:00",
            "add the title \"x\" for 1e308 seconds",
            "compress it under 99999999999999999999999 GB",
            "speed it up 1e400x",
            "set the volume to 99999999999999999999%",
            "从第99999999999999999999秒到第1秒",
        ] {
            let turn = try await server.chat(token, session, line)
            #expect(turn.status == 200, "\(line): \(turn.text)")
        }
        try await alive(server)
    }

    // MARK: Accounts stay apart

    @Test(.tags(.encodes), .skippable(.encodes)) func renderIdsAndMediaBelongToTheirSession() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let alice = try await server.token()
        let aliceSession = try await server.session(alice)
        let aliceMedia = try await uploadClip(server, alice, aliceSession)
        let started = try await startRender(server, token: alice, session: aliceSession, id: "render_1700000000002", draft: clipDraft(aliceMedia, duration: 2000))
        #expect(started.status == 200, "\(started.text)")

        let mallory = try await server.token()
        let mallorySession = try await server.session(mallory)
        // A clip of her own (another length, so another hash).
        let own = try await server.upload(mallory, mallorySession, name: "mine.mp4", data: try await TestClips.data(ClipSpec(seconds: 3)))
        let malloryMedia = try #require((own.data["files"] as? [[String: Any]])?.first?["hash"] as? String)
        // The same render id from another account: refused, and Alice's render is untouched.
        let taken = try await startRender(server, token: mallory, session: mallorySession, id: "render_1700000000002", draft: clipDraft(malloryMedia, duration: 2000))
        #expect(taken.status == 409, "\(taken.text)")
        let aliceStatus = try await server.client.json("GET", "/api/render/proxy/lambda/render_1700000000002", token: alice)
        #expect(aliceStatus.status == 200 && aliceStatus.data["status"] as? String != "failed", "\(aliceStatus.text)")
        // Alice's upload named by its hash in Mallory's draft: refused.
        let borrowed = try await startRender(server, token: mallory, session: mallorySession, id: "render_1700000000003", draft: clipDraft(aliceMedia, duration: 2000))
        #expect(borrowed.status == 400 && borrowed.text.contains("not in this session"), "\(borrowed.text)")
    }

    // MARK: Tools read only what they were given

    @Test func aPlaylistNamedMP4IsNotFollowed() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString.prefix(6)).ts")
        try Data(try await TestClips.data(ClipSpec(seconds: 1))).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:\(secret.path)\n#EXT-X-ENDLIST\n"
        let response = try await server.upload(token, session, name: "clip.mp4", data: Data(playlist.utf8))
        #expect(response.status == 415, "a playlist is not an MP4: \(response.text)")
        let concat = "ffconcat version 1.0\nfile '\(secret.path)'\n"
        #expect(try await server.upload(token, session, name: "list.mp4", data: Data(concat.utf8)).status == 415)
        try await alive(server)
    }

    @Test func aHeaderClaimingA136YearDurationIsRefused() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        // A real MP4 whose movie header says it lasts 2^32 - 1 seconds at one tick a second.
        var data = try await TestClips.data(ClipSpec(seconds: 1))
        let mvhd = try #require(data.range(of: Data("mvhd".utf8)))
        let timescale = mvhd.upperBound + 12
        data.replaceSubrange(timescale..<(timescale + 4), with: [0, 0, 0, 1])
        data.replaceSubrange((timescale + 4)..<(timescale + 8), with: [0xFF, 0xFF, 0xFF, 0xFF])
        let response = try await server.upload(token, session, name: "forever.mp4", data: data)
        #expect(response.status == 415, "\(response.text)")
        try await alive(server)
    }

    /// ffmpeg exits 0 with a 262-byte MP4 that holds no stream when a clip's in-point is past
    /// its end; such a file is a failed render, never a completed one.
    @Test(.tags(.encodes), .skippable(.encodes)) func anOutputWithoutAPictureIsNeverCompleted() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let hash = try await uploadClip(server, token, session)
        let draft: [String: Any] = ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "st": 0, "in": 100_000, "d": 2000]]]]]
        let started = try await startRender(server, token: token, session: session, id: "render_1700000000030", draft: draft)
        #expect(started.status == 200, "\(started.text)")
        var status: [String: Any] = [:]
        for _ in 0..<300 where (status["status"] as? String) != "completed" && (status["status"] as? String) != "failed" {
            try await Task.sleep(for: .milliseconds(100))
            status = (try await server.client.json("GET", "/api/render/proxy/lambda/render_1700000000030", token: token)).data
        }
        #expect(status["status"] as? String == "failed", "\(status)")
        #expect((status["error"] as? String)?.contains("no playable video") == true, "\(status)")
    }

    @Test(.tags(.encodes), .skippable(.encodes)) func webmIsRefusedByNameNotWrittenAsMP4() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let hash = try await uploadClip(server, token, session)
        let response = try await startRender(server, token: token, session: session, id: "render_1700000000004", draft: clipDraft(hash), output: ["format": "webm"])
        #expect(response.status == 400 && response.text.contains("MP4"), "\(response.text)")
    }

    // MARK: URL uploads are not a proxy

    @Test func urlUploadsAreOffUnlessAskedForAndNeverReachPrivateAddresses() async throws {
        let off = try await RunningServer.start()
        defer { off.stop() }
        let token = try await off.token()
        let session = try await off.session(token)
        let refused = try await off.client.json("POST", "/api/upload-video/nemo_agent/me/\(session)", token: token, ["urls": ["http://example.com/a.mp4"]])
        #expect(refused.status == 403 && refused.text.contains("--allow-url-uploads"), "\(refused.text)")

        let on = try await RunningServer.start(urlUploads: true)
        defer { on.stop() }
        let onToken = try await on.token()
        let onSession = try await on.session(onToken)
        // The studio itself, other loopback ports, private and link-local addresses.
        for target in [
            "http://127.0.0.1:\(on.client.port)/api/credits/balance/simple.mp4", "http://localhost:22/x.mp4", "http://10.0.0.1/x.mp4",
            "http://192.168.1.1/x.mp4", "http://169.254.169.254/latest/x.mp4", "http://[::1]:80/x.mp4", "http://0.0.0.0/x.mp4",
        ] {
            let response = try await on.client.json("POST", "/api/upload-video/nemo_agent/me/\(onSession)", token: onToken, ["urls": [target]])
            #expect(response.status == 403, "\(target): \(response.text)")
        }
    }

    /// The download of an allowed URL holds its limit while the bytes stream in and leaves
    /// nothing when cut off; what it keeps is the store's alone (0600). (A web server on
    /// 127.0.0.1 stands in for a public one; the address check is tested above.)
    @Test func urlDownloadsStreamWithinTheLimitIntoPrivateFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-\(UUID().uuidString.prefix(8))")
        let site = folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(repeating: 7, count: 2_000_000).write(to: site.appendingPathComponent("big.mp4"))
        try Data(repeating: 7, count: 1000).write(to: site.appendingPathComponent("small.mp4"))
        let port = Int.random(in: 20_000...60_000)
        let web = Process()
        web.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        web.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", site.path, String(port)]
        web.standardOutput = FileHandle.nullDevice
        web.standardError = FileHandle.nullDevice
        try web.run()
        defer { web.terminate() }
        let ready = ContinuousClock.now + .seconds(10)
        while (try? RawConnection(port: port)) == nil, ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(100)) }

        let cut = folder.appendingPathComponent("cut.mp4")
        await #expect(throws: StudioError.self) {
            _ = try await URLFetcher.stream(try #require(URL(string: "http://127.0.0.1:\(port)/big.mp4")), to: cut, limit: 100_000, deadline: 20)
        }
        #expect(!FileManager.default.fileExists(atPath: cut.path), "nothing half-fetched stays")
        let kept = folder.appendingPathComponent("kept.mp4")
        _ = try await URLFetcher.stream(try #require(URL(string: "http://127.0.0.1:\(port)/small.mp4")), to: kept, limit: 100_000, deadline: 20)
        #expect((try? Data(contentsOf: kept))?.count == 1000)
        let mode = try #require((try FileManager.default.attributesOfItem(atPath: kept.path)[.posixPermissions] as? NSNumber)?.intValue)
        #expect(mode & 0o077 == 0, "the fetched file is the store's alone: \(String(mode, radix: 8))")

        // A redirect is checked like the first address: this server sends /sub to /sub/ on
        // 127.0.0.1, which is not public, so the download stops there.
        try FileManager.default.createDirectory(at: site.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let redirected = folder.appendingPathComponent("redirected.mp4")
        await #expect(throws: StudioError.self) {
            _ = try await URLFetcher.stream(try #require(URL(string: "http://127.0.0.1:\(port)/sub")), to: redirected, limit: 100_000, deadline: 20)
        }
        #expect(!FileManager.default.fileExists(atPath: redirected.path))
    }

    @Test(
        arguments: [
            ([127, 0, 0, 1], false), ([10, 1, 2, 3], false), ([172, 16, 0, 1], false), ([172, 32, 0, 1], true), ([192, 168, 0, 1], false),
            ([169, 254, 169, 254], false), ([100, 64, 0, 1], false), ([224, 0, 0, 1], false), ([0, 0, 0, 0], false), ([8, 8, 8, 8], true),
            ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1], false), ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], false),
            ([0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], false), ([0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], false),
            ([0x26, 0x06, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11], true),
        ] as [([UInt8], Bool)])
    func publicAddresses(bytes: [UInt8], isPublic: Bool) {
        #expect(URLFetcher.isPublic(bytes) == isPublic, "\(bytes)")
    }

    // MARK: Sessions change atomically

    @Test func parallelUploadsAndEditsOnOneSessionAllLand() async throws {
        let server = try await RunningServer.start(credits: 100, perTurn: 1)
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let clip = try await TestClips.data(ClipSpec(seconds: 1))
        // Four different files (one frame of padding each makes four hashes).
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<4 {
                group.addTask { try await server.upload(token, session, name: "part\(index).mp4", data: clip + Data(repeating: UInt8(index), count: index + 1)).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        var state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        var draft = Draft(json: JSONValue.parse(Data(try JSONSerialization.data(withJSONObject: (state.data["state"] as? [String: Any])?["draft"] ?? [:]))) ?? .null)
        #expect(draft.tracks.first { $0.kind == .video }?.segments.count == 4, "every parallel upload is on the timeline")

        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask { try await server.chat(token, session, "add the text \"T\(index)\" at the top").status }
            }
            for try await status in group { #expect(status == 200) }
        }
        state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        draft = Draft(json: JSONValue.parse(Data(try JSONSerialization.data(withJSONObject: (state.data["state"] as? [String: Any])?["draft"] ?? [:]))) ?? .null)
        let texts = Set(draft.tracks.filter { $0.kind == .text }.flatMap(\.segments).compactMap(\.text))
        #expect(texts == Set((0..<10).map { "T\($0)" }), "every parallel edit is kept: \(texts.sorted())")
        let credits = try await server.client.json("GET", "/api/credits/balance/simple", token: token)
        #expect((credits.data["available"] as? NSNumber)?.doubleValue == 90, "each of the ten turns is charged once: \(credits.text)")
    }

    // MARK: The listener

    @Test func oneAddressCannotMintAccountsWithoutEnd() async throws {
        // Loopback peers counted, as a remote address would be.
        let server = try await RunningServer.start(limitLoopback: true)
        defer { server.stop() }
        for _ in 0..<10 { _ = try await server.token() }
        let eleventh = try await server.client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": UUID().uuidString])
        #expect(eleventh.status == 429 && eleventh.headers["retry-after"] != nil, "\(eleventh.status) \(eleventh.text)")
    }

    @Test func aLoopbackStudioAnswersOnlyLoopbackHostNames() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        for (host, allowed) in [
            ("evil.example", false), ("evil.example:\(server.client.port)", false), ("127.0.0.1.evil.example", false),
            ("localhost:\(server.client.port)", true), ("127.0.0.1", true), ("[::1]:\(server.client.port)", true),
        ] {
            let connection = try RawConnection(port: server.client.port)
            connection.send("POST /api/auth/anonymous-token HTTP/1.1\r\nHost: \(host)\r\nX-Client-Id: \(UUID().uuidString)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            // The connection closes after the answer (Connection: close); the wait only bounds a hang.
            let answer = connection.readAll(within: 20)
            #expect(answer.hasPrefix(allowed ? "HTTP/1.1 200" : "HTTP/1.1 403"), "\(host): \(answer.prefix(80))")
        }
    }

    @Test func multipartBodiesMustEndAndKeepTheirHeadersShort() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let incoming = server.studio.incomingFolder
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? [])
        let boundary = "cut-short"
        // A file part with no closing boundary: refused, nothing left on disk.
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.mp4\"\r\n\r\n".utf8)
        body.append(try await TestClips.data(ClipSpec(seconds: 1)))
        let cut = try await server.client.send(
            "POST", "/api/upload-video/nemo_agent/me/\(session)",
            headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)",
            ], body: body)
        #expect(cut.status == 400 && cut.text.contains("closing boundary"), "\(cut.text)")
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? []) == before, "nothing half-written stays")
        // A part whose headers run on and on.
        var bloated = Data("--\(boundary)\r\n".utf8)
        for index in 0..<200 { bloated.append(Data("X-Filler-\(index): \(String(repeating: "y", count: 200))\r\n".utf8)) }
        bloated.append(Data("Content-Disposition: form-data; name=\"files\"; filename=\"b.mp4\"\r\n\r\nabc\r\n--\(boundary)--\r\n".utf8))
        let long = try await server.client.send(
            "POST", "/api/upload-video/nemo_agent/me/\(session)",
            headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)",
            ], body: bloated)
        #expect(long.status == 400, "\(long.text)")
        try await alive(server)
    }

    /// A client that asks for a download and stops reading is closed once the server has
    /// waited a write timeout with its buffers full; others are served meanwhile.
    @Test(.tags(.encodes), .skippable(.encodes)) func aClientThatStopsReadingIsClosed() async throws {
        let server = try await RunningServer.start(writeTimeout: .seconds(1))
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        // Four seconds of 360p noise: a render of it is over 6 MB, far more than the buffers.
        let noise = ClipSpec(width: 640, height: 360, fps: 25, seconds: 4, tone: nil, pattern: "color=c=gray", effect: "noise=c0s=100:allf=t+u", quality: 12)
        let uploaded = try await server.upload(token, session, name: "noise.mp4", data: try await TestClips.data(noise))
        let hash = try #require((uploaded.data["files"] as? [[String: Any]])?.first?["hash"] as? String, "\(uploaded.text)")
        let started = try await startRender(server, token: token, session: session, id: "render_1700000000020", draft: clipDraft(hash, duration: 4000))
        #expect(started.status == 200, "\(started.text)")
        var status: [String: Any] = [:]
        for _ in 0..<600 where (status["status"] as? String) != "completed" && (status["status"] as? String) != "failed" {
            try await Task.sleep(for: .milliseconds(100))
            status = (try await server.client.json("GET", "/api/render/proxy/lambda/render_1700000000020", token: token)).data
        }
        let size = ((status["output"] as? [String: Any])?["size"] as? NSNumber)?.intValue ?? 0
        #expect(size > 6_000_000, "the file must outgrow the buffers: \(status)")

        let reader = try RawConnection(port: server.client.port, receiveBuffer: 16_384)
        reader.send("GET /api/render/proxy/render_1700000000020/download HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
        // Reading nothing for longer than the timeout, then everything: a connection the server
        // gave up on ends early, with the file cut short.
        try await Task.sleep(for: .seconds(5))
        let received = reader.readAllData(within: 30)
        #expect(received.count < size, "the server waited for a client that stopped reading: \(received.count) of \(size) bytes came")
        try await alive(server)
    }

    // MARK: A render queue

    @Test(.tags(.encodes), .skippable(.encodes)) func rendersWaitTheirTurnAndOneAccountCannotQueueWithoutEnd() async throws {
        let server = try await RunningServer.start(encoders: 1, pendingPerAccount: 2)
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let hash = try await uploadClip(server, token, session)
        let first = try await startRender(server, token: token, session: session, id: "render_1700000000010", draft: clipDraft(hash, duration: 2000))
        let second = try await startRender(server, token: token, session: session, id: "render_1700000000011", draft: clipDraft(hash, duration: 2000))
        #expect(first.status == 200 && second.status == 200)
        let waiting = try await server.client.json("GET", "/api/render/proxy/lambda/render_1700000000011", token: token)
        #expect((waiting.data["message"] as? String)?.hasPrefix("Waiting for an encoder: 1 render ahead") == true, "\(waiting.text)")
        let third = try await startRender(server, token: token, session: session, id: "render_1700000000012", draft: clipDraft(hash, duration: 2000))
        #expect(third.status == 429 && third.headers["retry-after"] != nil, "\(third.status) \(third.headers)")
        // Both queued renders finish, one after the other.
        for id in ["render_1700000000010", "render_1700000000011"] {
            var status = ""
            for _ in 0..<300 where status != "completed" && status != "failed" {
                try await Task.sleep(for: .milliseconds(100))
                status = (try await server.client.json("GET", "/api/render/proxy/lambda/\(id)", token: token)).data["status"] as? String ?? ""
            }
            #expect(status == "completed", "\(id): \(status)")
        }
    }

    // MARK: Smaller things the audit found

    @Test func rangesPastTheEndAreClampedToTheFile() {
        #expect(ByteRange.parse("bytes=0-99999999999999999999", size: 1000) == 0...999)
        #expect(ByteRange.parse("bytes=10-", size: 1000) == 10...999)
        #expect(ByteRange.parse("bytes=2000-", size: 1000) == nil)
        #expect(ByteRange.parse("bytes=0-abc", size: 1000) == nil)
    }

    @Test func errorsCarryNoServerPaths() {
        #expect(Studio.withoutPaths("ffmpeg failed: /srv/data/studio/renders/render_1/text0.txt: No such file") == "ffmpeg failed: text0.txt: No such file")
    }

    @Test func toolsStopAtTheirDeadline() async throws {
        let started = ContinuousClock.now
        await #expect(throws: ProcessRunner.ToolDeadline.self) {
            _ = try await ProcessRunner.run("/bin/sleep", ["30"], deadline: .seconds(1))
        }
        #expect(ContinuousClock.now - started < .seconds(10), "the sleeper was ended, not waited for")
    }

    @Test func expiredStarterTokensAndClientIDsAreForgotten() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("expiry-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StudioStore(root: folder)
        try await store.save(TokenRecord(userID: "old", expiresAt: Date(timeIntervalSinceNow: -10), anonymous: true), digest: "a")
        try await store.save(TokenRecord(userID: "new", expiresAt: Date(timeIntervalSinceNow: 3600), anonymous: true), digest: "b")
        try await store.save(ClientRecord(issuedAt: Date(timeIntervalSinceNow: -7200)), digest: "c")
        try await store.save(ClientRecord(issuedAt: Date()), digest: "d")
        #expect(await store.removeExpiredCredentials(clientWait: 3600) == 2)
        let (oldToken, newToken) = (await store.token("a"), await store.token("b"))
        let (oldClient, newClient) = (await store.client("c"), await store.client("d"))
        #expect(oldToken == nil && newToken != nil)
        #expect(oldClient == nil && newClient != nil)
    }
}

/// The same probes against `skillshell serve` as its own process: what crashed it once (a chat
/// line, a draft, a subtitle file) is answered, and the process is still there afterwards.
@Suite(.serialized, .tags(.network, .encodes), .skippable(.encodes)) struct HostileClientProcessTests {
    @Test(.tags(.encodes), .skippable(.encodes)) func theServeProcessOutlivesTheProbes() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let server = try await ServeProcess.start(data: data)
        defer { server.stop() }
        let client = TestHTTPClient(port: server.port)
        let token = try #require(try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "probe"]).data["token"] as? String)
        let session = try #require(try await client.json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, [:]).data["session_id"] as? String)
        let (body, type) = TestHTTPClient.multipart([("clip.mp4", try await TestClips.data(ClipSpec(seconds: 2)))])
        let uploaded = try await client.send("POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(token)", "Content-Type": type], body: body)
        let hash = try #require((uploaded.data["files"] as? [[String: Any]])?.first?["hash"] as? String, "\(uploaded.text)")

        for line in ["keep the first 99999999999999999999 seconds", "make it 99999999999999999999p", "set the volume to 99999999999999999999%"] {
            let turn = try await client.json(
                "POST", "/run_sse", token: token, headers: ["Accept": "text/event-stream"],
                [
                    "app_name": "nemo_agent", "user_id": "me", "session_id": session, "new_message": ["role": "user", "parts": [["text": line]]],
                ])
            #expect(turn.status == 200, "\(line): \(turn.text)")
        }
        let overflow = try await client.json(
            "POST", "/api/render/proxy/lambda", token: token, headers: RunningServer.attribution,
            [
                "id": "render_1700000000040", "sessionId": session,
                "draft": ["t": [["tt": 0, "sg": [["src": "media:\(hash)", "d": 9.2e18], ["src": "media:\(hash)", "d": 9.2e18]]]], "m": ["export": ["aspect": "1e300:1"]]],
            ])
        #expect(overflow.status == 400, "\(overflow.text)")
        let (srt, srtType) = TestHTTPClient.multipart([("subs.srt", Data("1\n99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000\nx\n".utf8))])
        _ = try await client.send("POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(token)", "Content-Type": srtType], body: srt)
        let rebound = try RawConnection(port: server.port)
        rebound.send("GET /api/credits/balance/simple HTTP/1.1\r\nHost: attacker.example\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n")
        #expect(rebound.readAll(within: 20).hasPrefix("HTTP/1.1 403"))

        #expect(server.process.isRunning, "serve is still running")
        let credits = try await client.json("GET", "/api/credits/balance/simple", token: token)
        #expect(credits.status == 200, "\(credits.text)")
    }
}

/// The upload limit holds for the whole multipart body, not each part alone.
@Suite(.tags(.network)) struct MultipartTotalTests {
    @Test func partsTogetherCannotPassTheLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let receiver = MultipartReceiver(boundary: "b", folder: folder, maximumBytes: 100)
        var body = ""
        for index in 0..<2 {
            body += "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"p\(index).mp4\"\r\n\r\n\(String(repeating: "x", count: 60))\r\n"
        }
        body += "--b--\r\n"
        #expect(throws: StudioError.self) { try receiver.consume(ByteBuffer(string: body)) }
        receiver.discard()
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty, "each part alone fits, the two together do not, and nothing stays")
    }
}
