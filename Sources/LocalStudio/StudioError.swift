import Foundation
import SkillKit

/// Failures inside the local studio, each with the contract's code and a sentence for people.
public enum StudioError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingTool(String)
    case unreadableMedia(name: String)
    case sessionNotFound(String)
    case renderNotFound(String)
    case noCredits(userID: String)
    case unsupportedFormat(name: String)
    case fileTooLarge(name: String, bytes: Int64)
    case storage(String)
    /// 1001: the token is unknown or expired.
    case invalidToken
    /// A claim link that is unknown or expired.
    case claimInvalid
    /// HTTP 400: the anonymous-token call came without an X-Client-Id.
    case missingClientID
    /// HTTP 429: this client id already received a token within the window.
    case rateLimited(retryAfter: Int)
    /// HTTP 402: an export without the attribution headers.
    case exportBlocked
    /// A request the contract does not allow, such as malformed JSON.
    case badRequest(String)
    /// The request names something another request already holds (409).
    case conflict(String)
    /// The studio will not do this for any client (403).
    case forbidden(String)
    /// The account has as many renders waiting as it may (429).
    case tooManyRenders(limit: Int, retryAfter: Int)
    /// The records cannot be reached now (a database restarting): try again shortly (503).
    case unavailable(retryAfter: Int)

    public var description: String {
        switch self {
        case .missingTool(let tool):
            return "\(tool) is not installed; install it (Debian/Ubuntu: sudo apt-get install ffmpeg) and try again."
        case .unreadableMedia(let name):
            return "\(name) could not be read as video, audio or an image; it may be damaged or renamed. Try exporting it again from its app."
        case .sessionNotFound(let id):
            return "Session \(id) was not found."
        case .renderNotFound(let id):
            return "Render \(id) was not found."
        case .noCredits:
            return "No credits left."
        case .unsupportedFormat(let name):
            return "\(name) is not a supported format."
        case .fileTooLarge(let name, let bytes):
            return "\(name) is \(ByteSize.describe(bytes)), over the 500 MB limit."
        case .storage(let detail):
            return "The local studio could not write its files (\(detail)); check free disk space and permissions."
        case .invalidToken:
            return "The token is invalid or expired; get a new one."
        case .claimInvalid:
            return "This project link is unknown or has expired; type /link in skillshell for a fresh one."
        case .missingClientID:
            return "The X-Client-Id header is missing; send a UUID that identifies this client."
        case .rateLimited(let seconds):
            return "This client already received its starter token; try again in \(seconds) seconds."
        case .exportBlocked:
            return "Export needs the X-Skill-Source, X-Skill-Version and X-Skill-Platform headers."
        case .conflict(let detail):
            return "Conflict: \(detail)"
        case .forbidden(let detail):
            return detail
        case .tooManyRenders(let limit, let seconds):
            return "\(limit) renders of this account are already waiting or running; try again in \(seconds) seconds, when one has finished."
        case .badRequest(let detail):
            return detail
        case .unavailable(let seconds):
            return "The studio cannot reach its database right now; try again in \(seconds) seconds."
        }
    }

    /// The same failure as the shell's backend error, so messages match the cloud's.
    var backendError: BackendError {
        switch self {
        case .sessionNotFound: return .sessionNotFound
        case .noCredits: return .noCredits(bindURL: nil)
        case .unsupportedFormat(let name): return .unsupportedFile(name: name)
        case .fileTooLarge(let name, let bytes): return .fileTooLarge(name: name, bytes: bytes)
        case .renderNotFound(let id): return .renderFailed(reason: "the render \(id) is unknown to the local studio.")
        case .invalidToken: return .invalidToken(fromEnvironment: false)
        case .missingClientID: return .missingClientID
        case .rateLimited: return .rateLimited
        case .exportBlocked: return .exportBlocked
        default: return .agent(message: description)
        }
    }
}

extension StudioError: UserFacingError {}
