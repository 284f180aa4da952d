import CEdit
import Foundation

/// Reads lines from a terminal with libedit: editing keys, history and Tab completion.
///
/// `el_gets` blocks, so each read runs on its own thread behind a continuation. Ctrl-C while
/// typing is bound as a key (the terminal's `isig` is off only while libedit reads), so it
/// clears the line instead of killing the process; outside a read it stays a signal.
public final class LineEditor: @unchecked Sendable {
    /// What one read produced.
    public enum Input: Sendable, Equatable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C; `lineWasEmpty` tells whether anything had been typed.
        case interrupt(lineWasEmpty: Bool)
        /// Ctrl-D on an empty line, or the terminal closed.
        case endOfInput
    }

    /// Suggests completions for the text before the cursor: the word typed and its candidates.
    public typealias CompletionProvider = @Sendable (String) -> (partial: String, candidates: [String])

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: URL?
    private let completions: CompletionProvider
    private var prompt: UnsafeMutablePointer<CChar>?
    private var interrupted: Input?

    /// - Parameters:
    ///   - historyFile: where history is kept between sessions; it is written with mode 0600.
    public init(programName: String, historyFile: URL?, historySize: Int = 1000, completions: @escaping CompletionProvider) {
        guard let editLine = cedit_init(programName), let history = cedit_history_init(Int32(historySize)) else {
            fatalError("libedit could not start on this terminal")
        }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        self.completions = completions

        cedit_set_editor(editLine, "emacs")
        cedit_set_history(editLine, history)
        cedit_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        cedit_set_prompt(editLine, lineEditorPrompt)
        cedit_set_tty_flag(editLine, "-isig")
        cedit_add_function(editLine, "skillshell-complete", "Complete the word", lineEditorComplete)
        cedit_add_function(editLine, "skillshell-interrupt", "Clear the line", lineEditorInterrupt)
        cedit_bind(editLine, "^I", "skillshell-complete")
        cedit_bind(editLine, "^C", "skillshell-interrupt")
        // Ctrl-left and Ctrl-right move by words, as in most terminals.
        cedit_bind(editLine, "\\e[1;5D", "ed-prev-word")
        cedit_bind(editLine, "\\e[1;5C", "em-next-word")

        if let historyFile, FileManager.default.fileExists(atPath: historyFile.path) {
            cedit_history_load(history, historyFile.path)
        }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    /// Reads one line, showing `prompt`.
    public func readLine(prompt text: String) async -> Input {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: readLineBlocking(prompt: text))
            }
            thread.name = "skillshell.line-editor"
            thread.start()
        }
    }

    private func readLineBlocking(prompt text: String) -> Input {
        free(prompt)
        prompt = strdup(text)
        interrupted = nil
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if let interrupt = interrupted {
            interrupted = nil
            return interrupt
        }
        guard let raw, count > 0 else { return .endOfInput }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds a line to the history and saves the file, so history survives a crash.
    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        cedit_history_enter(history, line)
        guard let historyFile else { return }
        let folder = historyFile.deletingLastPathComponent()
        // try?: without the folder, history is not kept; editing works the same.
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        cedit_history_save(history, historyFile.path)
        chmod(historyFile.path, 0o600)
    }

    fileprivate var promptPointer: UnsafeMutablePointer<CChar>? { prompt }

    fileprivate func handleInterrupt(_ editLine: OpaquePointer) -> UInt8 {
        let info = el_line(editLine).pointee
        let empty = info.buffer == info.lastchar
        interrupted = .interrupt(lineWasEmpty: empty)
        // Leave what was typed visible, marked as abandoned, and start on a fresh line.
        if let cursor = info.cursor, let last = info.lastchar {
            el_cursor(editLine, Int32(cursor.distance(to: last)))
        }
        cedit_write_stdout("^C\n")
        return UInt8(CC_NEWLINE)
    }

    fileprivate func handleComplete(_ editLine: OpaquePointer) -> UInt8 {
        let info = el_line(editLine).pointee
        guard let buffer = info.buffer, let cursor = info.cursor else { return UInt8(CC_ERROR) }
        let length = buffer.distance(to: cursor)
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        let (partial, candidates) = completions(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Self.commonPrefix(candidates)
        if common.count > partial.count, common.hasPrefix(partial) {
            var addition = String(common.dropFirst(partial.count))
            if candidates.count == 1, !common.hasSuffix("/") { addition += " " }
            el_insertstr(editLine, addition)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 {
            if !common.hasSuffix("/") { el_insertstr(editLine, " ") }
            return UInt8(CC_REFRESH)
        }
        let names = candidates.map { candidate -> String in
            let trimmed = candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
            let last = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
            return candidate.hasSuffix("/") ? last + "/" : last
        }
        cedit_write_stdout("\n" + names.joined(separator: "  ") + "\n")
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

private func editor(_ editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = cedit_client_data(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
}

private let lineEditorPrompt: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { editLine in
    editor(editLine)?.promptPointer
}

private let lineEditorComplete: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    guard let editLine, let editor = editor(editLine) else { return UInt8(CC_ERROR) }
    return editor.handleComplete(editLine)
}

private let lineEditorInterrupt: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    guard let editLine, let editor = editor(editLine) else { return UInt8(CC_NEWLINE) }
    return editor.handleInterrupt(editLine)
}
