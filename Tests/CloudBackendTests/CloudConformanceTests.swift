import Foundation
import Hummingbird
import SkillKit
import SkillKitTesting
import SkillShellTestSupport
import Synchronization
import Testing

@testable import CloudBackend

/// The cloud client behaves as every backend must, against `serve` and against a stand-in for
/// the cloud (which cannot be reached from here) that answers in the cloud's other shapes.
@Suite(.tags(.network)) struct CloudConformanceTests {
    static func backend(_ base: URL, folder: URL) -> CloudBackend {
        CloudBackend(
            configuration: CloudConfiguration(
                apiBase: base, credentials: CredentialStore(folder: folder.appendingPathComponent("config/nemovideo")),
                apiTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: .seconds(20)),
                streamTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: .seconds(60)),
                transferTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: nil)
            ))
    }

    @Test(.tags(.encodes), .skippable(.encodes)) func theCloudClientOnServeConforms() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let clip = try await TestClips.copy(.small, to: server.folder.appendingPathComponent("upload/clip.mp4"))
        let problems = await AgentBackendConformance(backend: Self.backend(server.base, folder: server.folder), clip: clip).check()
        #expect(problems.isEmpty, "\(problems)")
    }

    /// A session's timeline in the stand-in: empty until an upload.
    final class Sessions: Sendable {
        private let state = Mutex<(next: Int, withClip: Set<String>)>((1000, []))
        func open() -> String {
            state.withLock {
                $0.next += 1; return String($0.next)
            }
        }
        func upload(_ id: String) { state.withLock { _ = $0.withClip.insert(id) } }
        func hasClip(_ id: String) -> Bool { state.withLock { $0.withClip.contains(id) } }
    }

    @Test func theCloudClientOnTheCloudsShapesConforms() async throws {
        let sessions = Sessions()
        let polls = Mutex(0)
        let file = Data(repeating: 0x2A, count: 4_096)
        let server = try await FaultServer.start { router in
            // `msg` for `message`, and the `success` envelope: shapes the cloud has been seen using.
            router.post("/api/auth/anonymous-token") { _, _ in
                FaultServer.json(#"{"code":0,"msg":"ok","data":{"token":"nmv_usr_shapes","credits":100,"user_id":"anon_7","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}}"#)
            }
            router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in
                FaultServer.json(#"{"success":true,"data":{"task_id":"t1","session_id":"\#(sessions.open())","user_id":"anon_7"}}"#)
            }
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.json(#"{"success":true,"data":{"available":100,"frozen":0,"total":100}}"#) }
            router.post("/api/upload-video/nemo_agent/me/:session") { request, context in
                _ = try await request.body.collect(upTo: 1 << 24)
                sessions.upload(context.parameters.get("session") ?? "")
                return FaultServer.ok(#"{"files":[{"filename":"clip.mp4","file_type":"video","duration":3,"width":320,"height":240,"fps":25}]}"#)
            }
            router.get("/api/state/nemo_agent/me/:session/latest") { _, context in
                sessions.hasClip(context.parameters.get("session") ?? "") ? FaultServer.ok(FaultServer.exportableState) : FaultServer.ok(#"{"state":{"draft":{"t":[],"d":0}}}"#)
            }
            router.post("/run_sse") { _, _ in FaultServer.events([FaultServer.text("Hi! Upload a clip and tell me what to do with it.")]) }
            router.post("/api/render/proxy/lambda") { _, _ in FaultServer.ok(#"{"status":"pending"}"#) }
            router.get("/api/render/proxy/lambda/:id") { _, context in
                let id = context.parameters.get("id") ?? ""
                guard id != "render_1" else { return FaultServer.failure(404, status: .notFound) }
                let count = polls.withLock {
                    $0 += 1; return $0
                }
                if count < 2 { return FaultServer.ok(#"{"id":"\#(id)","status":"processing","progress":50}"#) }
                return FaultServer.ok(#"{"id":"\#(id)","status":"completed","progress":100,"output":{"url":"/api/render/proxy/\#(id)/download","duration":3,"size":\#(file.count)}}"#)
            }
            router.get("/api/render/proxy/:id/download") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: file)))
            }
        }
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shapes-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await TestClips.copy(.small, to: folder.appendingPathComponent("clip.mp4"))
        let problems = await AgentBackendConformance(backend: Self.backend(server.base, folder: folder), clip: clip).check()
        #expect(problems.isEmpty, "\(problems)")
    }
}
