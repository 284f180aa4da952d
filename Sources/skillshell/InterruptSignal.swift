import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT into a call of `onInterrupt`, so Ctrl-C cancels the running turn only.
///
/// While libedit reads a line the terminal does not send SIGINT at all (Ctrl-C is a key then);
/// this handles Ctrl-C during a turn.
final class InterruptSignal: @unchecked Sendable {  // DispatchSourceSignal is not Sendable; it is only set up and cancelled here
    private let source: DispatchSourceSignal
    private let handler = Mutex<(@Sendable () -> Void)?>(nil)

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.handler.withLock { $0 }?()
        }
        source.resume()
    }

    /// What to do on the next Ctrl-C; `nil` to ignore it.
    var onInterrupt: (@Sendable () -> Void)? {
        get { handler.withLock { $0 } }
        set { handler.withLock { $0 = newValue } }
    }

    deinit {
        source.cancel()
    }
}
