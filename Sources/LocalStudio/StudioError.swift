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
        default: return .agent(message: description)
        }
    }
}
