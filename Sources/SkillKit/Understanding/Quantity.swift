import Foundation

/// A number in a request with what its unit makes of it.
struct Quantity: Equatable {
    enum Kind: Equatable {
        /// Milliseconds; `unit` is false for a number whose unit came from elsewhere.
        case time(Double)
        case size(Int64)
        /// "10m": megabytes or minutes, decided by the clause.
        case megaOrMinutes(Double)
        case percent(Double)
        case factor(Double)
        case fps(Double)
        /// "720p", "vertical", "2160p".
        case resolution(String)
        case aspect(String)
        case fraction(Double)
        case number(Double)
    }

    var kind: Kind
    /// What the user wrote, for messages.
    var written: String

    /// The letter of its placeholder in a clause: ⟨t0⟩, ⟨s1⟩…
    var letter: Character {
        switch kind {
        case .time: return "t"
        case .size: return "s"
        case .megaOrMinutes: return "m"
        case .percent: return "p"
        case .factor: return "x"
        case .fps: return "f"
        case .resolution: return "r"
        case .aspect: return "a"
        case .fraction: return "q"
        case .number: return "n"
        }
    }

    var value: Double? {
        switch kind {
        case .time(let v), .megaOrMinutes(let v), .percent(let v), .factor(let v), .fps(let v), .fraction(let v), .number(let v): return v
        case .size(let bytes): return Double(bytes)
        case .resolution, .aspect: return nil
        }
    }
}

/// Finds the quantities in a clause and puts placeholders in their place, so that the
/// clause's grammar reads "keep ⟨t0⟩ to ⟨t1⟩" whatever way the times were written.
enum QuantityScanner {
    static let aspects: Set<String> = ["16:9", "9:16", "1:1", "4:5", "5:4", "4:3", "3:4", "21:9", "2:1", "1:2", "2:3", "3:2"]

    static let pattern = try! NSRegularExpression(
        pattern: [
            // 1: hh:mm:ss
            #"(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)(?![\d:])"#,
            // 4,5: 1920x1080
            #"(\d{3,4})\s*[x×]\s*(\d{3,4})(?!\d)"#,
            // 6,7: aspect with a one-digit part, or 比
            #"(\d{1,2})\s*(?::|比|/(?=\d\b))\s*([1-9])(?![\d:])(?=\s*(?:aspect|ratio|比例|画幅|format|$|[^\d:]))"#,
            // 8,9: m:ss
            #"(\d{1,4}):(\d{2}(?:\.\d+)?)(?![\d:])"#,
            // 10,11: a fraction
            #"(\d+)\s*/\s*(\d+)(?!\d)"#,
            // 12: a number, 13: its unit, 14,15: seconds after minutes ("1 min 30 s", "1分30秒")
            #"(\d+(?:\.\d+)?|\.\d+)(?:\s*("#
                + #"milliseconds?|ms(?![a-z])|毫秒|hours?|hrs?(?![a-z])|h(?![a-z])|小时|minutes?|mins?(?![a-z])|分钟|分(?!之)|seconds?|secs?(?![a-z])|s(?![a-z])|秒钟|秒"#
                + #"|gib|mib|kib|gigabytes?|gigs?(?![a-z])|gbs?(?![a-z])|g(?![a-z])|megabytes?|megs?(?![a-z])|mbs?(?![a-z])|mega(?![a-z])|m(?![a-z])|兆字节|兆|kilobytes?|kbs?(?![a-z])|k(?![a-z])|bytes?|b(?![a-z])|千字节"#
                + #"|%|percent|per\s?cent|pct(?![a-z])|成(?![为功])"#
                + #"|fps|frames?\s*(?:per|a|/)\s*sec(?:ond)?|帧每秒|帧/秒|帧(?!率)|hz(?![a-z])"#
                + #"|倍速|倍|x(?![a-z])|×|times(?![a-z])"#
                + #"|p(?![a-z])"#
                + #"))?(?:\s*(\d+(?:\.\d+)?)\s*(seconds?|secs?(?![a-z])|s(?![a-z])|秒钟|秒))?"#,
            // 16,17: 9比16
            #"(\d{1,2})\s*比\s*(\d{1,2})"#,
        ].joined(separator: "|"), options: [.caseInsensitive])

