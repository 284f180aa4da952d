import Foundation

/// Parses and prints file sizes. "MB" is 1,000,000 bytes and "MiB" 1,048,576.
public enum ByteSize {
    private static let units: [(suffixes: [String], factor: Double)] = [
        (["gib"], 1_073_741_824), (["mib"], 1_048_576), (["kib"], 1024),
        (["gb", "g", "gbs", "gig", "gigs", "gigabyte", "gigabytes"], 1e9),
        (["mb", "m", "兆", "mbs", "meg", "megs", "mega", "megabyte", "megabytes", "兆字节"], 1e6),
        (["kb", "k", "kbs", "kilobyte", "kilobytes", "千字节"], 1e3), (["bytes", "byte", "b"], 1),
    ]

    /// The factor of a unit as people write it ("megs", "MiB", "兆"); `nil` if it is not one.
    public static func factor(forUnit unit: String) -> Double? {
        let key = unit.lowercased()
        return units.first { $0.suffixes.contains(key) }?.factor
    }

    /// `value` units of `factor` bytes, when that is a size a file can have.
    public static func bytes(_ value: Double, factor: Double) -> Int64? {
        CheckedNumber.bytes(value * factor)
    }

    /// Parses "10MB", "10 mb", "8MiB", "500 KB", "1.5GB"; `nil` when the text is not a size.
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        // Only ASCII digits: Swift counts 兆 and other numerals as numbers too.
        let digits = trimmed.prefix { $0.isASCIIDigit || $0 == "." || $0 == "," }
        guard !digits.isEmpty, let value = Double(digits.replacingOccurrences(of: ",", with: "")), value > 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard let factor = units.first(where: { $0.suffixes.contains(unit) })?.factor else { return nil }
        return CheckedNumber.bytes(value * factor)
    }

    /// Finds the first size written in a sentence: "compress under 10MB for Discord" → 10,000,000.
    public static func find(in sentence: String) -> Int64? {
        let pattern = #"(\d+(?:[.,]\d+)?)\s*(gib|mib|kib|gigabytes?|gigs?|gb|megabytes?|megs?|mb|kilobytes?|kb|兆|bytes|g|m|k)(?![a-z])"#
        // try?: a literal pattern, compiled by every ByteSize test.
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        let range = NSRange(sentence.startIndex..., in: sentence)
        guard let match = regex.firstMatch(in: sentence, range: range),
            let whole = Range(match.range, in: sentence)
        else { return nil }
        return parse(String(sentence[whole]))
    }

    /// "9.8 MB", "512 KB", "1.2 GB" in decimal units.
    public static func describe(_ bytes: Int64) -> String {
        let value = Double(bytes)
        switch value {
        case 1e9...: return trimmed(value / 1e9) + " GB"
        case 1e6...: return trimmed(value / 1e6) + " MB"
        case 1e3...: return trimmed(value / 1e3) + " KB"
        default: return "\(bytes) bytes"
        }
    }

    private static func trimmed(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
