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
    /// The render was still running after the most polls one export gets.
    case renderStillRunning(checks: Int)
    /// The connection failed; `what` says which step, `hint` what to try.
    case network(what: String, hint: String)
    case server(status: Int, message: String)
    case malformedResponse(what: String)
    /// The agent's stream reported a failure.
    case agent(message: String)
    /// The chat stream ended before the turn did: dropped, or silent but for heartbeats.
    /// The message is never sent again; the conversation watches the state instead.
    case streamLost(StreamLoss)
    /// After a lost stream, the timeline did not change in any of the checks.
    case turnUnconfirmed(checks: Int, over: String)
    /// A file whose first bytes match no format the contract accepts; nothing was sent.
    case unrecognisedContent(name: String)

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
            return "The server asked for a client id and refused the one sent; unset NEMO_CLIENT_ID if you set it, or remove ~/.config/nemovideo/client_id, and try again."
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
        case .renderStillRunning(let checks):
            return "The export was still rendering after \(checks) checks; type /resume later to download it once it is done."
        case .network(let what, let hint):
            return "\(what) failed; \(hint)"
        case .server(let status, let message):
            return message.isEmpty ? "The server answered with an error (HTTP \(status)); try again later." : "The server answered: \(message) (HTTP \(status))."
        case .malformedResponse(let what):
            return "The server's answer to \(what) could not be read; try again, and report it if it persists."
        case .agent(let message):
            return "The agent reported a problem: \(message)"
        case .streamLost(let loss):
            return "\(loss.description) Your message was not sent again; type status to see what was applied."
        case .turnUnconfirmed(let checks, let span):
            return "The agent did not finish your request: the timeline was unchanged in \(checks) checks over about \(span). Say retry to send it again."
        case .unrecognisedContent(let name):
            return "\(name) does not look like a video, audio, image or subtitle file (its first bytes match none of \(ContentSignature.supportedList)), so nothing was uploaded."
        }
    }
}

/// How a chat stream was lost.
public enum StreamLoss: Sendable, Equatable, CustomStringConvertible {
    /// The connection dropped (after some of the answer, when `partway`).
    case dropped(partway: Bool)
    /// Nothing arrived at all for that long.
    case silent(Duration)
    /// Only heartbeats arrived for that long.
    case heartbeatsOnly(Duration)

    public var description: String {
        switch self {
        case .dropped(let partway): return "The connection to the agent dropped\(partway ? " part-way through the answer" : "")."
        case .silent(let span): return "The agent went quiet for \(Self.spoken(span))."
        case .heartbeatsOnly(let span): return "The agent sent only heartbeats for \(Self.spoken(span))."
        }
    }

    /// "10 minutes", "2 seconds", "1 second", "300 milliseconds".
    public static func spoken(_ span: Duration) -> String {
        let seconds = Int(span.components.seconds)  // checked: a Duration's whole seconds
        if seconds >= 120 { return "\(seconds / 60) minutes" }
        if seconds >= 1 { return seconds == 1 ? "1 second" : "\(seconds) seconds" }
        return "\(Int(span.components.attoseconds / 1_000_000_000_000_000)) milliseconds"  // checked: attoseconds below 1e18
    }
}
