import Foundation
import SkillKit

/// Caption lines: cut from given text, or read from SubRip (.srt).
enum CaptionLines {
    /// One timed line.
    struct Line: Equatable {
        var start: Int
        var end: Int
        var text: String
    }

    /// At most this many characters a line, so a line reads in a glance.
    static let maximumCharacters = 42
    /// The same for 中文, which carries more in each character.
    static let maximumCJKCharacters = 16

    /// Cuts `text` into readable lines and spreads them over `duration` ms by their length.
    static func fromText(_ text: String, duration: Int) -> [Line] {
        let pieces = split(text)
        guard !pieces.isEmpty, duration > 0 else { return [] }
        let weights = pieces.map { max(8, $0.count) }
        let total = weights.reduce(0, +)
        var lines: [Line] = []
        var cursor = 0
        for (piece, weight) in zip(pieces, weights) {
            let length = duration * weight / total
            lines.append(Line(start: cursor, end: min(duration, cursor + length), text: piece))
            cursor += length
        }
        if var last = lines.popLast() {
            last.end = duration
            lines.append(last)
        }
        return lines
    }

    /// Sentences first, then words, so no line is longer than ``maximumCharacters``.
    static func split(_ text: String) -> [String] {
        let sentences = text.replacingOccurrences(of: #"([.!?。！？])\s*"#, with: "$1\n", options: .regularExpression)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var lines: [String] = []
        for sentence in sentences {
            if sentence.count <= maximumCharacters {
                lines.append(sentence)
                continue
            }
            let isCJK = sentence.unicodeScalars.contains { $0.properties.isIdeographic }
            if isCJK {
                var rest = Substring(sentence)
                while !rest.isEmpty {
                    lines.append(String(rest.prefix(20)))
                    rest = rest.dropFirst(20)
                }
                continue
            }
            var current = ""
            for word in sentence.split(separator: " ") {
                if !current.isEmpty, current.count + 1 + word.count > maximumCharacters {
                    lines.append(current)
                    current = ""
                }
                current += current.isEmpty ? String(word) : " " + word
            }
            if !current.isEmpty { lines.append(current) }
        }
        return lines
    }

    /// Reads SubRip: numbered blocks of `00:00:01,000 --> 00:00:02,500` and text.
    static func fromSRT(_ text: String) -> [Line] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{FEFF}", with: "")
        var lines: [Line] = []
        for block in normalized.components(separatedBy: "\n\n") {
            let rows = block.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard let timing = rows.firstIndex(where: { $0.contains("-->") }) else { continue }
            let parts = rows[timing].components(separatedBy: "-->")
            guard parts.count == 2, let start = timestamp(parts[0]), let end = timestamp(parts[1]), end > start else { continue }
            let body = rows[(timing + 1)...].joined(separator: " ")
                .replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
            if !body.isEmpty { lines.append(Line(start: start, end: end, text: body)) }
        }
        return lines
    }

    /// "00:01:02,500" → 62500 ms.
    static func timestamp(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let fields = trimmed.split(separator: ":")
        guard fields.count == 3, let hours = Double(fields[0]), let minutes = Double(fields[1]), let seconds = Double(fields[2]),
            hours >= 0, minutes >= 0, seconds >= 0
        else { return nil }
        // A cue past 100 hours (or with a 20-digit hour) is not one a video has: the cue is skipped.
        return CheckedNumber.milliseconds(seconds: hours * 3600 + minutes * 60 + seconds)
    }
}

extension CaptionLines {
    /// The longest a caption stays up, in ms, and the pause that starts a new one.
    static let maximumLineDuration = 4_500
    static let pauseThatBreaks = 700
    /// The shortest time a caption is shown, when the next one leaves room.
    static let minimumLineDuration = 1_000

    /// Groups timed words (timeline ms) into readable lines: at most ``maximumCharacters``
    /// characters and ``maximumLineDuration`` ms, broken at pauses and sentence ends, each shown
    /// for at least a second when the next line leaves room.
    static func fromWords(_ words: [(text: String, start: Int, end: Int)]) -> [Line] {
        var lines: [Line] = []
        var current: [(text: String, start: Int, end: Int)] = []
        // 中文 is written without spaces and reads denser: about 16 characters a line.
        let isCJK = words.contains { $0.text.unicodeScalars.contains { $0.properties.isIdeographic } }
        let limit = isCJK ? maximumCJKCharacters : maximumCharacters
        let separator = isCJK ? "" : " "
        func flush() {
            guard let first = current.first, let last = current.last else { return }
            lines.append(Line(start: first.start, end: last.end, text: current.map(\.text).joined(separator: separator)))
            current = []
        }
        for word in words {
            if let first = current.first, let last = current.last {
                let length = current.map(\.text.count).reduce(0, +) + (isCJK ? 0 : current.count) + word.text.count
                let endsSentence = last.text.last.map { ".!?。！？".contains($0) } ?? false
                // A comma or a semicolon is a place to break once the line has some length.
                let endsClause = (last.text.last.map { ",;:，；：".contains($0) } ?? false) && length > limit / 2
                if length > limit || word.end - first.start > maximumLineDuration
                    || word.start - last.end > pauseThatBreaks || endsSentence || endsClause
                {
                    flush()
                }
            }
            current.append(word)
        }
        flush()
        for index in lines.indices {
            let limit = index + 1 < lines.count ? lines[index + 1].start : Int.max
            if lines[index].end - lines[index].start < minimumLineDuration {
                lines[index].end = min(lines[index].start + minimumLineDuration, limit)
            }
        }
        return lines
    }
}
