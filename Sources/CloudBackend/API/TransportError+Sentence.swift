import SkillKit

extension TransportError {
    /// Whether repeating an idempotent request is worth a try.
    var isWorthRetrying: Bool {
        switch self {
        case .interrupted, .timedOut, .connectionRefused: return true
        default: return false
        }
    }

    /// The sentence for a failed transfer: which step failed and what to try.
    func backendError(doing operation: String, host: String?) -> BackendError {
        let server = host ?? "the server"
        switch self {
        case .unresolvedHost(let name):
            return .network(what: operation, hint: "the name \(name) could not be looked up; check your internet connection, or the address given with --api-base.")
        case .connectionRefused:
            return .network(what: operation, hint: "nothing answered at \(server); check the address and that the server is running, or use --backend local to work offline.")
        case .timedOut:
            return .network(what: operation, hint: "\(server) stopped answering; check your connection and try again in a minute.")
        case .insecure:
            return .network(what: operation, hint: "the secure connection to \(server) could not be verified, so nothing was sent; check the system clock and the ca-certificates package.")
        case .interrupted:
            return .network(what: operation, hint: "the connection to \(server) broke; try again.")
        case .file(let detail):
            return .network(what: operation, hint: "\(detail); check the file and the free space.")
        case .responseTooLarge(let limit):
            return .network(what: operation, hint: "the answer from \(server) was over \(ByteSize.describe(Int64(limit))), more than any valid answer; try again later.")
        case .other(_, let message):
            return .network(what: operation, hint: "\(message); try again.")
        }
    }
}
