import Foundation

/// One clause of a request, in two aligned spellings (as typed, and lower case) with quoted
/// passages set aside, and a record of which characters a reading has used.
struct ClauseText {
    /// The clause as the user wrote it, quotes replaced by `⟦n⟧`.
    let cased: [Character]
    /// The same characters lowered one for one, so offsets agree between the two.
    let chars: [Character]
    let lower: String
    /// The quoted passages, by the number in their placeholder.
    let quotes: [String]
    private(set) var used: [Bool]
    private let utf16ToCharacter: [Int]

    init(cased text: String, quotes: [String]) {
        let casedChars = Array(text)
        cased = casedChars
        chars = casedChars.map { character in
            let lowered = character.lowercased()
            return lowered.count == 1 ? Character(lowered) : character
        }
        lower = String(chars)
        self.quotes = quotes
        used = Array(repeating: false, count: chars.count)
        var map: [Int] = []
        map.reserveCapacity(lower.utf16.count + 1)
        for (offset, character) in chars.enumerated() {
            for _ in 0..<String(character).utf16.count { map.append(offset) }
        }
        map.append(chars.count)
        utf16ToCharacter = map
    }

    /// A match with its ranges in characters.
    struct Match {
        var range: Range<Int>
        var groups: [Range<Int>?]

        func group(_ index: Int) -> Range<Int>? { index < groups.count ? groups[index] : nil }
    }

    func matches(_ regex: NSRegularExpression) -> [Match] {
        regex.matches(in: lower, range: NSRange(location: 0, length: lower.utf16.count)).map(convert)
    }

    func first(_ regex: NSRegularExpression) -> Match? {
        regex.firstMatch(in: lower, range: NSRange(location: 0, length: lower.utf16.count)).map(convert)
    }

    /// Matches that touch no character already used.
    func fresh(_ regex: NSRegularExpression) -> [Match] {
        matches(regex).filter { !isUsed($0.range) }
    }

    private func convert(_ result: NSTextCheckingResult) -> Match {
        func range(_ ns: NSRange) -> Range<Int>? {
            guard ns.location != NSNotFound else { return nil }
            return utf16ToCharacter[ns.location]..<utf16ToCharacter[ns.location + ns.length]
        }
        return Match(
            range: range(result.range) ?? 0..<0,
            groups: (1..<max(1, result.numberOfRanges)).map { range(result.range(at: $0)) }
        )
    }

    func text(_ range: Range<Int>?) -> String {
        guard let range else { return "" }
        return String(chars[range])
    }

    func casedText(_ range: Range<Int>) -> String { String(cased[range]) }

    func contains(_ word: String) -> Bool { lower.contains(word) }

    func isUsed(_ range: Range<Int>) -> Bool { range.contains { used[$0] } }

    mutating func use(_ range: Range<Int>?) {
        guard let range else { return }
        for index in range where index < used.count { used[index] = true }
    }

    /// The quoted passage whose placeholder sits in `range`, if any.
    func quote(in range: Range<Int>) -> (index: Int, range: Range<Int>)? {
        let text = self.text(range)
        guard let open = text.firstIndex(of: "⟦"), let close = text[open...].firstIndex(of: "⟧"),
            let number = Int(text[text.index(after: open)..<close]), number < quotes.count
        else { return nil }
        let start = range.lowerBound + text.distance(from: text.startIndex, to: open)
        let end = range.lowerBound + text.distance(from: text.startIndex, to: close) + 1
        return (number, start..<end)
    }

    /// Words not used by any reading, without the fillers a request carries.
    var unusedWords: [String] {
        var words: [String] = []
        var current = ""
        for (index, character) in chars.enumerated() {
            if !used[index], character.isLetter || character.isNumber || character == "'" || character == "⟦" || character == "⟧" {
                current.append(character)
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Digits nobody read: a value the user gave that was not understood.
    var unusedNumbers: [String] {
        unusedWords.filter { $0.contains(where: \.isASCIIDigit) && !$0.contains("⟦") }
    }
}
