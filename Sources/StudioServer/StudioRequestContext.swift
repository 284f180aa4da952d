import Hummingbird
import NIOCore
import Synchronization

/// The request context of the studio's routes: Hummingbird's basics and the peer's address.
struct StudioRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// How many starter tokens one remote address may mint in an hour. Clients on this machine
/// share one address and are not counted unless the server counts loopback peers.
final class TokenMintLimit: Sendable {
    let perHour: Int
    let countsLoopback: Bool
    private let minted = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(perHour: Int, countsLoopback: Bool) {
        self.perHour = perHour
        self.countsLoopback = countsLoopback
    }

    /// Counts one mint for `address`; answers the seconds to wait when it is over the limit.
    func admit(_ address: SocketAddress?) -> Int? {
        guard let ip = address?.ipAddress else { return nil }
        if !countsLoopback, AddressConnectionLimit.isLoopback(ip) { return nil }
        let now = ContinuousClock.now
        return minted.withLock { minted in
            var recent = minted[ip, default: []].filter { now - $0 < .seconds(3600) }
            defer { minted[ip] = recent.isEmpty ? nil : recent }
            guard recent.count < perHour else {
                let wait = (recent[0] + .seconds(3600)) - now
                return max(1, Int(wait.components.seconds))  // checked: a Duration's whole seconds
            }
            recent.append(now)
            return nil
        }
    }
}
