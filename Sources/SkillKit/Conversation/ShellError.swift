import Foundation

/// Mistakes in what the user asked the shell itself to do.
public enum ShellError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownSkill(name: String, installed: [String])
    case noSkills(searched: [String])
    /// A skill that was found but is instructions for a model, not a video skill.
    case notAVideoSkill(name: String, runnable: [String])
    /// A skill whose manifest was refused when the skills were loaded.
    case refusedSkill(name: String, file: String, problems: [ManifestProblem])
    case unknownCommand(String)
    case uploadNeedsPath
    case notConnected(reason: String)
    /// An export format the renderer does not write.
    case unsupportedExportFormat(String)
    /// `export captions` with no caption lines on the timeline.
    case noCaptions

    public var description: String {
        switch self {
        case .unknownSkill(let name, let installed):
            return "No skill named '\(name)'. Installed: \(installed.joined(separator: ", "))."
        case .notAVideoSkill(let name, let runnable):
            return "'\(name)' is instructions for a model, and this shell runs video skills; choose one of: \(runnable.joined(separator: ", "))."
        case .refusedSkill(let name, let file, let problems):
            let first = problems.first.map { problem in problem.line.map { " on line \($0): \(problem.sentence)" } ?? ": \(problem.sentence)" } ?? "."
            let count = problems.count == 1 ? "a problem" : "\(problems.count) problems, the first"
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            return "The skill '\(name)' was not loaded: \(file) has \(count)\(first) See every problem with: skillshell skills --check \(folder)"
        case .noSkills(let searched):
            return "No skills found; looked in \(searched.joined(separator: ", ")). Point to a folder of skills with --skills-dir DIR."
        case .unknownCommand(let command):
            return "Unknown command \(command); type /help for the list."
        case .uploadNeedsPath:
            return "Which file? Type or drop its path, for example: /upload ~/Videos/clip.mp4"
        case .notConnected(let reason):
            return "Not connected to the backend (\(reason)); try again, or type /quit."
        case .noCaptions:
            return "There are no captions to export yet; say \"add captions\" first."
        case .unsupportedExportFormat(let format):
            return "Exports are MP4 (H.264 video, AAC sound), which every Discord client plays; \(format.uppercased()) isn't written. Say export for an MP4."
        }
    }
}
