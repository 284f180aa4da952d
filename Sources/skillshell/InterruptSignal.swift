import Dispatch
import Foundation

/// Turns SIGINT into a call of `onInterrupt`, so Ctrl-C cancels the running turn only.
///
/// While libedit reads a line the terminal does not send SIGINT at all (Ctrl-C is a key then);
/// this handles Ctrl-C during a turn.
final class InterruptSignal: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            let handler = self.handler
            self.lock.unlock()
            handler?()
        }
        source.resume()
    }

    /// What to do on the next Ctrl-C; `nil` to ignore it.
    var onInterrupt: (@Sendable () -> Void)? {
        get { lock.withLock { handler } }
        set { lock.withLock { handler = newValue } }
    }

    deinit {
        source.cancel()
    }
}
