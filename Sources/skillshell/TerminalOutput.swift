import Foundation
import SkillKit
import Synchronization

/// Shows the conversation's messages on the standard output.
///
/// On a terminal, status and progress share one line that is redrawn in place, and colour is
/// used unless `NO_COLOR` is set; elsewhere every line is plain and progress is left out.
final class TerminalOutput: ShellOutput, Sendable {
    private let screen: Mutex<Screen>
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    init(console: Console = .standard, interactive: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let colour = interactive && !noColour && environment["TERM"] != "dumb"
        screen = Mutex(Screen(console: console, interactive: interactive, colour: colour))
    }

    func emit(_ message: ShellMessage) {
        let startsSpinner = screen.withLock { screen in
            screen.show(message)
            return screen.spinnerWanted
        }
        if startsSpinner { spin() }
    }

    /// Redraws the spinner five times a second while the agent works in silence; the terminal's
    /// own clock, so the core sends one message when the work starts, not one a tick.
    private func spin() {
        Task { [self] in
            while screen.withLock({ $0.tick() }) {
                try? await Task.sleep(for: .milliseconds(200))  // cancelled with the process only; the next tick ends it
            }
        }
    }

    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())  // checked: the fraction is clamped to 0...1 on this line
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}

/// What the terminal shows now: the one transient line (status, progress) and whether the
/// agent's paragraph is open; changed by one message at a time.
private struct Screen {
    let console: Console
    let interactive: Bool
    let colour: Bool
    var transientShown = false
    var midParagraph = false
    var spinnerFrame = 0
    /// What the agent is doing and since when, while it works in silence.
    var working: (label: String, since: ContinuousClock.Instant)?
    /// Whether a spinner task runs.
    var spinning = false

    /// True once when a spinner should start: the agent works and no spinner runs yet.
    var spinnerWanted: Bool {
        mutating get {
            guard interactive, working != nil, !spinning else { return false }
            spinning = true
            return true
        }
    }

    /// Draws the next spinner frame; false (and the spinner stops) once the work is over.
    mutating func tick() -> Bool {
        guard let working else {
            spinning = false
            return false
        }
        let frame = TerminalOutput.spinner[spinnerFrame % TerminalOutput.spinner.count]
        spinnerFrame += 1
        let elapsed = Int((ContinuousClock.now - working.since).components.seconds)  // checked: a Duration's whole seconds, an integer
        showTransient(style("\(frame) \(working.label)  \(TransferMeter.clock(elapsed))", "2"))
        return true
    }

    mutating func show(_ message: ShellMessage) {
        switch message {
        case .working, .status, .warning:
            break
        default:
            working = nil  // anything else said ends the silent part
        }
        switch message {
        case .progress(let label, let fraction, let detail):
            guard interactive else { return }
            var line = label
            if let fraction { line += " " + TerminalOutput.bar(fraction) + String(format: " %3.0f%%", fraction * 100) }
            if let detail { line += "  \(detail)" }
            showTransient(line)
        case .status(let text):
            if interactive { showTransient(style(text, "2")) } else { writeLine(text) }
        case .progressEnd:
            clearTransient()
        case .working(let label, let since):
            guard interactive else { return }
            working = (label, since)
        case .agentText(let text):
            clearTransient()
            console.write(text)
            midParagraph = !text.hasSuffix("\n")
        case .agentTextEnd:
            if midParagraph { console.write("\n") }
            midParagraph = false
        case .echo(let line):
            writeLine("> \(line)")
        case .greeting(let lines):
            guard let first = lines.first else { return }
            writeLine(style(first, "1"))
            for line in lines.dropFirst() { writeLine(line) }
        case .sent(let text):
            writeLine(style("→ \(text)", "2"))
        case .info(let text):
            writeLine(text)
        case .success(let text):
            writeLine(style("✓ \(text)", "32"))
        case .warning(let text):
            writeLine(style("! \(text)", "33"))
        case .error(let text):
            writeLine(style("✗ \(text)", "31"))
        case .timeline(let lines):
            guard let first = lines.first else { return }
            writeLine(style(first, "36"))
            for line in lines.dropFirst() { writeLine(line) }
        }
    }

    private mutating func writeLine(_ text: String) {
        clearTransient()
        if midParagraph {
            console.write("\n")
            midParagraph = false
        }
        console.write(text + "\n")
    }

    private mutating func showTransient(_ text: String) {
        if midParagraph {
            console.write("\n")
            midParagraph = false
        }
        console.write("\r\u{1B}[2K" + text)
        transientShown = true
    }

    private mutating func clearTransient() {
        guard transientShown else { return }
        console.write("\r\u{1B}[2K")
        transientShown = false
    }

    private func style(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
