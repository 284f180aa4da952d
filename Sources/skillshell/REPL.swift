import Foundation
import LineEditor
import SkillKit

/// The interactive loop: read a line with libedit, run it, repeat.
///
/// Ctrl-C while typing clears the line; on an empty line it explains how to leave, and a second
/// one leaves. Ctrl-C during a turn cancels that turn only. Ctrl-D on an empty line leaves.
struct REPL {
    let conversation: Conversation
    let registry: SkillRegistry
    let output: TerminalOutput
    let historyFile: URL

    func run() async {
        let names = registry.names
        let completer = Completer(skillNames: { names })
        let editor = LineEditor(programName: "skillshell", historyFile: historyFile) { text in
            let completion = completer.complete(text)
            return (completion.partial, completion.candidates)
        }
        await conversation.start()
        var interruptedOnEmptyLine = false
        while true {
            let prompt = "\(await conversation.skill.name)> "
            switch await editor.readLine(prompt: prompt) {
            case .endOfInput:
                Console.standard.write("\n")
                return
            case .interrupt(let lineWasEmpty):
                if lineWasEmpty {
                    if interruptedOnEmptyLine { return }
                    output.emit(.info("(Press Ctrl-C again or Ctrl-D to leave.)"))
                }
                interruptedOnEmptyLine = lineWasEmpty
            case .line(let line):
                interruptedOnEmptyLine = false
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                editor.remember(line)
                let turn = Task { await conversation.handle(line) }
                ProcessSignals.shared.onInterrupt = { turn.cancel() }
                let outcome = await turn.value
                ProcessSignals.shared.onInterrupt = nil
                if outcome == .quit { return }
            }
        }
    }
}
