import Foundation
import Synchronization

/// Receives everything the conversation wants shown; the executable decides how it looks.
public protocol ShellOutput: Sendable {
    func emit(_ message: ShellMessage)
}

/// One thing to show the user.
public enum ShellMessage: Sendable, Equatable {
    /// The line being run, in transcript mode.
    case echo(String)
    /// A skill's greeting.
    case greeting([String])
    /// Agent text, already translated; may be part of a paragraph.
    case agentText(String)
    /// The agent's paragraph is complete.
    case agentTextEnd
    /// The precise instruction sent in place of a loose one.
    case sent(String)
    case info(String)
    case success(String)
    case warning(String)
    case error(String)
    /// A passing status such as "Connecting..." or "working: trim_video".
    case status(String)
    /// Progress of an upload, render or download; `fraction` is 0...1 when known.
    case progress(label: String, fraction: Double?, detail: String?)
    /// The progress display is finished.
    case progressEnd
    /// The agent is working and has not answered yet: what it does, and since when. Sent when
    /// the work starts and when its label changes; an output that animates it (a spinner, the
    /// time so far) keeps its own clock, and stops at the next message of another kind.
    case working(String, since: ContinuousClock.Instant)
    /// A timeline summary, a line a track.
    case timeline([String])
}

/// Collects messages in memory, for tests and for callers that render later.
public final class CapturedOutput: ShellOutput, Sendable {
    private let stored = Mutex<[ShellMessage]>([])

    public init() {}

    public func emit(_ message: ShellMessage) {
        stored.withLock { $0.append(message) }
    }

    public var messages: [ShellMessage] {
        stored.withLock { $0 }
    }

    /// The messages as plain text, as a transcript shows them: streamed agent text joined,
    /// everything else one line each.
    public var text: String {
        var result = ""
        var inParagraph = false
        for message in messages {
            switch message {
            case .agentText(let text):
                result += text
                inParagraph = true
            case .agentTextEnd:
                if inParagraph { result += "\n" }
                inParagraph = false
            default:
                let line = PlainRendering.render(message)
                guard !line.isEmpty else { continue }
                if inParagraph { result += "\n" }
                inParagraph = false
                result += line + "\n"
            }
        }
        return result
    }
}

/// Plain text for a message, without colour: the transcript form.
public enum PlainRendering {
    public static func render(_ message: ShellMessage) -> String {
        switch message {
        case .echo(let line): return "> \(line)"
        case .greeting(let lines): return lines.joined(separator: "\n")
        case .agentText(let text): return text
        case .agentTextEnd: return ""
        case .sent(let text): return "→ \(text)"
        case .info(let text): return text
        case .success(let text): return "✓ \(text)"
        case .warning(let text): return "! \(text)"
        case .error(let text): return "✗ \(text)"
        case .status(let text): return text
        case .progress: return ""
        case .progressEnd: return ""
        case .working: return ""
        case .timeline(let lines): return lines.joined(separator: "\n")
        }
    }
}
