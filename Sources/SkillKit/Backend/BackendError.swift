import Foundation

/// What went wrong talking to a backend, each case worded as one sentence with the next step.
public enum BackendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1001 or HTTP 401.
    case invalidToken(fromEnvironment: Bool)
    /// 1002.
    case sessionNotFound
    /// 2001; `bindURL` is the registration link for anonymous users.
    case noCredits(bindURL: String?)
    /// 4001.
    case unsupportedFile(name: String)
    /// 4002.
    case fileTooLarge(name: String, bytes: Int64)
    /// HTTP 400.
    case missingClientID
    /// HTTP 402.
    case exportBlocked
    /// HTTP 429 after the one retry.
    case rateLimited
    case fileNotFound(path: String)
    case notAFile(path: String)
    case emptyFile(path: String)
    case nothingToExport
    /// The backend cannot fetch files from the web.
    case webUploadUnsupported(url: String)
    case renderFailed(reason: String)
    /// The connection failed; `what` says which step, `hint` what to try.
    case network(what: String, hint: String)
    case server(status: Int, message: String)
    case malformedResponse(what: String)
    /// The agent's stream reported a failure.
    case agent(message: String)

    public var description: String {
        switch self {
        case .invalidToken(let fromEnvironment):
            return fromEnvironment
                ? "The NEMO_TOKEN in your environment was refused; check it or unset it to use a free starter token."
                : "The starter token was refused even after renewing it; try again in a minute."
        case .sessionNotFound:
            return "The editing session was not found even after starting a new one; type /new to start over."
        case .noCredits(let bindURL):
            if let bindURL {
                return "You are out of credits; register at \(bindURL) to keep this project and get more."
            }
            return "You are out of credits; top up credits in your account and try again."
        case .unsupportedFile(let name):
            return "\(name) is not a supported file; use \(MediaRules.acceptedList)."
        case .fileTooLarge(let name, let bytes):
            return "\(name) is \(ByteSize.describe(bytes)), over the \(ByteSize.describe(MediaRules.maximumUploadBytes)) upload limit; trim or compress it first."
        case .missingClientID:
            return "The server asked for a client id and refused the one sent; remove ~/.config/nemovideo/client_id and try again."
        case .exportBlocked:
            return "Export is blocked on the free plan (this is not about credits); register or upgrade your plan to unlock export."
        case .rateLimited:
            return "The server is rate limiting requests; wait a minute and try again."
        case .fileNotFound(let path):
            return "There is no file at \(path); check the path (drag the file into the terminal to paste it)."
        case .notAFile(let path):
            return "\(path) is a folder, not a file; name a video file inside it."
        case .emptyFile(let path):
            return "\(path) is empty (0 bytes); pick the finished recording instead."
        case .webUploadUnsupported(let url):
            return "The local studio works offline and does not fetch \(url); download the file and drop it here instead."
        case .nothingToExport:
            return "There is nothing to export yet; upload a video first (type or drop its path)."
        case .renderFailed(let reason):
            return "The render failed: \(reason)"
        case .network(let what, let hint):
            return "\(what) failed; \(hint)"
        case .server(let status, let message):
            return message.isEmpty ? "The server answered with an error (HTTP \(status)); try again later." : "The server answered: \(message) (HTTP \(status))."
        case .malformedResponse(let what):
            return "The server's answer to \(what) could not be read; try again, and report it if it persists."
        case .agent(let message):
            return "The agent reported a problem: \(message)"
        }
    }
}
