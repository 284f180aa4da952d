import Foundation

/// Splits a line the way a shell would, so pasted and dropped paths come out whole.
///
/// Quotes open only at the start of a word, so apostrophes in "what's" stay ordinary letters;
/// a backslash escapes the next character, as terminals write dropped paths with spaces.
public enum ShellWords {
    /// One word of the line.
    public struct Word: Sendable, Equatable {
        /// The word with quotes and escapes removed.
        public var text: String
        /// The word as typed.
        public var raw: String
        /// Whether quotes or escapes were used, a sign of a pasted path.
        public var wasQuotedOrEscaped: Bool
        /// Where the word stands in the line.
        public var range: Range<String.Index>
    }

    public static func split(_ line: String) -> [Word] {
        var words: [Word] = []
        var index = line.startIndex
        while index < line.endIndex {
            while index < line.endIndex, line[index].isWhitespace { index = line.index(after: index) }
            guard index < line.endIndex else { break }
            let start = index
            var text = ""
            var marked = false
            let opening = line[index]
            if opening == "'" || opening == "\"",
                let close = closingQuote(opening, in: line, after: index)
            {
                text = String(line[line.index(after: index)..<close])
                marked = true
                index = line.index(after: close)
            }
            while index < line.endIndex, !line[index].isWhitespace {
                let character = line[index]
                if character == "\\", line.index(after: index) < line.endIndex {
                    index = line.index(after: index)
                    text.append(line[index])
                    marked = true
                } else {
                    text.append(character)
                }
                index = line.index(after: index)
            }
            words.append(Word(text: text, raw: String(line[start..<index]), wasQuotedOrEscaped: marked, range: start..<index))
        }
        return words
    }

    /// The matching quote, only when it ends a word (followed by whitespace or the line's end).
    private static func closingQuote(_ quote: Character, in line: String, after opening: String.Index) -> String.Index? {
        var index = line.index(after: opening)
        while index < line.endIndex {
            if line[index] == quote {
                let next = line.index(after: index)
                if next == line.endIndex || line[next].isWhitespace { return index }
            }
            index = line.index(after: index)
        }
        return nil
    }
}
