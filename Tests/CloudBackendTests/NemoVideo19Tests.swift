import Foundation
import Hummingbird
import SkillKit
import SkillShellTestSupport
import Testing

@testable import CloudBackend

/// The rules the upstream skill's version 1.9 adds: claim links, heartbeat-only timeouts, the
/// recovery schedule after a lost stream, render polling and resubmission, and environment names.
@Suite(.tags(.network)) struct NemoVideo19Tests {
    static let changedState = #"{"state":{"draft":{"t":[{"tt":0,"sg":[{"src":"media:1","n":"clip.mp4","st":0,"d":3000}]},{"tt":7,"sg":[{"st":0,"d":1000,"txt":"GG"}]}],"d":3000}}}"#

    /// Counts state reads and when they came; from the `changeAt`-th read on, the timeline has a title.
    actor StateLog {
        private(set) var times: [ContinuousClock.Instant] = []
        let changeAt: Int?
        init(changeAt: Int?) { self.changeAt = changeAt }
        func read() -> String {
            times.append(.now)
            if let changeAt, times.count >= changeAt { return NemoVideo19Tests.changedState }
            return FaultServer.exportableState
        }
    }

    /// A token, a session and a state that `log` serves.
    static func basics(_ router: Router<BasicRequestContext>, log: StateLog) {
        router.post("/api/auth/anonymous-token") { _, _ in
            FaultServer.ok(#"{"token":"nmv_usr_test","credits":100,"user_id":"anon_42","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}"#)
        }
        router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in FaultServer.ok(#"{"task_id":"t1","session_id":"1001","user_id":"anon_42"}"#) }
        router.get("/api/state/nemo_agent/me/:session/latest") { _, _ in FaultServer.ok(await log.read()) }
    }

    static let quickRecovery = RecoverySchedule(firstWait: .milliseconds(300), interval: .milliseconds(150), unchangedReads: 5)

    // MARK: Lost streams

    @Test func aStreamOfHeartbeatsAloneTimesOutAndIsNeverSentAgain() async throws {
        let log = StateLog(changeAt: nil)
        let server = try await FaultServer.start { router in
            Self.basics(router, log: log)
            // A minute of heartbeats, if the client listened that long.
            router.post("/run_sse") { _, _ in FaultServer.events(Array(repeating: ": ping\n\n", count: 3_000), pause: .milliseconds(20)) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base, configure: { $0.heartbeatOnlyTimeout = .milliseconds(400) }, tune: { $0.recovery = Self.quickRecovery })
        defer { harness.cleanUp() }
        let started = ContinuousClock.now
        #expect(await harness.run("add a title GG") == [.failed])
        #expect(ContinuousClock.now - started < .seconds(40), "the heartbeats did not keep the turn open for their minute")
        #expect(harness.text.contains("The agent sent only heartbeats for 400 milliseconds."), "\(harness.text)")
        #expect(harness.text.contains("Your message was not sent again"))
        #expect(harness.text.contains("The agent did not finish your request: the timeline was unchanged in 5 checks"), "\(harness.text)")
        #expect(harness.text.contains("Say retry to send it again."))
        #expect(await server.recorder.hits("/run_sse") == 1)
        #expect(await log.times.count == 6, "one read before the turn, five after")

        // "retry" sends it once more, on the user's word.
        await harness.run("retry")
        #expect(await server.recorder.hits("/run_sse") == 2)
    }

    @Test func aDroppedStreamIsWatchedOnScheduleAndAChangeOnTheThirdReadIsReported() async throws {
        // Read 1 is the state before the turn; reads 2, 3 and 4 are the watch's: the 4th shows the title.
        let log = StateLog(changeAt: 4)
        let server = try await FaultServer.start { router in
            Self.basics(router, log: log)
            router.post("/run_sse") { _, _ in FaultServer.events([FaultServer.text("Adding the title now")], thenBreak: true) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base, tune: { $0.recovery = Self.quickRecovery })
        defer { harness.cleanUp() }
        #expect(await harness.run("add a title GG") == [.completed])
        #expect(harness.text.contains("The connection to the agent dropped part-way through the answer."), "\(harness.text)")
        #expect(harness.text.contains("✓ Your edit landed:"), "\(harness.text)")
        #expect(harness.text.contains("GG"))
        #expect(await server.recorder.hits("/run_sse") == 1)
        let times = await log.times
        #expect(times.count == 4, "the watch stops at the change")
        if times.count == 4 {
            #expect(times[1] - times[0] >= .milliseconds(300), "the first read waits firstWait")
            #expect(times[2] - times[1] >= .milliseconds(150) && times[3] - times[2] >= .milliseconds(150), "then one read per interval")
        }
        await harness.run("retry")
        #expect(await server.recorder.hits("/run_sse") == 2, "retry is only special after an unconfirmed turn; here it is a message")
    }

    @Test func ctrlCStopsTheWatch() async throws {
        let log = StateLog(changeAt: nil)
        let server = try await FaultServer.start { router in
            Self.basics(router, log: log)
            router.post("/run_sse") { _, _ in FaultServer.events([FaultServer.text("On it")], thenBreak: true) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base, tune: { $0.recovery = RecoverySchedule(firstWait: .seconds(30), interval: .seconds(60)) })
        defer { harness.cleanUp() }
        let turn = Task { await harness.conversation.handle("add a title GG") }
        // Cancel once the watch has begun (its first read is 30 s away).
        for _ in 0..<200 where !harness.text.contains("watching the timeline") { try await Task.sleep(for: .milliseconds(50)) }
        #expect(harness.text.contains("watching the timeline"))
        turn.cancel()
        #expect(await turn.value == .cancelled)
        #expect(await log.times.count == 1, "no read was due yet")
        #expect(harness.text.contains("Cancelled."))
    }

    // MARK: Renders

    /// Render ids as started, and what each one's polls answer.
    actor RenderLog {
        var started: [String] = []
        var polls: [String: Int] = [:]
        func start(_ id: String) { started.append(id) }
        func poll(_ id: String) -> Int { polls[id, default: 0] += 1; return polls[id]! }
    }

    static func renderID(in request: Request) async -> String {
        var request = request
        let body = (try? await request.collectBody(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        return object?["id"] as? String ?? ""
    }

    @Test func aFailedRenderIsSubmittedOnceMoreUnderANewIDAndTheRecordFollows() async throws {
        let renders = RenderLog()
        let pendingFile = Flag()
        let holder = PendingHolder()
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { request, _ in
                let id = await Self.renderID(in: request)
                await renders.start(id)
                return FaultServer.ok(#"{"id":"\#(id)","status":"processing","progress":5}"#)
            }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                let id = context.parameters.get("id") ?? ""
                _ = await renders.poll(id)
                let first = await renders.started.first
                if id == first {
                    return FaultServer.ok(#"{"id":"\#(id)","status":"failed","error":"the encoder ran out of memory"}"#)
                }
                // While the second render runs, the pending record names it and only it.
                if let pending = holder.pending, pending.entries().map(\.renderID) == [id] { pendingFile.set() }
                return FaultServer.ok(#"{"id":"\#(id)","status":"completed","progress":100,"output":{"url":"/api/render/proxy/\#(id)/download","duration":3,"size":4}}"#)
            }
            router.get("/api/render/proxy/:id/download") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4", .contentLength: "4"], body: ResponseBody(byteBuffer: ByteBuffer(string: "mp4!")))
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        holder.pending = harness.pending
        #expect(await harness.run("export") == [.completed], "\(harness.text)")
        let started = await renders.started
        #expect(started.count == 2)
        #expect(Set(started).count == 2, "the second submission has a new id")
        #expect(harness.text.contains("The render failed (the encoder ran out of memory); submitting it once more."), "\(harness.text)")
        #expect(harness.text.contains("Video ready!"))
        #expect(pendingFile.isSet, "the pending-exports record followed the new id")
        #expect(harness.pending.entries().isEmpty)
        #expect(harness.savedFiles.count == 1)
    }

    @Test func aRenderThatFailsTwiceIsReportedAfterOneResubmission() async throws {
        let renders = RenderLog()
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { request, _ in
                await renders.start(await Self.renderID(in: request))
                return FaultServer.ok(#"{"status":"pending"}"#)
            }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                FaultServer.ok(#"{"id":"\#(context.parameters.get("id") ?? "")","status":"failed","error":"bad draft"}"#)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("export") == [.failed])
        #expect(await renders.started.count == 2)
        #expect(harness.text.contains("✗ The render failed: bad draft"))
        #expect(harness.pending.entries().isEmpty)
    }

    @Test func theEleventhPollIsNeverSent() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"processing","progress":0}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                FaultServer.ok(#"{"id":"\#(context.parameters.get("id") ?? "")","status":"processing","progress":0}"#)
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("export") == [.failed])
        let polls = await server.recorder.requests.filter { $0.method == "GET" && $0.path.hasPrefix("/api/render/proxy/lambda/") }
        #expect(polls.count == 10)
        #expect(harness.text.contains("The export was still rendering after 10 checks; type /resume later"), "\(harness.text)")
        #expect(harness.pending.entries().count == 1, "kept, so /resume can fetch it later")
    }

    @Test func withoutAnOutputURLTheDownloadRouteIsUsed() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"processing","progress":50}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                FaultServer.ok(#"{"id":"\#(context.parameters.get("id") ?? "")","status":"completed","progress":100,"output":{"duration":3}}"#)
            }
            router.get("/api/render/proxy/:id/download") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4", .contentLength: "4"], body: ResponseBody(byteBuffer: ByteBuffer(string: "mp4!")))
            }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        #expect(await harness.run("export") == [.completed], "\(harness.text)")
        let downloads = await server.recorder.requests.filter { $0.path.hasSuffix("/download") }
        #expect(downloads.count == 1)
        #expect(downloads.first?.headers["authorization"] == "Bearer nmv_usr_test")
        #expect(harness.text.contains("Rendering ~"), "\(harness.text)")
    }

    // MARK: Claim link

    @Test func theClaimLinkIsOfferedAtTheStartAfterEachExportAndOnRequest() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.post("/api/auth/claim-token") { _, _ in FaultServer.ok(#"{"claim_token":"clm_abc123","expires_in":604800}"#) }
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"processing","progress":50}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                let id = context.parameters.get("id") ?? ""
                return FaultServer.ok(#"{"id":"\#(id)","status":"completed","progress":100,"output":{"url":"/api/render/proxy/\#(id)/download"}}"#)
            }
            router.get("/api/render/proxy/:id/download") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4", .contentLength: "4"], body: ResponseBody(byteBuffer: ByteBuffer(string: "mp4!")))
            }
        }
        defer { server.stop() }
        let web = URL(string: "https://studio.example.test/app")!
        let harness = try CloudHarness(base: server.base, configure: { $0.webBase = web })
        defer { harness.cleanUp() }
        await harness.conversation.start()
        await harness.run("export", "/link")
        let link = "Open this project in your browser: https://studio.example.test/app/workspace/claim?ct=clm_abc123"
        #expect(harness.text.components(separatedBy: link).count - 1 == 3, "start, export, /link: \(harness.text)")
        #expect(await server.recorder.hits("/api/auth/claim-token") == 1, "fetched once for the session")
        let claim = await server.recorder.seen("/api/auth/claim-token")
        #expect(claim.first?.headers["authorization"] == "Bearer nmv_usr_test")
        let requests = await server.recorder.requests
        #expect(!requests.contains { $0.path.contains("nmv_usr") })
        #expect(!harness.text.contains("nmv_usr_test"))
    }

    @Test func withoutAClaimRouteTheSessionGoesOnWithoutALink() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.ok(#"{"available":3}"#) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        await harness.conversation.start()
        #expect(await harness.run("credits") == [.completed])
        #expect(!harness.text.contains("Open this project"))
        #expect(harness.text.contains("Credits: 3 available."))
    }

    // MARK: Environment

    @Test func environmentNamesAndWhichWins() {
        let flag = URL(string: "http://flag.test")!
        let both = ["NEMO_API_URL": "http://url.test", "NEMO_API_BASE": "http://base.test"]
        #expect(CloudConfiguration.fromEnvironment(both, apiBase: flag).apiBase == flag)
        #expect(CloudConfiguration.fromEnvironment(both).apiBase.absoluteString == "http://url.test")
        #expect(CloudConfiguration.fromEnvironment(["NEMO_API_BASE": "http://base.test"]).apiBase.absoluteString == "http://base.test")
        #expect(CloudConfiguration.fromEnvironment(["NEMO_API_URL": "not a url"]).apiBase == CloudConfiguration.productionBase)
        #expect(CloudConfiguration.fromEnvironment([:]).webBase == CloudConfiguration.productionWeb)
        #expect(CloudConfiguration.fromEnvironment(["NEMO_WEB_URL": "https://web.test"]).webBase.absoluteString == "https://web.test")
        #expect(
            CloudConfiguration.fromEnvironment(["NEMO_API_URL": "http://127.0.0.1:8080"]).webBase.absoluteString == "http://127.0.0.1:8080",
            "another server serves its own claim page")
        #expect(CloudConfiguration.fromEnvironment(["NEMO_CLIENT_ID": " my-client-7 "]).credentials.fixedClientID == "my-client-7")
        #expect(CloudConfiguration.fromEnvironment(["NEMO_CLIENT_ID": "has space"]).credentials.fixedClientID == nil)
    }

    @Test func nemoClientIDIsTheOneSent() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.ok(#"{"available":3}"#) }
        }
        defer { server.stop() }
        let harness = try CloudHarness(
            base: server.base,
            configure: {
                $0.credentials = CredentialStore(folder: $0.credentials.folder, fixedClientID: "0f5e6c1e-7d43-4c55-9a3e-2b0a1c9d8e77")
            })
        defer { harness.cleanUp() }
        await harness.run("credits")
        let token = await server.recorder.seen("/api/auth/anonymous-token")
        #expect(token.first?.headers["x-client-id"] == "0f5e6c1e-7d43-4c55-9a3e-2b0a1c9d8e77")
        #expect(!FileManager.default.fileExists(atPath: harness.credentials.folder.appendingPathComponent("client_id").path), "a chosen id is not stored")
    }
}

/// Lets a route handler look at the harness's pending exports once the harness exists.
final class PendingHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var value: PendingExports?
    var pending: PendingExports? {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}
