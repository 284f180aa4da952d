import Foundation
import Synchronization

/// An open session with the agent.
public struct BackendSession: Sendable, Equatable {
    public var sessionID: String
    public var userID: String?
    public var taskID: String?
    /// Whether the credential is an anonymous starter token.
    public var isAnonymous: Bool

    public init(sessionID: String, userID: String? = nil, taskID: String? = nil, isAnonymous: Bool = false) {
        self.sessionID = sessionID
        self.userID = userID
        self.taskID = taskID
        self.isAnonymous = isAnonymous
    }
}

/// One event of the agent's chat stream, already decoded from whichever shape it came in.
public enum AgentEvent: Sendable, Equatable {
    /// Text for the user (before GUI translation).
    case text(String)
    /// The agent started a tool step.
    case toolCall(name: String)
    /// A tool step finished.
    case toolResult(name: String)
    /// The agent is still working.
    case heartbeat
    /// The stream reported a failure.
    case failure(String)
}

/// A file the backend accepted.
public struct UploadedMedia: Sendable, Equatable {
    public var filename: String
    public var fileType: String?
    public var url: String?
    public var duration: Double?
    public var width: Int?
    public var height: Int?
    public var fps: Double?
    public var hash: String?

    public init(
        filename: String, fileType: String? = nil, url: String? = nil, duration: Double? = nil,
        width: Int? = nil, height: Int? = nil, fps: Double? = nil, hash: String? = nil
    ) {
        self.filename = filename
        self.fileType = fileType
        self.url = url
        self.duration = duration
        self.width = width
        self.height = height
        self.fps = fps
        self.hash = hash
    }

    /// "clip.mp4 (60s, 1920x1080, 60 fps)".
    public var summary: String {
        var facts: [String] = []
        if let duration { facts.append("\(TimelineSummary.seconds(CheckedNumber.clamped(duration * 1000, to: 0...CheckedNumber.maximumMilliseconds)))s") }
        if let width, let height, width > 0, height > 0 { facts.append("\(width)x\(height)") }
        if let fps, fps > 0, fps.isFinite { facts.append("\(fps.rounded() == fps && fps < 1e6 ? ExportSettings.number(fps) : String(format: "%.2f", fps)) fps") }
        return facts.isEmpty ? filename : "\(filename) (\(facts.joined(separator: ", ")))"
    }
}

/// The account's credits.
public struct CreditBalance: Sendable, Equatable {
    public var available: Double
    public var frozen: Double
    public var total: Double

    public init(available: Double, frozen: Double = 0, total: Double? = nil) {
        self.available = available
        self.frozen = frozen
        self.total = total ?? available + frozen
    }
}

/// The session's state: its draft and whatever else the backend returned.
public struct ProjectState: Sendable, Equatable {
    public var draft: Draft
    /// The whole `state` object as received (video_infos, canvas_config, generated_media…).
    public var raw: JSONValue

    public init(draft: Draft, raw: JSONValue = .object([:])) {
        self.draft = draft
        self.raw = raw
    }
}

/// A request to render the draft.
public struct RenderRequest: Sendable, Equatable {
    /// `render_<unix ms>`.
    public var id: String
    public var draft: Draft
    public var options: ExportOptions

    public init(id: String, draft: Draft, options: ExportOptions) {
        self.id = id
        self.draft = draft
        self.options = options
    }

    /// A fresh id in the contract's form; ids made in the same millisecond (a batch) still differ.
    public static func makeID(now: Date = Date()) -> String {
        let milliseconds = Int64(now.timeIntervalSince1970 * 1000)  // checked: this machine's clock, milliseconds since 1970
        let value = lastID.withLock { last in
            last = max(milliseconds, last + 1)
            return last
        }
        return "render_\(value)"
    }

    private static let lastID = Mutex<Int64>(0)
}

/// Where a render stands.
public struct RenderStatus: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        case pending, processing, completed, failed
    }

    public var id: String
    public var phase: Phase
    /// 0–100.
    public var progress: Double?
    public var outputURL: String?
    public var duration: Double?
    public var size: Int64?
    public var failureReason: String?
    /// How long the server asks the client to wait before polling again.
    public var retryAfter: Duration?
    /// A line the backend wants shown, such as the encoding plan or an ETA.
    public var message: String?

    public init(
        id: String, phase: Phase, progress: Double? = nil, outputURL: String? = nil, duration: Double? = nil,
        size: Int64? = nil, failureReason: String? = nil, retryAfter: Duration? = nil, message: String? = nil
    ) {
        self.id = id
        self.phase = phase
        self.progress = progress
        self.outputURL = outputURL
        self.duration = duration
        self.size = size
        self.failureReason = failureReason
        self.retryAfter = retryAfter
        self.message = message
    }
}
