import Foundation

/// Writes to the standard streams: the one place in the project that prints.
struct Console: Sendable {
    static let standard = Console()

    let isTerminal: Bool = isatty(STDOUT_FILENO) == 1
    let inputIsTerminal: Bool = isatty(STDIN_FILENO) == 1

    func print(_ text: String) {
        write(text + "\n")
    }

    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
