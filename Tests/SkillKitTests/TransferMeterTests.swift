import Testing

@testable import SkillKit

/// The words beside a transfer's bar.
struct TransferMeterTests {
    @Test func showsAmountThenRateAndTimeLeft() {
        let start = ContinuousClock.now
        let meter = TransferMeter(now: start)
        #expect(meter.detail(for: TransferProgress(completed: 0, total: 100_000_000), now: start) == "0 bytes of 100 MB")
        _ = meter.detail(for: TransferProgress(completed: 10_000_000, total: 100_000_000), now: start + .seconds(1))
        let later = meter.detail(for: TransferProgress(completed: 30_000_000, total: 100_000_000), now: start + .seconds(2))
        // 20 MB in the second since the first byte: 20 MB/s, and 70 MB to go is 3.5 s.
        #expect(later == "30 MB of 100 MB · 20 MB/s · 0:04 left", "\(later)")
        #expect(meter.detail(for: TransferProgress(completed: 5_000, total: nil), now: start + .seconds(3)).hasPrefix("5 KB"))
    }

    @Test func clockText() {
        #expect(TransferMeter.clock(42) == "0:42")
        #expect(TransferMeter.clock(3909) == "1:05:09")
    }
}
