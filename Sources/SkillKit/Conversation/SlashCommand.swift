import Foundation

/// A command typed with a leading slash.
public enum SlashCommand: Sendable, Equatable {
    case help
    case skill(String?)
    case skills
    case status
    case credits
    case upload([String])
    case export(ExportRequest)
    case new
    case resume
    case link
    case quit
    case unknown(String)

    /// Every command, for `/help` and Tab completion.
    public static let all: [(name: String, usage: String, summary: String)] = [
        ("/help", "/help", "list commands and example prompts"),
        ("/skill", "/skill NAME", "switch to another skill (keeps your session)"),
        ("/skills", "/skills", "list installed skills"),
        ("/status", "/status", "show the timeline"),
        ("/credits", "/credits", "show your credit balance"),
        ("/upload", "/upload PATH…", "upload files (or just type or drop a path)"),
        ("/export", "/export [720p|1080p|vertical] [SIZE], or /export captions", "render and download the video, or save its captions as .srt"),
        ("/new", "/new", "start a new session with an empty timeline"),
        ("/resume", "/resume", "finish exports a crash or a cut connection left behind"),
        ("/link", "/link", "show the link that opens this project in a browser"),
        ("/quit", "/quit", "leave (Ctrl-D works too)"),
    ]

    /// Parses `line` when it is a slash command; `nil` when it is something else, such as a path.
    public static func parse(_ line: String, paths: PathDetector = PathDetector()) -> SlashCommand? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("/") else { return nil }
        let words = ShellWords.split(trimmed)
        guard let first = words.first else { return nil }
        let name = first.text.lowercased()
        let argumentText = words.count > 1 ? String(trimmed[words[1].range.lowerBound...]) : ""
        let arguments = words.dropFirst().map(\.text)
        switch name {
        case "/help", "/?": return .help
        case "/skill": return .skill(arguments.first)
        case "/skills": return .skills
        case "/status", "/state": return .status
        case "/credits", "/balance": return .credits
        case "/upload": return .upload(words.dropFirst().map { paths.path(in: $0) ?? $0.text })
        case "/export": return .export(ExportRequest(parsing: argumentText))
        case "/new": return .new
        case "/resume": return .resume
        case "/link": return .link
        case "/quit", "/exit", "/q": return .quit
        default:
            // "/home/me/clip.mp4" is a dropped file, not a command.
            if paths.path(in: first) != nil { return nil }
            return .unknown(first.text)
        }
    }
}
