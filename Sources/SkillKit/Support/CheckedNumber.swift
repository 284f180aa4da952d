import Foundation

/// Conversions of numbers that come from outside (what people type, drafts, subtitle files,
/// probe output) into the integers the code computes with. None of them traps: each either
/// clamps to a stated range or answers `nil`, and callers say which they want.
public enum CheckedNumber {
    /// The longest time anything here deals with: 100 hours, in milliseconds.
    public static let maximumMilliseconds = 360_000_000

    /// `value` as an integer when it is finite and inside `range`; `nil` otherwise.
    public static func integer(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        guard value.isFinite, value >= Double(range.lowerBound), value <= Double(range.upperBound) else { return nil }
        return Int(value.rounded())
    }

    /// `value` rounded and clamped into `range`; NaN reads as the lower bound.
    public static func clamped(_ value: Double, to range: ClosedRange<Int>) -> Int {
        guard !value.isNaN else { return range.lowerBound }
        if value <= Double(range.lowerBound) { return range.lowerBound }
        if value >= Double(range.upperBound) { return range.upperBound }
        return Int(value.rounded())
    }

    /// Seconds as milliseconds, when they fit in ``maximumMilliseconds``.
    public static func milliseconds(seconds: Double) -> Int? {
        integer(seconds * 1000, in: 0...maximumMilliseconds)
    }

    /// A byte count, when it is finite, positive and below 2^62.
    public static func bytes(_ value: Double) -> Int64? {
        guard value.isFinite, value >= 1, value < 4.6e18 else { return nil }
        return Int64(value.rounded(.down))
    }

    /// `a + b` that stops at the integer limits instead of trapping.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : result
    }
}
