import Foundation
import Synchronization

/// Turns a transfer's progress into the words beside its bar: how much, how fast, how long.
public final class TransferMeter: Sendable {
    private let started: ContinuousClock.Instant
    /// When the first byte was counted, and how many there were then.
    private let first = Mutex<(time: ContinuousClock.Instant, bytes: Int64)?>(nil)

    public init(now: ContinuousClock.Instant = .now) {
        started = now
    }

    /// "12.3 MB of 480 MB · 51.2 MB/s · 0:09 left", with whatever is known so far.
    public func detail(for progress: TransferProgress, now: ContinuousClock.Instant = .now) -> String {
        var parts = [progress.total.map { "\(ByteSize.describe(progress.completed)) of \(ByteSize.describe($0))" } ?? ByteSize.describe(progress.completed)]
        let first = self.first.withLock { first in
            if first == nil, progress.completed > 0 { first = (now, progress.completed) }
            return first
        }
        // The rate from the first byte on, so connection set-up does not count as slowness.
        if let first, now - first.time >= .milliseconds(300), progress.completed > first.bytes {
            let seconds = Double((now - first.time).components.attoseconds) / 1e18 + Double((now - first.time).components.seconds)
            let rate = Double(progress.completed - first.bytes) / seconds
            parts.append("\(ByteSize.describe(Int64(CheckedNumber.clamped(rate, to: 0...Int.max))))/s")
            if let total = progress.total, total > progress.completed, rate > 0 {
                parts.append("\(Self.clock(CheckedNumber.clamped(Double(total - progress.completed) / rate, to: 0...359_999))) left")
            }
        }
        return parts.joined(separator: " · ")
    }

    /// "0:42", "1:05:09".
    public static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3600, minutes = seconds / 60 % 60, rest = seconds % 60
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
