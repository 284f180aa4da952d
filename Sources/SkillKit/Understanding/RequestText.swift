import Foundation

/// Puts a request into one spelling before it is parsed: full-width forms to ASCII, 中文
/// numerals and English number words to digits, thousands separators removed. Case is kept
/// (quoted titles keep theirs); the parser lowers what it matches.
public enum RequestText {
    /// The whole normalisation; the parser runs its two halves around setting quotes aside.
    public static func normalize(_ text: String) -> String {
        rewrite(halfWidthForms(text))
    }

    static let vowelless = try! NSRegularExpression(pattern: #"(?i)\btrm\b"#)

    /// Chat shorthand, spelled out: "vol up", "rm music", "2x spd", "vert", "sq crop", "wat can
    /// u do", "cut 1st 5 sec", "bg music", "w/o".
    static let shorthand = try! NSRegularExpression(
        pattern: #"(?i)\b(?:vol|rm|spd|vert|sq|wat|wut|wht|1st|horiz)\b|\bbg\b(?=\s+(?:music|song|track|audio))|\bw/o\b|\bsubs?\s+pls\b"#)
    static let shorthandWords = [
        "vol": "volume", "rm": "remove", "spd": "speed", "vert": "vertical", "sq": "square", "wat": "what", "wut": "what", "wht": "what",
        "1st": "first", "horiz": "horizontal", "bg": "background", "w/o": "without",
    ]

    /// `text` with ``shorthand`` spelled out, in one pass over the message.
    static func spellingOutShorthand(_ text: String) -> String {
        let ns = text as NSString
        var result = ""
        var cursor = 0
        for match in shorthand.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            result += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            let word = ns.substring(with: match.range).lowercased()
            result += shorthandWords[word] ?? "subtitles please"  // the one phrase: "sub(s) pls"
            cursor = match.range.location + match.range.length
        }
        return result + ns.substring(from: cursor)
    }

    /// Full-width ASCII and the ideographic space as ASCII; safe inside quoted titles.
    static func halfWidthForms(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map(halfWidth)))
    }

    /// Stops, numerals, number words, separators: not applied inside quotes.
    static func rewrite(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "。", with: ". ").replacingOccurrences(of: "、", with: ",")
        result = ChineseNumerals.rewrite(result)
        result = replace(Self.countWordBeforeUnit, in: result, with: "$1")
        result = replace(Self.ratio, in: result, with: "$1:$2")
        result = replace(Self.ratioInWords, in: result, with: "$1:$2")
        result = replace(Self.approximately, in: result, with: "$1$2")
        result = replace(Self.halfAUnit, in: result, with: "0.5 $1")
        result = NumberWords.rewrite(result)
        result = replace(Self.thousands, in: result, with: "$1$2")
        result = replace(Self.thousands, in: result, with: "$1$2")
        // A space where Latin letters meet 中文, so "trim前10秒" has its word boundary: a thin
        // space, which patterns read as any space and ``removingJoints(_:)`` takes out of words
        // given back to the user ("周末vlog" stays as typed).
        result = replace(Self.latinThenHan, in: result, with: "$1\u{2009}$2")
        result = replace(Self.hanThenLatin, in: result, with: "$1\u{2009}$2")
        result = replace(Self.unitWithoutNumber, in: result, with: "$1 1 $2")
        result = replace(Self.fillerBeforeNumber, in: result, with: "")
        // Short words too short for the near-miss reader, typed without their vowels.
        result = replace(Self.vowelless, in: result, with: "trim")
        result = spellingOutShorthand(result)
        return result
    }

    /// Full-width ASCII (Ａ, ０, ：, ，) and the ideographic space and stops, as ASCII.
    static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
        case 0x3000: return " "
        case 0x00A0: return " "
        default: return scalar
        }
    }

    /// The spaces ``rewrite(_:)`` put between scripts.
    static let joint: Character = "\u{2009}"

    /// `text` without the spaces normalising added.
    public static func removingJoints(_ text: String) -> String {
        text.contains(joint) ? String(text.filter { $0 != joint }) : text
    }

    static let latinThenHan = try! NSRegularExpression(pattern: #"([A-Za-z])(\p{Han})"#)
    static let hanThenLatin = try! NSRegularExpression(pattern: #"(\p{Han})([A-Za-z])"#)
    /// "the first minute" → "the first 1 minute".
    /// "cut the first like 5 seconds", "under um 8mb": a filler word between a cue and its number.
    static let fillerBeforeNumber = try! NSRegularExpression(
        pattern: #"(?i)(?<=\b(?:first|last|the|for|at|to|under|below|is|be|it|only|maybe)\s)(?:like|uh+|um+|erm|kinda|sorta)\s+(?=\d)"#)
    /// "half a gig", "half a meg": a half of one unit.
    static let halfAUnit = try! NSRegularExpression(pattern: #"(?i)\bhalf\s+an?\s+(gigs?|gigabytes?|gb|megs?|megabytes?|mb|minute|min)\b"#)
    /// "1个G", "两个M": the measure word between a number and its unit.
    static let countWordBeforeUnit = try! NSRegularExpression(pattern: #"(\d)\s*个\s*(?=[GgMmKk兆])"#)
    static let unitWithoutNumber = try! NSRegularExpression(pattern: #"(?i)\b(first|last|final|opening)\s+(minute|second|hour)\b"#)
    /// "9比16" → "9:16".
    /// "200多兆" → "200兆": about that much.
    static let approximately = try! NSRegularExpression(pattern: #"(\d+)\s*(?:多|来|余)\s*(兆|秒|分钟|分|m|M|mb|MB|G|g|gb|GB)"#)
    static let ratio = try! NSRegularExpression(pattern: #"(\d{1,2})\s*比\s*(\d{1,2})"#)
    /// "16 by 9": only the shapes a screen has, so "cut it by 5" and "1920 by 1080" stay as they are.
    static let ratioInWords = try! NSRegularExpression(
        pattern: #"(?<![\d.:])(?=(?:16\s+by\s+9|9\s+by\s+16|4\s+by\s+3|3\s+by\s+4|1\s+by\s+1|4\s+by\s+5|5\s+by\s+4|21\s+by\s+9|3\s+by\s+2|2\s+by\s+3)(?![\d.:]))(\d+)\s+by\s+(\d+)(?!\s*(?:seconds?|secs?|minutes?|mins?|%|percent|mb|megs?|times|fps|p\b))"#,
        options: [.caseInsensitive])
    static let thousands = try! NSRegularExpression(pattern: #"(\d),(\d{3})(?!\d)"#)

    static func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

/// 中文 numerals to digits where they count something: "前十秒" → "前10秒", "两百兆" → "200兆",
/// "百分之二十" → "20%", "三分之一" → "1/ 3", "一点五倍" → "1.5倍". "一下", "一个" and the like stay.
enum ChineseNumerals {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let multipliers: [Character: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10_000]
    /// What may follow a numeral that counts: units of time, size, rate and share.
    static let unitsAfter = ["秒", "分", "兆", "倍", "帧", "小时", "毫秒", "%", "成", "m", "k", "g", "s", "p", "f", "x", "个g", "个m", "比"]
    /// What may come before one.
    static let cuesBefore: [Character] = ["第", "前", "后", "到", "至", "成", "为", "在", "于", "调", "剪", "留", "要", "压", "缩", "于", "速", "比"]

    /// Words where a numeral does not count anything: 一下, 一点, 一些, 一起…
    static let fixedAfter = ["下", "些", "起", "样", "直", "遍", "次", "点", "会", "般", "切", "定", "半", "个"]

    static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || multipliers[c] != nil }

    static func rewrite(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.isIdeographic }) else { return text }
        let chars = Array(text)
        var out = ""
        var index = 0
        while index < chars.count {
            // 百分之N → N%
            if chars[index] == "百", index + 3 < chars.count + 1, Array(chars[index..<min(chars.count, index + 3)]) == ["百", "分", "之"] {
                var end = index + 3
                while end < chars.count, isNumeral(chars[end]) || chars[end] == "点" || chars[end].isASCIIDigit { end += 1 }
                let run = String(chars[(index + 3)..<end])
                if let value = value(of: run) ?? Double(run) {
                    out += format(value) + "%"
                    index = end
                    continue
                }
            }
            guard isNumeral(chars[index]) else {
                out.append(chars[index])
                index += 1
                continue
            }
            var end = index
            while end < chars.count, isNumeral(chars[end]) || (chars[end] == "点" && end + 1 < chars.count && isNumeral(chars[end + 1]) && end > index) {
                end += 1
            }
            let run = String(chars[index..<end])
            let after = String(chars[end..<min(chars.count, end + 4)]).lowercased().trimmingCharacters(in: .whitespaces)
            let before = index > 0 ? chars[index - 1] : " "
            // X分之Y: a fraction.
            if after.hasPrefix("分之"), end + 2 < chars.count {
                var tail = end + 2
                while tail < chars.count, isNumeral(chars[tail]) { tail += 1 }
                if let denominator = value(of: run), let numerator = value(of: String(chars[(end + 2)..<tail])), tail > end + 2 {
                    // A space after the slash: "2/ 3" is only ever a fraction, where "2/3" could
                    // be read as an aspect ratio (三分之二 is never one).
                    out += "\(format(numerator))/ \(format(denominator))"
                    index = tail
                    continue
                }
            }
            // "一个G" is a size: 个 before a unit does not make the numeral a word.
            let fixed = fixedAfter.contains(where: { after.hasPrefix($0) }) && !unitsAfter.contains(where: { after.hasPrefix($0) })
            // "两百多兆", "十来秒": a rough count before its unit counts too.
            let unit = after.first.map { "多来余".contains($0) } == true ? String(after.dropFirst()) : after
            // After 第 only a count of something the parser reads (第三秒, 第2条字幕): "第三天" in a
            // title stays as written.
            let ordinalOfWords = before == "第" && !(unitsAfter + ["条", "句", "行", "段", "个", "处"]).contains(where: { unit.hasPrefix($0) })
            // "压一压", "看一看": a verb said twice around 一 counts nothing.
            let reduplicated = run == "一" && end < chars.count && chars[end] == before
            let counts = !fixed && !reduplicated && (unitsAfter.contains(where: { unit.hasPrefix($0) }) || (cuesBefore.contains(before) && !ordinalOfWords))
            if counts, let number = value(of: run) {
                out += format(number)
            } else {
                out += run
            }
            index = end
        }
        return out
    }

    /// The value of a run such as "十五", "两百", "一千五百", "三点五", "二零"; `nil` if it is not one.
    static func value(of run: String) -> Double? {
        guard !run.isEmpty else { return nil }
        let parts = run.split(separator: "点", maxSplits: 1)
        guard let whole = integer(of: String(parts[0])) else { return nil }
        guard parts.count == 2 else { return Double(whole) }
        var fraction = ""
        for c in parts[1] {
            guard let digit = digits[c] else { return nil }
            fraction += String(digit)
        }
        return Double("\(whole).\(fraction)")
    }

    static func integer(of run: String) -> Int? {
        let chars = Array(run)
        if chars.allSatisfy({ $0.isASCIIDigit }) { return Int(run) }
        // Digits alone ("二零"): read as written.
        if chars.count > 1, chars.allSatisfy({ digits[$0] != nil }) {
            return Int(chars.map { String(digits[$0]!) }.joined())
        }
        var total = 0, section = 0, number = 0
        for c in chars {
            if let digit = digits[c] {
                number = digit
            } else if let multiplier = multipliers[c] {
                if multiplier == 10_000 {
                    total += (section + number) * multiplier
                    section = 0
                } else {
                    section += (number == 0 && multiplier == 10 ? 1 : number) * multiplier
                }
                number = 0
            } else {
                return nil
            }
            guard total < 1_000_000_000 else { return nil }
        }
        return total + section + number
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)  // checked: below 1e15 on this line
    }
}

/// English number words to digits: "ten seconds" → "10 seconds", "twenty-five" → "25",
/// "one and a half minutes" → "1.5 minutes", "half a minute" → "30 seconds". "a"/"one" become 1
/// only before a unit ("a minute"), so "this one" stays as it is.
enum NumberWords {
    static let small: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
    static let units = #"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|mb|megs?|megabytes?|gb|gigs?|gigabytes?|kb|kilobytes?|percent|per cent|%|fps|frames?|x\b|times)"#

    static let phrases: [(NSRegularExpression, String)] = [
        // Frame heights said the way people say them: "seven twenty p", "ten eighty p".
        (#"\bseven[\s-]+twenty[\s-]*p\b"#, "720p"),
        (#"\bten[\s-]+eighty[\s-]*p\b"#, "1080p"),
        (#"\bfour[\s-]+eighty[\s-]*p\b"#, "480p"),
        (#"\bthree[\s-]+sixty[\s-]*p\b"#, "360p"),
        (#"\bfive[\s-]+forty[\s-]*p\b"#, "540p"),
        (#"\bfourteen[\s-]+forty[\s-]*p\b"#, "1440p"),
        (#"\bhalf (?:a|an|one) minute\b"#, "30 seconds"),
        (#"\b(?:a|one) minute and (?:a )?half\b"#, "90 seconds"),
        (#"\bhalf (?:an|a|one) hour\b"#, "30 minutes"),
        (#"\b(?:a|one) and (?:a )?half (?=minutes?|mins?)"#, "1.5 "),
        (#"\b(?:a|an|one) (?=(?:second|sec|minute|min|hour|megabyte|meg|gigabyte|gig)\b)"#, "1 "),
        (#"\b(?:a|one) (?=hundred\b)"#, "1 "),
    ].map { (try! NSRegularExpression(pattern: $0.0, options: [.caseInsensitive]), $0.1) }

    static let word = try! NSRegularExpression(
        pattern: #"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|\d+)(?:(?:[\s-]+)(?:and\s+)?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred))*\b(?:\s+and\s+a\s+half\b)?"#,
        options: [.caseInsensitive]
    )
    static let unitAfter = try! NSRegularExpression(pattern: #"^\s*"# + units, options: [.caseInsensitive])

    static func rewrite(_ text: String) -> String {
        guard text.range(of: #"[a-zA-Z]"#, options: .regularExpression) != nil else { return text }
        var result = text
        for (regex, template) in phrases {
            result = RequestText.replace(regex, in: result, with: template)
        }
        result = decimals(in: result)
        let ns = result as NSString
        var out = ""
        var cursor = 0
        for match in word.matches(in: result, range: NSRange(location: 0, length: ns.length)) {
            let phrase = ns.substring(with: match.range)
            guard let value = value(of: phrase) else { continue }
            let isOne = phrase.lowercased() == "one"
            if isOne {
                // "one" counts only before a unit: "this one" stays.
                let rest = ns.substring(from: match.range.location + match.range.length)
                guard unitAfter.firstMatch(in: rest, range: NSRange(location: 0, length: (rest as NSString).length)) != nil else { continue }
            }
            guard !phrase.allSatisfy({ $0.isNumber }) else { continue }
            out += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            out += ChineseNumerals.format(value)
            cursor = match.range.location + match.range.length
        }
        out += ns.substring(from: cursor)
        return out
    }

    /// "one point five" → "1.5", "two point two five" → "2.25": a voice-typed decimal.
    static func decimals(in text: String) -> String {
        let ns = text as NSString
        var out = ""
        var cursor = 0
        for match in decimal.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let whole = ns.substring(with: match.range(at: 1)).lowercased()
            let fraction = ns.substring(with: match.range(at: 2)).lowercased().split(separator: " ").compactMap { small[String($0)] }
            guard let integer = small[whole], !fraction.isEmpty, fraction.allSatisfy({ $0 < 10 }) else { continue }
            out += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            out += "\(integer)." + fraction.map(String.init).joined()
            cursor = match.range.location + match.range.length
        }
        return out + ns.substring(from: cursor)
    }

    static let decimal = try! NSRegularExpression(
        pattern: #"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+point\s+((?:zero|one|two|three|four|five|six|seven|eight|nine)(?:\s+(?:zero|one|two|three|four|five|six|seven|eight|nine))?)\b"#,
        options: [.caseInsensitive])

    static func value(of phrase: String) -> Double? {
        let lower = phrase.lowercased()
        let half = lower.hasSuffix("and a half")
        let words = lower.replacingOccurrences(of: "and a half", with: "")
            .split { $0 == " " || $0 == "-" }.map(String.init).filter { $0 != "and" }
        guard !words.isEmpty else { return nil }
        var total = 0
        var current = 0
        for word in words {
            if let digits = Int(word) { current += digits } else if let value = small[word] { current += value } else if let value = tens[word] { current += value } else if word == "hundred" { current = max(current, 1) * 100 } else { return nil }
        }
        total += current
        return Double(total) + (half ? 0.5 : 0)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
