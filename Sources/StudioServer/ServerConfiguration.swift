import Foundation
import SkillKit

/// How `skillshell serve` listens.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless the operator allows more.
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Required for any non-loopback bind; clients send it as `X-Studio-Secret`.
    public var secret: String?
    /// Pause between the steps of an agent turn, so a stream can be watched (tests, demos).
    public var stepPacing: Duration
    /// How often a comment line keeps a quiet stream alive.
    public var heartbeatInterval: Duration
    /// The largest JSON request body.
    public var maximumJSONBytes: Int
    /// The longest `data:` line a chat stream sends.
    public var maximumEventBytes: Int
    /// How long a connection may go without a complete request part while it is idle or
    /// sending a request; then it is closed. Bytes alone do not count: a client that trickles a
    /// header a byte at a time is closed as well. A response being streamed is never cut.
    public var idleTimeout: Duration
    /// Whether each chat event carries its send time (microseconds) as its SSE `id:`, so a
    /// benchmark can measure what a client adds.
    public var stampEvents: Bool
    /// The most connections open at once, well under the process's descriptor limit; more wait
    /// in the kernel's queue until one closes (the idle timeout frees those held by silent
    /// clients).
    public var maximumConnections: Int
    /// The most connections one remote address may hold; more are closed as they open, so one
    /// machine cannot take every slot. Clients on this machine share one address and are not
    /// counted unless ``limitsLoopbackPeers`` is set.
    public var maximumConnectionsPerAddress: Int
    public var limitsLoopbackPeers: Bool
    /// Whether clients may ask the studio to fetch media from web addresses. Off by default: a
    /// studio that fetches for its clients is a proxy into the network it sits in.
    public var allowsURLUploads: Bool
    /// How long a response may wait for a client that stopped reading before the connection
    /// is closed.
    public var writeTimeout: Duration
    /// Starter tokens one remote address may mint in an hour.
    public var starterTokensPerAddressPerHour: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secret: String? = nil,
        stepPacing: Duration = .zero, heartbeatInterval: Duration = .seconds(5), maximumJSONBytes: Int = 2 << 20,
        stampEvents: Bool = false, maximumEventBytes: Int = 64 << 10, idleTimeout: Duration = .seconds(15),
        maximumConnections: Int = 512, maximumConnectionsPerAddress: Int = 32, limitsLoopbackPeers: Bool = false,
        allowsURLUploads: Bool = false, writeTimeout: Duration = .seconds(30), starterTokensPerAddressPerHour: Int = 10
    ) {
        self.starterTokensPerAddressPerHour = max(1, starterTokensPerAddressPerHour)
        self.writeTimeout = writeTimeout
        self.allowsURLUploads = allowsURLUploads
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerAddress = maximumConnectionsPerAddress
        self.limitsLoopbackPeers = limitsLoopbackPeers
        self.maximumEventBytes = maximumEventBytes
        self.idleTimeout = idleTimeout
        self.stampEvents = stampEvents
        self.host = host
        self.port = port
        self.secret = secret
        self.stepPacing = stepPacing
        self.heartbeatInterval = heartbeatInterval
        self.maximumJSONBytes = maximumJSONBytes
    }

    /// Whether `host` only accepts connections from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// Why a server configuration was refused.
public struct ServerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension ServerConfiguration {
    /// Refuses a non-loopback bind without a secret: the studio would be open to the network.
    public func validated() throws -> ServerConfiguration {
        if !isLoopback, (secret ?? "").count < 16 {
            throw ServerConfigurationError(description: "Binding to \(host) exposes the studio to the network; pass --allow-remote with a secret of at least 16 characters (--secret-file FILE or SKILLSHELL_SERVER_SECRET).")
        }
        return self
    }
}

extension ServerConfigurationError: UserFacingError {}
