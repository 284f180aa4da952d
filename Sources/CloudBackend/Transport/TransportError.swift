import Foundation

/// A transfer that did not complete, in terms the API layer turns into sentences.
public enum TransportError: Error, Sendable, Equatable {
    /// The host name did not resolve.
    case unresolvedHost(String)
    /// Nothing accepted the connection.
    case connectionRefused(String)
    /// The connection or the transfer took too long, or went quiet.
    case timedOut
    /// TLS failed: a certificate that does not verify, or a handshake error.
    case insecure(String)
    /// The connection broke before the response was complete.
    case interrupted(String)
    /// A local file could not be read or written.
    case file(String)
    /// The response was larger than the caller allows.
    case responseTooLarge(limit: Int)
    /// Anything else libcurl reported.
    case other(code: Int, message: String)
}
