import Foundation
import Hummingbird
import SkillKit
import SkillShellTestSupport
import Testing

@testable import CloudBackend

/// Every failure the contract names, from a server that misbehaves on purpose: the sentence the
/// user sees, what is retried (only what is safe), and that the conversation goes on.
@Suite(.tags(.network)) struct FaultTests {
    static let sse = "/run_sse"
    static let credits = "/api/credits/balance/simple"
    static let token = "/api/auth/anonymous-token"
    static let session = "/api/tasks/me/with-session/nemo_agent"

    // MARK: Tokens

    @Test func aRefusedStarterTokenIsRenewedOnceAndTheCallRepeated() async throws {
        let issued = Counter()
        let server = try await FaultServer.start { router in
            router.post("/api/auth/anonymous-token") { _, _ in
                let number = issued.next()
                return FaultServer.ok(#"{"token":"nmv_usr_\#(number)","user_id":"anon_42","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}"#)
            }
            router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in FaultServer.ok(#"{"session_id":"1","user_id":"anon_42"}"#) }
            router.get("/api/credits/balance/simple") { request, _ in
                request.headers[.authorization] == "Bearer nmv_usr_2"
                    ? FaultServer.ok(#"{"available":7,"frozen":0,"total":7}"#)
                    : FaultServer.failure(1001, status: .unauthorized)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("credits") == [.completed])
        #expect(harness.text.contains("Credits: 7 available."))
        #expect(await server.recorder.hits(Self.token) == 2)
        #expect(harness.credentials.token(for: server.base)?.token == "nmv_usr_2", "the renewed token replaces the refused one on disk")
    }

    @Test func aTokenRefusedTwiceIsReportedAndTheSessionGoesOn() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.failure(1001, status: .ok) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("credits", "/help") == [.failed, .completed])
        #expect(harness.text.contains("✗ The starter token was refused even after renewing it; try again in a minute."))
        #expect(await server.recorder.hits(Self.credits) == 2)
    }

    @Test func aRefusedNemoTokenIsNeverSwappedForAStarterToken() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.failure(1001, status: .unauthorized) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base, environmentToken: "nmv_usr_secret_from_env")
        defer { harness.cleanUp() }
        await harness.run("credits")
        #expect(harness.text.contains("The NEMO_TOKEN in your environment was refused; check it or unset it to use a free starter token."))
        #expect(await server.recorder.hits(Self.token) == 0)
        #expect(!harness.text.contains("nmv_usr_secret_from_env"))
        let sent = await server.recorder.seen(Self.credits).first?.headers["authorization"]
        #expect(sent == "Bearer nmv_usr_secret_from_env")
    }

    @Test func aRefusedClientIDIsReplacedOnce() async throws {
        let server = try await FaultServer.start { router in
            let calls = Counter()
            router.post("/api/auth/anonymous-token") { _, _ in
                calls.next() == 1
                    ? FaultServer.failure(400, status: .badRequest)
                    : FaultServer.ok(#"{"token":"nmv_usr_ok","user_id":"anon_1","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}"#)
            }
            router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in FaultServer.ok(#"{"session_id":"5"}"#) }
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.ok(#"{"available":3}"#) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("credits")
        #expect(harness.text.contains("Credits: 3 available."))
        let ids = await server.recorder.seen(Self.token).map { $0.headers["x-client-id"] ?? "" }
        #expect(ids.count == 2 && ids[0] != ids[1] && !ids[1].isEmpty)
    }

    // MARK: Sessions, credits, plans

    @Test func aLostSessionIsReplacedAndTheTurnSentOnceMore() async throws {
        let server = try await FaultServer.start { router in
            let sessions = Counter()
            router.post("/api/auth/anonymous-token") { _, _ in FaultServer.ok(#"{"token":"t","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}"#) }
            router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in FaultServer.ok(#"{"session_id":"\#(sessions.next())"}"#) }
            router.get("/api/state/nemo_agent/me/:session/latest") { _, _ in FaultServer.ok(#"{"state":{"draft":{}}}"#) }
            router.post("/run_sse") { request, _ in
                let body = try await request.body.collect(upTo: 1 << 20)
                return String(buffer: body).contains(#""session_id":"1""#)
                    ? FaultServer.failure(1002, status: .notFound)
                    : FaultServer.events([FaultServer.text("Hello again.")])
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("make it pop") == [.completed])
        #expect(harness.text.contains("The server no longer had your session, so a new one was opened"))
        #expect(harness.text.contains("Hello again."))
        #expect(await server.recorder.hits(Self.sse) == 2)
        #expect(await server.recorder.hits(Self.session) == 2)
    }

    @Test func outOfCreditsShowsTheRegistrationLinkWithTheBindID() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/run_sse") { _, _ in FaultServer.failure(2001, status: .forbidden, data: #"{"bind_id":"anon_42"}"#) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("add music")
        #expect(harness.text.contains("You are out of credits; register at https://nemovideo.ai/register?bind=anon_42 to keep this project and get more."))
        #expect(await server.recorder.hits(Self.sse) == 1, "a refused turn is not sent again")
    }

    @Test func aFreePlanExportBlockIsNotCalledACreditProblem() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.failure(402, status: HTTPResponse.Status(code: 402)) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("export")
        #expect(harness.text.contains("Export is blocked on the free plan (this is not about credits); register or upgrade your plan to unlock export."))
        #expect(harness.pending.entries().isEmpty, "a refused render is not kept for resuming")
    }

    @Test func unsupportedAndOversizedFilesAreNamed() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            let calls = Counter()
            router.post("/api/upload-video/nemo_agent/me/:session") { request, _ in
                _ = try await request.body.collect(upTo: 1 << 24)
                return calls.next() == 1 ? FaultServer.failure(4001, status: .unsupportedMediaType) : FaultServer.failure(4002, status: .contentTooLarge)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        let clip = try await TestClips.copy(ClipSpec(seconds: 1), to: harness.folder.appendingPathComponent("clip.mp4"))
        await harness.run(clip.path, clip.path)
        #expect(harness.text.contains("clip.mp4 is not a supported file; use mp4, mov, avi, webm, mkv"))
        #expect(harness.text.contains("over the 500 MB upload limit; trim or compress it first."))
    }

    @Test func severalFilesGoInOneStreamedRequestAndWebAddressesAsJSON() async throws {
        let bodies = BodyLog()
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/upload-video/nemo_agent/me/:session") { request, _ in
                let type = request.headers[.contentType] ?? ""
                let body = String(buffer: try await request.body.collect(upTo: 1 << 24))
                bodies.append(type + "\n" + body)
                if type.hasPrefix("application/json") {
                    return FaultServer.ok(#"{"files":[{"filename":"remote.mp4","duration":12,"width":1280,"height":720,"fps":30}]}"#)
                }
                return FaultServer.ok(#"{"files":[{"filename":"a.mp4","duration":1},{"filename":"b.mp4","duration":1}]}"#)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        let first = try await TestClips.copy(ClipSpec(seconds: 1), to: harness.folder.appendingPathComponent("a.mp4"))
        let second = try await TestClips.copy(ClipSpec(seconds: 1), to: harness.folder.appendingPathComponent("b.mp4"))
        #expect(await harness.run("\(first.path) \(second.path)", "https://media.example.com/remote.mp4") == [.completed, .completed])
        #expect(harness.text.contains("✓ Uploaded a.mp4 (1s)."))
        #expect(harness.text.contains("✓ Uploaded b.mp4 (1s)."))
        #expect(harness.text.contains("✓ Uploaded remote.mp4 (12s, 1280x720, 30 fps)."), "\(harness.text)")
        let sent = bodies.all
        try #require(sent.count == 2)
        #expect(sent[0].hasPrefix("multipart/form-data"))
        #expect(sent[0].components(separatedBy: "name=\"files\"").count == 3, "both files in one request")
        #expect(sent[0].contains("filename=\"a.mp4\"") && sent[0].contains("filename=\"b.mp4\""))
        #expect(sent[1].contains(#""urls":["https://media.example.com/remote.mp4"]"#))
        #expect(sent[1].contains(#""source_type":"url""#))
    }

    @Test func rateLimitsAreWaitedOutOnceThenReported() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.failure(429, status: .tooManyRequests) }
            let turns = Counter()
            router.post("/run_sse") { _, _ in
                turns.next() == 1 ? FaultServer.failure(429, status: .tooManyRequests) : FaultServer.events([FaultServer.text("Got it.")])
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await harness.run("credits", "brighter please") == [.failed, .completed])
        #expect(clock.now - started >= .milliseconds(600), "each 429 is waited out before the one retry")
        #expect(harness.text.contains("The server is rate limiting requests; wait a minute and try again."))
        #expect(harness.text.contains("Got it."))
        #expect(await server.recorder.hits(Self.credits) == 2)
        #expect(await server.recorder.hits(Self.sse) == 2, "a 429 means the turn was not taken, so one retry is safe")
    }

    // MARK: Broken streams and answers

    @Test func aStreamDroppedMidTurnIsNeverResent() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/run_sse") { _, _ in
                FaultServer.events([FaultServer.text("Adding captions"), ": ping\n\n"], thenBreak: true)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("add captions", "/help") == [.failed, .completed])
        #expect(harness.text.contains("Adding captions"))
        #expect(harness.text.contains("The connection to the agent dropped part-way through the answer. Your message was not sent again"), "\(harness.text)")
        #expect(harness.text.contains("✗ The agent did not finish your request: the timeline was unchanged in 5 checks"), "\(harness.text)")
        #expect(await server.recorder.hits(Self.sse) == 1)
    }

    @Test func aStalledStreamEndsWithASentenceAndIsNeverResent() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/run_sse") { _, _ in FaultServer.events([": ping\n\n", "data:\n\n"], thenStall: .seconds(30)) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base) { configuration in
            configuration.streamTimeouts = TransferTimeouts(connect: .seconds(3), idle: .seconds(2), total: .seconds(60))
        }
        defer { harness.cleanUp() }
        #expect(await harness.run("add captions") == [.failed])
        #expect(harness.text.contains("The agent went quiet for 2 seconds. Your message was not sent again"), "\(harness.text)")
        #expect(await server.recorder.hits(Self.sse) == 1)
    }

    @Test func malformedEventsAreSkippedAndTheChangeStillReported() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/run_sse") { _, _ in FaultServer.events(["data: {\"content\": {\"parts\": [\n\n", "data: {broken\n\n"]) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("trim it") == [.completed])
        #expect(harness.text.contains("Done; the timeline did not change."), "\(harness.text)")
    }

    @Test func theEventTraceSeesEachEventsIDAsItArrives() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/run_sse") { _, _ in FaultServer.events(["id: 42\n" + FaultServer.text("One."), "id: 43\n" + FaultServer.text("Two.")]) }
        }
        defer { server.stop() }
        let seen = BodyLog()
        let harness = try CloudHarness(base: server.base) { configuration in
            configuration.eventTrace = { id in seen.append(id) }
        }
        defer { harness.cleanUp() }
        #expect(await harness.run("hello") == [.completed])
        #expect(seen.all == ["42", "43"])
        #expect(harness.text.contains("One.\nTwo."), "two messages are two lines: \(harness.text)")
    }

    @Test func malformedJSONAndServerErrorsAreSaidPlainly() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            let calls = Counter()
            router.get("/api/credits/balance/simple") { _, _ in
                calls.next() == 1 ? FaultServer.json("{\"code\":0,\"data\":{\"avail") : FaultServer.json("<html>down</html>", status: .serviceUnavailable)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("credits", "credits")
        #expect(harness.text.contains("The server's answer to checking your credits could not be read; try again, and report it if it persists."))
        #expect(harness.text.contains("The server answered with an error (HTTP 503); try again later."))
    }

    // MARK: Network

    @Test func aServerThatIsNotThereIsNamed() async throws {
        // A port held without listening: a connection is refused, and no other test can take it.
        let closed = try ClosedPort()
        let harness = try CloudHarness(base: closed.base)
        defer { harness.cleanUp() }
        await harness.conversation.start()
        #expect(harness.text.contains("Connecting to 127.0.0.1 failed; nothing answered at 127.0.0.1; check the address and that the server is running, or use --backend local to work offline."), "\(harness.text)")
        #expect(await harness.run("/help") == [.completed])
        withExtendedLifetime(closed) {}
    }

    @Test func aNameThatDoesNotResolveIsNamed() async throws {
        let harness = try CloudHarness(base: URL(string: "http://no-such-host.invalid")!)
        defer { harness.cleanUp() }
        await harness.run("credits")
        #expect(harness.text.contains("the name no-such-host.invalid could not be looked up"), "\(harness.text)")
    }

    // MARK: Renders and downloads

    @Test func aFailedRenderIsReportedAndForgotten() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"pending"}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                FaultServer.ok(#"{"id":"\#(context.parameters.get("id") ?? "")","status":"failed","error":"the encoder crashed"}"#)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("export")
        #expect(harness.text.contains("✗ The render failed: the encoder crashed"), "\(harness.text)")
        #expect(harness.pending.entries().isEmpty)
        #expect(harness.savedFiles.isEmpty)
    }

    @Test func aDownloadCutInHalfLeavesNoFileAndIsFinishedByResume() async throws {
        let body = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
        let healthy = Flag()
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"processing","progress":10}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                let id = context.parameters.get("id") ?? ""
                return FaultServer.ok(#"{"id":"\#(id)","status":"completed","progress":100,"output":{"url":"/api/render/proxy/\#(id)/download","duration":3,"size":\#(body.count)}}"#)
            }
            router.get("/api/render/proxy/:id/download") { _, _ in
                let cut = !healthy.isSet
                return Response(
                    status: .ok, headers: [.contentType: "video/mp4", .contentLength: String(body.count)],
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(bytes: cut ? body.prefix(body.count / 2) : body))
                        if cut { throw TestFailure("cut on purpose") }
                        try await writer.finish(nil)
                    })
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("export") == [.failed])
        #expect(harness.text.contains("Downloading the export failed"), "\(harness.text)")
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: harness.outputFolder.path)) ?? []
        #expect(leftovers.isEmpty, "no partial file and no temporary file: \(leftovers)")
        #expect(harness.pending.entries().count == 1, "the render id is kept until its file is saved")

        healthy.set()
        #expect(await harness.run("/resume") == [.completed])
        let saved = harness.savedFiles
        try #require(saved.count == 1, "\(harness.text)")
        #expect(try Data(contentsOf: saved[0]) == body)
        #expect(harness.pending.entries().isEmpty)
    }

    @Test func theTokenIsNeverSentToStorageOnAnotherHost() async throws {
        let payload = Data(repeating: 7, count: 50_000)
        let storage = try await FaultServer.start { router in
            router.get("/files/out.mp4") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: payload)))
            }
        }
        defer { storage.stop() }
        // "localhost" and "127.0.0.1" are different hosts to the client, as a CDN would be.
        let storageURL = "http://localhost:\(storage.base.port!)/files/out.mp4"
        let server = try await FaultServer.start { router in
            FaultServer.basics(router, token: "nmv_usr_private")
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"completed","output":{"url":"\#(storageURL)"}}"#) }
            router.get("/api/render/proxy/:id/download") { _, _ in
                Response(status: .found, headers: [.location: storageURL])
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.run("export")
        #expect(harness.savedFiles.count == 1, "\(harness.text)")

        // And through a redirect from the API's own download route.
        let direct = try await harness.backend.download(
            RenderStatus(id: "render_1", phase: .completed), to: harness.outputFolder.appendingPathComponent("again.mp4"),
            context: RequestContext(session: BackendSession(sessionID: "1001"), attribution: SkillAttribution(source: "s", version: "1", platform: .unknown)),
            progress: nil
        )
        #expect(direct == Int64(payload.count))
        let seen = await storage.recorder.seen("/files/out.mp4")
        #expect(seen.count == 2)
        #expect(seen.allSatisfy { $0.headers["authorization"] == nil && !($0.headers.values.contains { $0.contains("nmv_usr_private") }) })
        let apiSaw = await server.recorder.seen("/api/render/proxy/render_1/download")
        #expect(apiSaw.first?.headers["authorization"] == "Bearer nmv_usr_private")
    }

    @Test func everyRequestCarriesTheSkillsAttribution() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.ok(#"{"available":1}"#) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base, skill: "video-ai-discord")
        defer { harness.cleanUp() }
        await harness.run("credits", "status")
        let requests = await server.recorder.requests
        #expect(requests.count >= 4)
        for request in requests {
            #expect(request.headers["x-skill-source"] == "video-ai-discord", "\(request.path)")
            #expect(request.headers["x-skill-version"] == "1.0.0")
            #expect(request.headers["x-skill-platform"] == "unknown")
            #expect(request.headers["x-client-id"].flatMap(UUID.init(uuidString:)) != nil)
            if request.path != Self.token { #expect(request.headers["authorization"] == "Bearer nmv_usr_test") }
        }
        #expect(!requests.contains { $0.path.contains("nmv_usr") }, "the token is never in a URL")
    }
}

/// A thread-safe counter for handlers: 1, 2, 3…
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Request bodies a handler saw.
final class BodyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
}

/// A switch a test flips while the server runs.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
