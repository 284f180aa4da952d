import Foundation

/// What the contract lets a request recover from, decided in one place: each recovery at most
/// once a request, and only where the server cannot have acted on it.
///
/// The value is pure: it is told what happened to an attempt and answers the next step. The
/// loops in ``CloudBackend`` carry the steps out (``CloudBackend/carryOut(_:)``).
struct RequestPolicy: Sendable, Equatable {
    /// What happened to one attempt.
    enum Attempt: Sendable, Equatable {
        /// A usable answer.
        case answered
        /// The server answered with a failure.
        case refused(APIFailure)
        /// No answer came; `retryable` when the failure is of the passing kind (a reset, a
        /// timeout before anything was sent back).
        case unreachable(retryable: Bool)
    }

    /// The next step.
    enum Step: Sendable, Equatable {
        case deliver
        /// Send the same request again after the wait.
        case retry(after: Duration)
        /// Forget the starter token, get another, and send again.
        case renewToken
        /// Replace the client id and send again.
        case renewClientID
        /// Give up with the failure's sentence.
        case fail
    }

    /// Whether the token is a starter token this client may replace (not the user's NEMO_TOKEN).
    var ownsToken: Bool
    /// Whether a request that got no answer may be sent again: true where repeating cannot do
    /// anything twice (reads, and calls the server refused before acting).
    var retriesUnanswered: Bool
    /// How long to wait after a 429 before the one retry.
    var rateLimitWait: Duration
    /// Whether a 400 means the client id was refused (the starter-token call).
    var renewsClientIDOnBadRequest = false
    /// The pause before repeating an unanswered request.
    var unansweredWait: Duration = .seconds(1)

    /// The recoveries already used by this request.
    private(set) var used: Set<Recovery> = []

    enum Recovery: Sendable, Hashable { case token, rateLimit, clientID, unanswered }

    init(ownsToken: Bool, retriesUnanswered: Bool, rateLimitWait: Duration, renewsClientIDOnBadRequest: Bool = false) {
        self.ownsToken = ownsToken
        self.retriesUnanswered = retriesUnanswered
        self.rateLimitWait = rateLimitWait
        self.renewsClientIDOnBadRequest = renewsClientIDOnBadRequest
    }

    /// The step after `attempt`; spends the recovery it chooses.
    mutating func next(after attempt: Attempt) -> Step {
        switch attempt {
        case .answered:
            return .deliver
        case .unreachable(let retryable):
            guard retriesUnanswered, retryable, used.insert(.unanswered).inserted else { return .fail }
            return .retry(after: unansweredWait)
        case .refused(.invalidToken):
            guard ownsToken, used.insert(.token).inserted else { return .fail }
            return .renewToken
        case .refused(.rateLimited):
            guard used.insert(.rateLimit).inserted else { return .fail }
            return .retry(after: rateLimitWait)
        case .refused(.badRequest) where renewsClientIDOnBadRequest:
            guard used.insert(.clientID).inserted else { return .fail }
            return .renewClientID
        case .refused:
            return .fail
        }
    }
}
