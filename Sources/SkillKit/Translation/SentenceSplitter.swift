import Foundation

/// Cuts text into sentences, and buffers streamed text until a sentence is complete.
public struct SentenceSplitter: Sendable {
    private var pending = ""

    public init() {}

    /// Adds streamed text and returns the sentences it completed, with their trailing spaces.
    public mutating func append(_ chunk: String) -> [String] {
        pending += chunk
        let (complete, rest) = Self.split(pending, keepingIncompleteTail: true)
        pending = rest
        return complete
    }

    /// Whatever is left when the stream ends.
    public mutating func finish() -> String? {
        defer { pending = "" }
        return pending.isEmpty ? nil : pending
    }

    /// Splits whole text into sentences, each with the whitespace that follows it.
    public static func sentences(of text: String) -> [String] {
        let (complete, rest) = split(text, keepingIncompleteTail: false)
        return complete + (rest.isEmpty ? [] : [rest])
    }

    /// A sentence ends at `.!?` followed by whitespace, at `。！？`, or at a line break.
    private static func split(_ text: String, keepingIncompleteTail: Bool) -> ([String], String) {
        var sentences: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            current.append(character)
            let next = text.index(after: index)
            var ends = false
            if "。！？\n".contains(character) {
                ends = true
            } else if ".!?".contains(character) {
                if next < text.endIndex {
                    ends = text[next].isWhitespace
                } else {
                    ends = !keepingIncompleteTail
                }
            }
            if ends {
                var end = next
                while end < text.endIndex, text[end] == " " {
                    current.append(" ")
                    end = text.index(after: end)
                }
                sentences.append(current)
                current = ""
                index = end
                continue
            }
            index = next
        }
        return (sentences, current)
    }
}
