import Foundation

/// Reads times people write: "20 seconds", "1:30", "90s", "2 minutes", "20秒".
enum TimeExpression {
    /// One time, in milliseconds.
    static let pattern = #"(\d{1,2}:\d{2}(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:seconds?|secs?|s\b|sec\b|minutes?|mins?|m\b|秒|分钟))"#

    /// "from 0:05 to 0:30", "between 5s and 30s", and "from 1 to 4 seconds", where the first
    /// number takes the second's unit.
    static func range(in lower: String) -> Range<Int>? {
        guard let parts = captures(#"(?:from|between)\s+(\d{1,2}:\d{2}(?:\.\d+)?|\d+(?:\.\d+)?(?:\s*(?:seconds?|secs?|s\b|sec\b|minutes?|mins?|m\b|秒|分钟))?)\s*(?:to|until|and|-|–)\s*"# + pattern, in: lower) else {
            return nil
        }
        var first = parts[0].trimmingCharacters(in: .whitespaces)
        let second = parts[1].trimmingCharacters(in: .whitespaces)
        if !first.contains(":"), first.allSatisfy({ $0.isNumber || $0 == "." }) {
            first += String(second.drop { $0.isNumber || $0 == "." })
        }
        guard let a = milliseconds(first), let b = milliseconds(second), b > a else { return nil }
        return a..<b
    }

    static func milliseconds(_ text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        if value.contains(":") {
            let parts = value.split(separator: ":")
            guard parts.count == 2, let minutes = Double(parts[0]), let seconds = Double(parts[1]) else { return nil }
            return Int(((minutes * 60 + seconds) * 1000).rounded())
        }
        let number = value.prefix { $0.isNumber || $0 == "." }
        guard let amount = Double(number) else { return nil }
        let unit = value.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        let isMinutes = unit.hasPrefix("min") || unit == "m" || unit == "分钟"
        return Int((amount * (isMinutes ? 60_000 : 1000)).rounded())
    }

    /// All captures of `pattern` (which must have groups) in `text`, case-insensitive.
    static func captures(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }
}
