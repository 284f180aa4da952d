/// The `code` in the contract's envelope (`{"code", "message", "data"}`), shared by the cloud
/// client, which reads it, and `serve`, which writes it. The contract's own codes are in the
/// thousands; where it has none, the HTTP status stands in as the code.
public enum ContractCode: Int, Sendable, CaseIterable {
    case ok = 0
    /// The token is unknown or expired (with HTTP 401).
    case invalidToken = 1001
    /// The session is gone; open a new one.
    case sessionNotFound = 1002
    /// No credits left; `data.bind_id` names the account to register.
    case noCredits = 2001
    /// The file is not a kind the studio takes.
    case unsupportedFile = 4001
    /// The file is over the upload limit.
    case fileTooLarge = 4002
    case badRequest = 400
    /// A request without the server's shared secret.
    case unauthorized = 401
    /// An export without the attribution headers, or one the plan does not allow.
    case exportBlocked = 402
    case forbidden = 403
    case notFound = 404
    case conflict = 409
    case rateLimited = 429
    case internalError = 500
    /// The service cannot answer now (its database is down or restarting); `Retry-After` says
    /// when to try again.
    case unavailable = 503
}
