import Foundation

/// Splits a request into clauses: at commas, stops and semicolons, at "and", "then", "also",
/// "plus", and at 然后, 再, 并且, 还有, 同时. "between 5 and 10 seconds" stays whole: "and"
/// before a number does not split.
enum ClauseSplitter {
    static let separator = try! NSRegularExpression(
        pattern: #"[,;!?\n]+|\.(?=\s|$)|\s+(?:and\s+then|and\s+also|and(?!\s*(?:\d|⟨|a\s+half|(?:it\s+)?ends?\s+at|(?:it\s+)?finishes\s+at|(?:it\s+)?stops\s+at))|then|also|plus|(?<!everything|all|anything|nothing)\s+but|after\s+that|afterwards|as\s+well\s+as|&)\s+|(?:然后|并且|而且|还有|同时|另外|接着|之后再|再把|再|并把|以及)(?=\p{Han}|\s|\d|$)|(?<=[\p{Han}\w])(?<![谢多感常非十分太的好嗯行])\s*(?=(?:谢谢|多谢|感谢|谢啦)(?:你|啦|了)?\s*[!！~。.]*$)|(?<=[\p{Han}\w])(?<!\bno)(?<!\bok)(?<!\bokay)(?<!\bgreat)(?<!\bcool)(?<!\bawesome)(?<!\bperfect)(?<!\bnice)\s+(?=(?:thx|thnx|thanks|thank\s+(?:you|u)|ty|tysm|cheers)\s*[!.~]*$)"#,
        options: [.caseInsensitive]
    )

    /// Phrases whose "and" joins no clauses.
    static let fixedPhrases = try! NSRegularExpression(pattern: #"(?i)\b(black|back|up|rock|salt|cut|drag|copy|pros|trial|give|take|now|here|over|loud|nice|safe|sound|first)\s+and\s+(white|forth|down|roll|pepper|paste|drop|cons|error|there|then|over|clear|easy|sound|last|the\s+last)\b"#)

    static func split(_ text: String) -> [String] {
        let text = fixedPhrases.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: "$1-and-$2").replacingOccurrences(of: "-and-the last", with: "-and-the-last")
        let ns = text as NSString
        var pieces: [String] = []
        var cursor = 0
        for match in separator.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let piece = ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            let matched = ns.substring(with: match.range)
            // "再" inside "再小一点" opens a clause; "不再" and "再见" are words.
            if matched == "再", match.range.location > 0, ns.substring(with: NSRange(location: match.range.location - 1, length: 1)) == "不" { continue }
            if matched == "再", match.range.location + 1 < ns.length, ns.substring(with: NSRange(location: match.range.location + 1, length: 1)) == "见" { continue }
            // "原声再小声一点": after a bare track noun, 再 means "still more", not "then".
            if matched == "再", match.range.location + 1 < ns.length, "小大快慢短长低高轻响".contains(ns.substring(with: NSRange(location: match.range.location + 1, length: 1))),
                piece.trimmingCharacters(in: .whitespaces).range(of: #"^(?:把)?(?:原声|声音|音乐|背景音乐|配乐|人声|音量|视频|画面|字幕|文字|标题)$"#, options: .regularExpression) != nil
            {
                continue
            }
            // "faster, like 1.5", "smaller, say 8mb": an example value belongs to its clause.
            if matched.hasPrefix(","),
                ns.substring(from: match.range.location + match.range.length).range(
                    of: #"^\s*(?:(?:like|say|maybe|about|around|roughly|probably|e\.?g\.?)\s+\d|\d+(?:\.\d+)?\s*(?:fps|mb|x)?\s+(?:is|will|should)\s+(?:be\s+)?(?:fine|ok|okay|enough|do|plenty|good)\b)"#,
                    options: [.regularExpression, .caseInsensitive]) != nil
            {
                continue
            }
            // "10 seconds, from 0:05": a length and where it starts are one request.
            if matched.hasPrefix(","), ns.substring(to: match.range.location).range(of: #"\d\s*(?:seconds?|secs?|s|minutes?|mins?)$"#, options: [.regularExpression, .caseInsensitive]) != nil,
                ns.substring(from: match.range.location + match.range.length).range(of: #"^\s*(?:from|starting|beginning)\s+(?:at\s+)?\d"#, options: [.regularExpression, .caseInsensitive]) != nil
            {
                continue
            }
            pieces.append(piece)
            cursor = match.range.location + match.range.length
        }
        pieces.append(ns.substring(from: cursor))
        return pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
