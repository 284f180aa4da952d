import Testing

@testable import CloudBackend

/// The recovery rules as a table: a kind of request, what happened to each attempt, and the
/// steps the policy takes.
struct RequestPolicyTests {
    typealias Attempt = RequestPolicy.Attempt
    typealias Step = RequestPolicy.Step

    static let wait = Duration.seconds(30)

    /// A read (safe to repeat), a chat turn or an upload (never repeated unanswered), a request
    /// with the user's NEMO_TOKEN, and the starter-token call.
    static func read() -> RequestPolicy { RequestPolicy(ownsToken: true, retriesUnanswered: true, rateLimitWait: wait) }
    static func turn() -> RequestPolicy { RequestPolicy(ownsToken: true, retriesUnanswered: false, rateLimitWait: wait) }
    static func withUserToken() -> RequestPolicy { RequestPolicy(ownsToken: false, retriesUnanswered: true, rateLimitWait: wait) }
    static func tokenCall() -> RequestPolicy {
        RequestPolicy(ownsToken: false, retriesUnanswered: false, rateLimitWait: wait, renewsClientIDOnBadRequest: true)
    }

    static let table: [(String, RequestPolicy, [Attempt], [Step])] = [
        ("an answer is delivered", read(), [.answered], [.deliver]),
        ("a refused starter token is renewed once", read(), [.refused(.invalidToken), .refused(.invalidToken)], [.renewToken, .fail]),
        ("then the answer", read(), [.refused(.invalidToken), .answered], [.renewToken, .deliver]),
        ("the user's own token is never replaced", withUserToken(), [.refused(.invalidToken)], [.fail]),
        ("a 429 is waited out once", read(), [.refused(.rateLimited(retryAfter: nil)), .refused(.rateLimited(retryAfter: nil))], [.retry(after: wait), .fail]),
        ("a 429 and a refused token each once", turn(), [.refused(.rateLimited(retryAfter: nil)), .refused(.invalidToken), .refused(.rateLimited(retryAfter: nil))], [.retry(after: wait), .renewToken, .fail]),
        ("a read with no answer is repeated once", read(), [.unreachable(retryable: true), .unreachable(retryable: true)], [.retry(after: .seconds(1)), .fail]),
        ("but not after a failure of the lasting kind", read(), [.unreachable(retryable: false)], [.fail]),
        ("a turn with no answer is never repeated", turn(), [.unreachable(retryable: true)], [.fail]),
        ("the token call renews the client id on a 400, once", tokenCall(), [.refused(.badRequest(message: "")), .refused(.badRequest(message: ""))], [.renewClientID, .fail]),
        ("elsewhere a 400 is final", read(), [.refused(.badRequest(message: ""))], [.fail]),
        ("a lost session is the conversation's to replace", read(), [.refused(.sessionNotFound)], [.fail]),
        ("no credits", read(), [.refused(.noCredits(bindID: nil))], [.fail]),
        ("an unsupported file", turn(), [.refused(.unsupportedFile)], [.fail]),
        ("a server error", read(), [.refused(.server(status: 500, code: nil, message: ""))], [.fail]),
        ("a malformed answer", read(), [.refused(.malformed)], [.fail]),
    ]

    @Test(arguments: table.indices)
    func decides(_ row: Int) {
        let (name, start, attempts, expected) = Self.table[row]
        var policy = start
        let steps = attempts.map { policy.next(after: $0) }
        #expect(steps == expected, "\(name)")
    }
}
