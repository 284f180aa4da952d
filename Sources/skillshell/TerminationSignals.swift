import Dispatch
import Foundation
import LocalStudio

/// SIGTERM and SIGHUP (the terminal closed) end the process as before, but first kill the
/// tools it started and give the terminal back its settings.
///
/// The tools run in their own process groups, so that Ctrl-C reaches only the shell; without
/// this, an encoder would outlive a shell that was told to stop.
enum TerminationSignals {
    /// Kept for the life of the process; written once, by `install` on the main task.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// - Parameter interrupt: whether Ctrl-C (SIGINT) ends the process the same way; commands
    ///   that cancel a turn on Ctrl-C (the REPL, `compress`) handle it themselves instead.
    static func install(interrupt: Bool = false) {
        var saved = termios()
        let terminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        let settings = saved
        for number in [SIGTERM, SIGHUP] + (interrupt ? [SIGINT] : []) {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                RunningTools.killAll()
                if terminal {
                    var restored = settings
                    tcsetattr(STDIN_FILENO, TCSANOW, &restored)
                }
                exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
