import NIOCore
import Synchronization

/// Counts the open connections of each remote address, so one machine cannot hold every slot
/// of the server with connections it never uses.
final class AddressConnectionLimit: Sendable {
    let limit: Int
    let countsLoopback: Bool
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int, countsLoopback: Bool) {
        self.limit = limit
        self.countsLoopback = countsLoopback
    }

    /// Counts `channel` in, or answers `false` when its address is at the limit; a counted
    /// channel is counted out when it closes.
    func admit(_ channel: any Channel) -> Bool {
        guard let address = channel.remoteAddress?.ipAddress else { return true }
        if !countsLoopback, Self.isLoopback(address) { return true }
        let admitted = open.withLock { open in
            let current = open[address, default: 0]
            guard current < limit else { return false }
            open[address] = current + 1
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { _ in
                self.open.withLock { open in
                    let left = open[address, default: 1] - 1
                    open[address] = left > 0 ? left : nil
                }
            }
        }
        return admitted
    }

    /// How many connections `address` holds now.
    func count(for address: String) -> Int {
        open.withLock { $0[address, default: 0] }
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// The handler that applies the limit to each new connection.
    func handler() -> AddressLimitHandler {
        AddressLimitHandler(limit: self)
    }
}

/// Closes a connection as it opens when its address already holds as many as allowed.
final class AddressLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Never
    let limit: AddressConnectionLimit
    /// One handler a connection, used on its event loop only: the check runs once.
    private var checked = false

    init(limit: AddressConnectionLimit) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { check(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        check(context)
        context.fireChannelActive()
    }

    private func check(_ context: ChannelHandlerContext) {
        guard !checked else { return }
        checked = true
        if !limit.admit(context.channel) { context.close(promise: nil) }
    }
}
