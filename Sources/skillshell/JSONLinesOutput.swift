import Foundation
import SkillKit
import Synchronization

/// `--json`: one JSON object a line on standard output, for scripts.
///
/// Every line has a `type`: `input` (a scripted line being run), `text` (the agent's words, a
/// paragraph at a time), `tool` (a step the agent runs), `progress` (`label`, `fraction` 0…1 or
/// null, `detail`), `result` (what the shell did or found, with `level`: `info`, `success`,
/// `warning` or `timeline`) and `error` (`message`). Nothing else is written to standard output.
final class JSONLinesOutput: ShellOutput, Sendable {
    private let writer: Mutex<LineWriter>

    init(console: Console = .standard) {
        writer = Mutex(LineWriter(console: console))
    }

    func emit(_ message: ShellMessage) {
        writer.withLock { $0.emit(message) }
    }
}

/// The JSON lines written so far: the agent's paragraph being gathered and when each
/// progress label was last written; changed by one message at a time.
private struct LineWriter {
    let console: Console
    var paragraph = ""
    var lastProgress: [String: ContinuousClock.Instant] = [:]

    mutating func emit(_ message: ShellMessage) {
        switch message {
        case .agentText(let text):
            paragraph += text
            return
        case .agentTextEnd:
            flushParagraph()
            return
        default:
            flushParagraph()
        }
        switch message {
        case .echo(let line): write(["type": .string("input"), "line": .string(line)])
        case .greeting(let lines): write(["type": .string("result"), "level": .string("greeting"), "text": .string(lines.joined(separator: "\n"))])
        case .sent(let text): write(["type": .string("result"), "level": .string("sent"), "text": .string(text)])
        case .info(let text): write(["type": .string("result"), "level": .string("info"), "text": .string(text)])
        case .success(let text): write(["type": .string("result"), "level": .string("success"), "text": .string(text)])
        case .warning(let text): write(["type": .string("result"), "level": .string("warning"), "text": .string(text)])
        case .timeline(let lines): write(["type": .string("result"), "level": .string("timeline"), "text": .string(lines.joined(separator: "\n"))])
        case .error(let text): write(["type": .string("error"), "message": .string(text)])
        case .status(let text):
            if text.hasPrefix("working: ") {
                write(["type": .string("tool"), "name": .string(String(text.dropFirst("working: ".count)))])
            } else {
                write(["type": .string("result"), "level": .string("status"), "text": .string(text)])
            }
        case .progress(let label, let fraction, let detail):
            // At most five a second for each label, and always the last step.
            let now = ContinuousClock.now
            if let last = lastProgress[label], now - last < .milliseconds(200), (fraction ?? 0) < 1 { return }
            lastProgress[label] = now
            write(["type": .string("progress"), "label": .string(label), "fraction": fraction.map { .number(($0 * 1000).rounded() / 1000) } ?? .null, "detail": detail.map(JSONValue.string) ?? .null])
        case .progressEnd, .working, .agentText, .agentTextEnd:
            break
        }
    }

    private mutating func flushParagraph() {
        guard !paragraph.isEmpty else { return }
        write(["type": .string("text"), "text": .string(paragraph.trimmingCharacters(in: .newlines))])
        paragraph = ""
    }

    private func write(_ object: [String: JSONValue]) {
        console.write(JSONValue.object(object).jsonText() + "\n")
    }
}
