import ServiceLifecycle
import Synchronization

/// Asks a running ``StudioServer`` to stop gracefully: it stops accepting connections, lets the
/// requests in flight finish, and `run` returns. A stop asked for before the server runs is
/// kept and carried out as soon as it does.
public final class ServerStop: Sendable {
    private enum State {
        case waiting
        case running(ServiceGroup)
        case requested
    }

    private let state = Mutex(State.waiting)

    public init() {}

    /// Starts the graceful shutdown (once; later calls do nothing more).
    public func request() async {
        let group = state.withLock { state -> ServiceGroup? in
            switch state {
            case .running(let group):
                state = .requested
                return group
            case .waiting, .requested:
                state = .requested
                return nil
            }
        }
        await group?.triggerGracefulShutdown()
    }

    /// Called by the server once its service group exists; true when a stop was already asked for.
    func attach(_ group: ServiceGroup) -> Bool {
        state.withLock { state in
            if case .requested = state { return true }
            state = .running(group)
            return false
        }
    }
}
