import Foundation

/// Runs a script of lines through a conversation, as `skillshell < session.txt` does.
public struct TranscriptRunner: Sendable {
    /// Lines longer than this are refused rather than sent.
    public static let maximumLineLength = 65_536

    public var keepGoing: Bool

    public init(keepGoing: Bool = false) {
        self.keepGoing = keepGoing
    }

    /// Whether a script line is to be run: blank lines and `#` comments are skipped.
    public static func isCommand(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    /// Runs `lines` in order, echoing each as `> line`; returns how many turns failed.
    ///
    /// Without `keepGoing` the script stops at the first failed turn.
    public func run<Lines: AsyncSequence>(_ lines: Lines, conversation: Conversation, output: any ShellOutput) async throws -> Int
    where Lines.Element == String {
        var failures = 0
        for try await raw in lines {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            guard Self.isCommand(line) else { continue }
            let command = line.trimmingCharacters(in: .whitespaces)
            guard command.count <= Self.maximumLineLength else {
                output.emit(.echo(String(command.prefix(60)) + "…"))
                output.emit(.error("This line is \(command.count) characters long, over the limit of \(Self.maximumLineLength); split it up."))
                failures += 1
                if keepGoing { continue } else { break }
            }
            output.emit(.echo(command))
            let outcome = await conversation.handle(command)
            if outcome == .quit { break }
            if outcome == .failed || outcome == .cancelled {
                failures += 1
                if !keepGoing { break }
            }
        }
        return failures
    }
}
