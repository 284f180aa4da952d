import Foundation
import Hummingbird
import Logging
import NIOCore

/// A small server on 127.0.0.1 whose routes each test writes, recording every request; shared by
/// the cloud client's fault tests and the shell's cancellation tests.
public final class FaultServer: @unchecked Sendable {
    public let base: URL
    public let recorder: Recorder
    private let task: Task<Void, any Error>

    /// What the server saw.
    public actor Recorder {
        public struct Seen: Sendable {
            public var method: String
            public var path: String
            public var headers: [String: String]
        }

        public private(set) var requests: [Seen] = []

        public func record(_ seen: Seen) { requests.append(seen) }

        public func hits(_ path: String) -> Int { requests.filter { $0.path == path }.count }

        public func seen(_ path: String) -> [Seen] { requests.filter { $0.path == path } }
    }

    struct RecordingMiddleware: RouterMiddleware {
        typealias Context = BasicRequestContext
        let recorder: Recorder

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            await recorder.record(.init(method: request.method.rawValue, path: request.uri.path, headers: headers))
            return try await next(request, context)
        }
    }

    public static func start(_ routes: (Router<BasicRequestContext>) -> Void) async throws -> FaultServer {
        let recorder = Recorder()
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RecordingMiddleware(recorder: recorder))
        routes(router)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "fault-server"); logger.logLevel = .critical; return logger
            }()
        )
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the fault server did not start") }
        return FaultServer(base: URL(string: "http://127.0.0.1:\(port)")!, recorder: recorder, task: task)
    }

    private init(base: URL, recorder: Recorder, task: Task<Void, any Error>) {
        self.base = base
        self.recorder = recorder
        self.task = task
    }

    public func stop() { task.cancel() }

    // MARK: Responses

    public static func json(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    public static func ok(_ data: String) -> Response {
        json(#"{"code":0,"message":"ok","data":\#(data)}"#)
    }

    public static func failure(_ code: Int, status: HTTPResponse.Status, data: String = "null", headers: HTTPFields = [:]) -> Response {
        json(#"{"code":\#(code),"message":"failure \#(code)","data":\#(data)}"#, status: status, headers: headers)
    }

    /// An event stream that writes `chunks` with `pause` between them, then ends (or breaks).
    public static func events(_ chunks: [String], pause: Duration = .milliseconds(20), thenBreak: Bool = false, thenStall: Duration? = nil) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for chunk in chunks {
                    try await writer.write(ByteBuffer(string: chunk))
                    try await Task.sleep(for: pause)
                }
                if let thenStall { try await Task.sleep(for: thenStall) }
                if thenBreak { throw TestFailure("dropped on purpose") }
                try await writer.finish(nil)
            })
    }

    public static func text(_ words: String) -> String {
        #"data: {"author":"nemo_agent","partial":false,"content":{"role":"model","parts":[{"text":"\#(words)"}]}}"# + "\n\n"
    }

    /// The routes every conversation needs before the one under test.
    public static func basics(_ router: Router<BasicRequestContext>, token: String = "nmv_usr_test") {
        router.post("/api/auth/anonymous-token") { _, _ in
            ok(#"{"token":"\#(token)","credits":100,"user_id":"anon_42","expires_at":\#(Int(Date().timeIntervalSince1970) + 3600)}"#)
        }
        router.post("/api/tasks/me/with-session/nemo_agent") { _, _ in ok(#"{"task_id":"t1","session_id":"1001","user_id":"anon_42"}"#) }
        router.get("/api/state/nemo_agent/me/:session/latest") { _, _ in ok(exportableState) }
    }

    public static let exportableState = #"{"state":{"draft":{"t":[{"tt":0,"sg":[{"src":"media:1","n":"clip.mp4","st":0,"d":3000}]}],"d":3000}}}"#
}
