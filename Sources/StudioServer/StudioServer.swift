import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import LocalStudio
import Logging
import ServiceLifecycle
import SkillKit

/// The local studio served over HTTP with exactly the cloud's routes, shapes and error codes.
public struct StudioServer: Sendable {
    public let studio: Studio
    public let configuration: ServerConfiguration

    public init(studio: Studio, configuration: ServerConfiguration) throws {
        self.studio = studio
        self.configuration = try configuration.validated()
    }

    /// Runs until `stop` is requested (graceful: the requests in flight finish) or the task is
    /// cancelled; `onRunning` receives the bound port.
    public func run(stop: ServerStop = ServerStop(), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let perAddress = AddressConnectionLimit(limit: configuration.maximumConnectionsPerAddress, countsLoopback: configuration.limitsLoopbackPeers)
        let app = Application(
            router: makeRouter(),
            // Slow clients cost a connection each and nothing else (no worker waits on them);
            // the idle timeout closes the ones that stop or trickle, one address holds at most
            // its share, and all of them together stay under the descriptor limit.
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [perAddress.handler(), WriteTimeoutHandler(timeout: .nanoseconds(Int64(configuration.writeTimeout / .nanoseconds(1))))],  // checked: a configured Duration in nanoseconds
                    idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1)))  // checked: a configured Duration in nanoseconds
                )),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "skillshell-studio",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumConnections, logger: Self.quietLogger)
            ),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger
        )
        let group = ServiceGroup(services: [app], logger: Self.quietLogger)
        if stop.attach(group) { return }
        try await group.run()
    }

    /// Logs only warnings: request lines can carry session ids, and nothing here logs tokens.
    static var quietLogger: Logger {
        var logger = Logger(label: "skillshell.studio")
        logger.logLevel = .warning
        return logger
    }

    func makeRouter() -> Router<StudioRequestContext> {
        let router = Router(context: StudioRequestContext.self)
        if let secret = configuration.secret, !configuration.isLoopback {
            router.add(middleware: SecretMiddleware(secret: secret))
        }
        if configuration.isLoopback {
            // A web page cannot drive a loopback studio through DNS rebinding: its requests carry
            // the page's own host name.
            router.add(middleware: LoopbackHostMiddleware())
        }
        let routes = StudioRoutes(
            studio: studio, configuration: configuration,
            mints: TokenMintLimit(perHour: configuration.starterTokensPerAddressPerHour, countsLoopback: configuration.limitsLoopbackPeers)
        )
        router.post("/api/auth/anonymous-token", use: routes.anonymousToken)
        router.post("/api/tasks/me/with-session/nemo_agent", use: routes.createSession)
        router.post("/run_sse", use: routes.runSSE)
        router.post("/api/upload-video/nemo_agent/me/:session", use: routes.upload)
        router.get("/api/credits/balance/simple", use: routes.credits)
        router.get("/api/state/nemo_agent/me/:session/latest", use: routes.state)
        router.post("/api/render/proxy/lambda", use: routes.startRender)
        router.get("/api/render/proxy/lambda/:render", use: routes.renderStatus)
        router.get("/api/render/proxy/:render/download", use: routes.download)
        router.post("/api/auth/claim-token", use: routes.claimToken)
        router.get("/workspace/claim", use: routes.claimPage)
        router.get("/workspace/claim/export/:render", use: routes.claimExport)
        return router
    }
}

/// On a loopback bind, answers only requests addressed to this machine by a loopback name:
/// `localhost`, `127.x.x.x` or `[::1]`, with any port.
struct LoopbackHostMiddleware: RouterMiddleware {
    typealias Context = StudioRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let host = request.head.authority ?? request.header("Host"), Self.isLoopback(host) else {
            return APIResponse.error(code: .forbidden, status: .forbidden, message: "This studio answers only requests addressed to localhost or 127.0.0.1.")
        }
        return try await next(request, context)
    }

    static func isLoopback(_ authority: String) -> Bool {
        var name = authority.lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber) && rest.count > 1) else { return false }
            return name[name.index(after: name.startIndex)..<close] == "::1"
        }
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return false }
            name = String(name[..<colon])
        }
        if name == "localhost" || name == "localhost." { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
            }
    }
}

/// Refuses every request without the shared secret, compared in constant time.
struct SecretMiddleware: RouterMiddleware {
    typealias Context = StudioRequestContext
    let secret: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A browser cannot send the secret; the claim page's own token is its credential.
        if request.method == .get, request.uri.path == "/workspace/claim" || request.uri.path.hasPrefix("/workspace/claim/") {
            return try await next(request, context)
        }
        let given = Array((request.header("X-Studio-Secret") ?? "").utf8)
        let expected = Array(secret.utf8)
        var difference = given.count ^ expected.count
        for index in expected.indices { difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0)) }
        guard difference == 0 else {
            return APIResponse.error(code: .unauthorized, status: .unauthorized, message: "This studio needs its shared secret in X-Studio-Secret.")
        }
        return try await next(request, context)
    }
}
