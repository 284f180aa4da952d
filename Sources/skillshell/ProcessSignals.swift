import Dispatch
import Foundation
import Synchronization

/// Every signal the process acts on, handled in one place for every command.
///
/// - Ctrl-C (SIGINT) cancels the running turn where there is one to cancel (the REPL, `compress`);
///   where there is none (a scripted session, `serve`) it stops the process like SIGTERM.
///   While libedit reads a line the terminal sends no SIGINT at all: Ctrl-C is a key then.
/// - SIGTERM, and SIGHUP (the terminal closed), stop the process: the command's `stop` runs
///   (the studio ends its encoders and tools, `serve` finishes the requests in flight), the
///   terminal gets its settings back, and the process exits with 128 + the signal's number.
///
/// Tools run in their own process groups so that Ctrl-C reaches only the shell; this is what
/// keeps an encoder from outliving a shell that was told to stop.
final class ProcessSignals: Sendable {
    /// What the command does when it is told to stop. It may return (the process then exits
    /// here) or end the process itself by returning from its `run`.
    typealias Stop = @Sendable (Int32) async -> Void

    private struct Handlers {
        var interrupt: (@Sendable () -> Void)?
        var stop: Stop?
        var interruptStops = false
        var stopping: Int32?
    }

    private let handlers = Mutex(Handlers())
    /// The dispatch sources, kept for the life of the process.
    private let sources = Mutex<[any DispatchSourceSignal]>([])
    private let terminal: termios?

    /// The process's one instance; `install` sets it to work.
    static let shared = ProcessSignals()

    private init() {
        var saved = termios()
        terminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0 ? saved : nil
    }

    /// Takes over SIGINT, SIGTERM and SIGHUP for a command, first thing in its `run`.
    /// - Parameter interruptStops: whether Ctrl-C stops the process (no turn to cancel) or
    ///   only calls ``onInterrupt``.
    func install(interruptStops: Bool) {
        handlers.withLock { $0.interruptStops = interruptStops }
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in received(number) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// The command's part of stopping, once it has something to stop (a backend, a server).
    var onStop: Stop? {
        get { handlers.withLock { $0.stop } }
        set { handlers.withLock { $0.stop = newValue } }
    }

    /// The signal that is stopping the process, once one has.
    var stopSignal: Int32? { handlers.withLock { $0.stopping } }

    /// What Ctrl-C does now (cancel this turn), or nil to let it pass.
    var onInterrupt: (@Sendable () -> Void)? {
        get { handlers.withLock { $0.interrupt } }
        set { handlers.withLock { $0.interrupt = newValue } }
    }

    private func received(_ number: Int32) {
        let action = handlers.withLock { handlers -> (stop: Stop?, interrupt: (@Sendable () -> Void)?) in
            if number == SIGINT, !handlers.interruptStops { return (nil, handlers.interrupt) }
            guard handlers.stopping == nil else { return (nil, nil) }
            handlers.stopping = number
            return (handlers.stop ?? { _ in }, nil)
        }
        if let interrupt = action.interrupt { interrupt() }
        guard let stop = action.stop else { return }
        let terminal = self.terminal
        Task {
            await stop(number)
            if var restored = terminal { tcsetattr(STDIN_FILENO, TCSANOW, &restored) }
            // The main task may be blocked in a terminal read that no signal interrupts, so the
            // process ends here, once the command's stop has run.
            exit(128 + number)
        }
    }
}
