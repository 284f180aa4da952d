import Foundation
import SkillKit
import Synchronization

@testable import LocalStudio
@testable import StudioServer

/// `skillshell serve`'s server, in this process, on 127.0.0.1 at a free port, with its own data
/// folder: the contract tests talk to it with `client`, the cloud client's tests with `base`.
public final class RunningServer: Sendable {
    public let studio: Studio
    public let client: TestHTTPClient
    public let folder: URL
    private let task: Task<Void, any Error>

    /// The server's address, for a `CloudBackend`.
    public var base: URL { URL(string: "http://127.0.0.1:\(client.port)")! }

    public static func start(
        credits: Double = 100, perTurn: Double = 1, tokenLifetime: TimeInterval = 3600,
        host: String = "127.0.0.1", secret: String? = nil, pacing: Duration = .zero, silentShare: Double = 0,
        idleTimeout: Duration = .seconds(15), maximumConnections: Int = 512, perAddress: Int = 32, limitLoopback: Bool = false,
        urlUploads: Bool = false, encoders: Int = 1, pendingPerAccount: Int = 4, folder existing: URL? = nil,
        writeTimeout: Duration = .seconds(30), claimLifetime: TimeInterval = 3600, clock: TestClock = TestClock(),
        measuresPicture: Bool = TestEncoding.measuresPicture, x264Preset: String? = TestEncoding.x264Preset
    ) async throws -> RunningServer {
        let folder = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID().uuidString.prefix(8))")
        let studio = try await Studio(
            configuration: StudioConfiguration(
                dataDirectory: folder.appendingPathComponent("studio"), startingCredits: credits, creditsPerTurn: perTurn,
                silentTurnShare: silentShare, pollInterval: .milliseconds(200), tokenLifetime: tokenLifetime,
                maximumEncoders: encoders, maximumPendingRendersPerAccount: pendingPerAccount, claimLifetime: claimLifetime,
                now: { clock.now }, measuresPicture: measuresPicture, x264Preset: x264Preset
            ))
        let server = try StudioServer(
            studio: studio,
            configuration: ServerConfiguration(
                host: host, port: 0, secret: secret, stepPacing: pacing, heartbeatInterval: .milliseconds(60),
                idleTimeout: idleTimeout, maximumConnections: maximumConnections, maximumConnectionsPerAddress: perAddress,
                limitsLoopbackPeers: limitLoopback, allowsURLUploads: urlUploads, writeTimeout: writeTimeout
            ))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return RunningServer(studio: studio, client: TestHTTPClient(port: port), folder: folder, task: task)
    }

    private init(studio: Studio, client: TestHTTPClient, folder: URL, task: Task<Void, any Error>) {
        self.studio = studio
        self.client = client
        self.folder = folder
        self.task = task
    }

    public func stop(keepingData: Bool = false) {
        task.cancel()
        if !keepingData { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: Steps every test needs

    public func token(client id: String = UUID().uuidString) async throws -> String {
        let response = try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": id])
        guard let token = response.data["token"] as? String else { throw TestFailure("no token: \(response.text)") }
        return token
    }

    public func session(_ token: String) async throws -> String {
        let response = try await client.json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, ["task_name": "project", "language": "en"])
        guard let id = response.data["session_id"] as? String else { throw TestFailure("no session: \(response.text)") }
        return id
    }

    public func upload(_ token: String, _ session: String, name: String, data: Data) async throws -> TestHTTPClient.Response {
        let (body, type) = TestHTTPClient.multipart([(name, data)])
        return try await client.send("POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(token)", "Content-Type": type], body: body)
    }

    public func chat(_ token: String, _ session: String, _ text: String) async throws -> TestHTTPClient.Response {
        try await client.json(
            "POST", "/run_sse", token: token, headers: ["Accept": "text/event-stream"],
            [
                "app_name": "nemo_agent", "user_id": "me", "session_id": session,
                "new_message": ["role": "user", "parts": [["text": text]]],
            ])
    }

    public static let attribution = ["X-Skill-Source": "video-compressor-for-discord-10mb", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"]
}

/// Wall-clock time that a test moves on instead of sleeping.
public final class TestClock: Sendable {
    public init() {}
    private let offset = Mutex<TimeInterval>(0)
    public var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}