    /// The clause with placeholders, and the quantities in order.
    static func scan(_ clause: String) -> (text: String, quantities: [Quantity]) {
        let ns = clause as NSString
        var quantities: [Quantity] = []
        var out = ""
        var cursor = 0
        for match in pattern.matches(in: clause, range: NSRange(location: 0, length: ns.length)) {
            // A number glued to letters before it ("mp4", "h264", "x264") is part of a word.
            if match.range.location > 0 {
                let before = ns.substring(with: NSRange(location: match.range.location - 1, length: 1))
                if before.range(of: #"[a-zA-Z_.\d⟦]"#, options: .regularExpression) != nil { continue }
            }
            func group(_ index: Int) -> String? {
                let range = match.range(at: index)
                return range.location == NSNotFound ? nil : ns.substring(with: range)
            }
            let written = ns.substring(with: match.range)
            guard let kind = kind(of: written, group: group) else { continue }
            out += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            let quantity = Quantity(kind: kind, written: written.trimmingCharacters(in: .whitespaces))
            out += "⟨\(quantity.letter)\(quantities.count)⟩"
            quantities.append(quantity)
            cursor = match.range.location + match.range.length
        }
        out += ns.substring(from: cursor)
        return (out, quantities)
    }

    static func kind(of written: String, group: (Int) -> String?) -> Quantity.Kind? {
        if let h = group(1).flatMap(Double.init), let m = group(2).flatMap(Double.init), let s = group(3).flatMap(Double.init) {
            return .time(((h * 60 + m) * 60 + s) * 1000)
        }
        if let w = group(4).flatMap(Int.init), let h = group(5).flatMap(Int.init) {
            if h > w { return .resolution("vertical") }
            return .resolution("\(min(w, h))p")
        }
        if let a = group(6), let b = group(7) {
            let ratio = "\(Int(a) ?? 0):\(Int(b) ?? 0)"
            if aspects.contains(ratio) { return .aspect(ratio) }
            if written.contains("/"), let n = Double(a), let d = Double(b), d > 0, n < d { return .fraction(n / d) }
            if written.contains("比") || written.contains("/") { return nil }
            if let minutes = Double(a), let seconds = Double(b) { return .time((minutes * 60 + seconds) * 1000) }
        }
        if let m = group(8).flatMap(Double.init), let s = group(9).flatMap(Double.init) {
            let ratio = "\(group(8) ?? ""):\(group(9) ?? "")"
            if ratio == "9:16" || ratio == "16:10" { return .aspect("9:16") }
            return s < 60 ? .time((m * 60 + s) * 1000) : nil
        }
        if let n = group(10).flatMap(Double.init), let d = group(11).flatMap(Double.init) {
            return d > 0 && n < d ? .fraction(n / d) : nil
        }
        if let a = group(16), let b = group(17) {
            let ratio = "\(Int(a) ?? 0):\(Int(b) ?? 0)"
            return aspects.contains(ratio) ? .aspect(ratio) : nil
        }
        guard let numberText = group(12), let number = Double(numberText), number.isFinite else { return nil }
        let unit = (group(13) ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        // Seconds after minutes ("1 min 30 s", "1分30秒"); after anything else they are a second quantity.
        let extraSeconds = group(14).flatMap(Double.init) ?? 0
        if extraSeconds > 0, !["m", "min", "mins", "minute", "minutes", "分钟", "分"].contains(unit) { return nil }
        switch unit {
        case "": return .number(number)
        case "ms", "millisecond", "milliseconds", "毫秒": return .time(number)
        case "h", "hr", "hrs", "hour", "hours", "小时": return .time(number * 3_600_000 + extraSeconds * 1000)
        case "min", "mins", "minute", "minutes", "分钟", "分": return .time(number * 60_000 + extraSeconds * 1000)
        case "s", "sec", "secs", "second", "seconds", "秒", "秒钟": return .time(number * 1000)
        case "m", "mega":
            return extraSeconds > 0 ? .time(number * 60_000 + extraSeconds * 1000) : .megaOrMinutes(number)
        case "k":
            // "4K" is a picture size; "500k" a file size.
            if [2, 4, 5, 8].contains(number) { return .resolution(number == 2 ? "1440p" : "2160p") }
            return ByteSize.bytes(number, factor: 1e3).map(Quantity.Kind.size)
        case "%", "percent", "percent.", "pct": return .percent(number)
        case "成": return .percent(number * 10)
        case "x", "×", "times", "倍", "倍速": return .factor(number)
        case "p":
            guard let lines = CheckedNumber.integer(number, in: 0...10_000), [240, 360, 480, 540, 720, 1080, 1440, 2160, 4320].contains(lines) else { return nil }
            return .resolution("\(lines)p")
        default:
            if unit.hasPrefix("fps") || unit.hasPrefix("frame") || unit.hasPrefix("帧") || unit == "hz" { return .fps(number) }
            if unit.hasPrefix("per") { return .percent(number) }
            guard let factor = ByteSize.factor(forUnit: unit) else { return .number(number) }
            return ByteSize.bytes(number, factor: factor).map(Quantity.Kind.size)
        }
    }
}
