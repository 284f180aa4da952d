import Foundation

/// The grammar for one clause. Each `read…` method looks for the phrases of one kind of
/// operation, records what it found and marks the characters it used, so that a time inside a
/// title request is not read again as a trim, and a number nobody read is reported.
struct ClauseReader {
    var c: ClauseText
    let quantities: [Quantity]
    let limits: [SizeLimit]
    /// The clause as the user wrote it, quotes put back.
    var original: String
    var operations: [EditOperation] = []
    var question: String?
    var unreadSize = false
    /// A size was taken as the target with no word saying so.
    var guessedTarget = false
    /// Values read in a way the reply should state ("under 10" read as 10 MB).
    var readings: [Correction] = []
    /// Set when the clause is only a place for text ("at the top"), for the clause before it.
    var lonePosition: String?
    /// Set when the clause is only a way to fit the frame ("cropped"), for the clause before it.
    var loneFit: FrameFit?
    /// Set when the clause is only a volume with no track named ("音量20%").
    var bareVolume: Double?
    /// Set when the clause is only "louder" or "大一点", after a clause that set a level.
    var loneLevel = false
    /// A clause that is only "double it", "triple it": the level of the volume just changed.
    var loneVolumeFactor: Double?
    /// A clause that is only "turn it down to 30%": the level, for the track the clause before named.
    var loneVolumeLevel: Double?
    /// Set when the clause is only "cut it" after a clause that named a part.
    var loneRemove = false
    /// A clause that is only a time ("大概两秒", "like 6 seconds"): how long the part named before is.
    var loneTime: Double?
    /// A part described, not yet acted on: "starts with 4 seconds of my desktop".
    var describedSpan: TimeSpan?
    /// A point described, not yet acted on: "the good part starts at 0:12" (in ms), and whether
    /// it was said as where something ends.
    var describedPoint: Double?
    var describedPointIsEnd = false
    /// Set when the clause is only "remove everything before that" (`true`) or "… after that".
    var loneBefore: Bool?
    /// Set when the clause is only "keep only that part".
    var loneKeep = false
    /// A clause that is only "make it 30", 改成30: a value for what the clause before named.
    var loneValue: (value: Double, written: String)?
    /// Set when the clause is only "mute that bit".
    var loneMute = false
    /// A clause that is only "turn it down a lot": the level for the track the clause before named.
    var loneDegree: Double?
    /// Why a clause with a verb but no value was not acted on, with an example.
    var vague: String?
    var vagueKind: String?
    /// The verb the clause starts with, lent to a next clause that has none.
    private(set) var verb: String?

    init(text: String, quotes: [String], limits: [SizeLimit], previous: ClauseReader?) {
        raw = text
        let (skeleton, quantities) = QuantityScanner.scan(text)
        c = ClauseText(cased: skeleton, quotes: quotes)
        self.quantities = quantities
        self.limits = limits
        var shown = text
        for (index, quote) in quotes.enumerated() { shown = shown.replacingOccurrences(of: "⟦\(index)⟧", with: "\"\(quote)\"") }
        original = shown
        inheritedVerb = previous?.verb
        previousHadSize = Self.namesSize(previous)
        previousHadVolume = previous?.operations.contains { if case .volume = $0 { return true } else { return false } } ?? false
        let clause = c
        verb = clause.first(Self.leadingVerb).map { clause.text($0.group(0)) }
        // "take the first 3 seconds off, and also the last 2": the second part borrows a removal.
        if clause.first(Self.verbWithParticle) != nil { verb = "remove" }
    }

    static let verbWithParticle = rx(#"\b(?:take|chop|lop|shave|snip|knock)\b(?=[^,;]*?\b(?:off|out|away)\b)"#)

    static func namesSize(_ reader: ClauseReader?) -> Bool {
        guard let reader else { return false }
        return reader.quantities.contains { if case .size = $0.kind { return true } else { return false } }
            || reader.operations.contains(where: isSize)
    }

    /// Whether the clause before named a size: "it's 48 MB, I need it under 10".
    let previousHadSize: Bool
    let previousHadVolume: Bool

    private var inheritedVerb: String?
    /// The clause before its quantities were replaced.
    private let raw: String

    mutating func read() -> ParsedClause {
        if RequestParser.describesSource(c.lower) {
            // "it was filmed at 60", "we shot this at 4k": the source's story, not an order.
            return ParsedClause(text: original, operations: [], problem: .notUnderstood(suggestion: nil))
        }
        if let inheritedVerb, verb == nil, c.first(Self.objectOnly) != nil {
            // "cut the first 5 seconds and the last 3": the second clause borrows "cut".
            var borrowed = ClauseReader(text: inheritedVerb + " " + raw, quotes: c.quotes, limits: limits, previous: nil)
            borrowed.readWhole()
            if !borrowed.operations.isEmpty {
                let shown = original
                self = borrowed
                original = shown
                verb = inheritedVerb
                return finish()
            }
        }
        readWhole()
        if operations.isEmpty, question == nil, let inheritedVerb, verb == nil, !quantities.isEmpty || c.first(Self.objectOnly) != nil {
            // "cut the first 5 seconds and the last 3": the second clause borrows "cut".
            var borrowed = ClauseReader(text: inheritedVerb + " " + raw, quotes: c.quotes, limits: limits, previous: nil)
            borrowed.readWhole()
            if !borrowed.operations.isEmpty || borrowed.question != nil {
                let shown = original
                self = borrowed
                original = shown
                verb = inheritedVerb
            }
        }
        return finish()
    }

    private mutating func readWhole() {
        readTalk()
        readStatus()
        readExport()
        readCaptionEdits()
        readSize()
        readPicture()
        readText()
        readCaptions()
        readSound()
        readSpeed()
        readTrim()
        readUnsupported()
    }

    private func finish() -> ParsedClause {
        let shown = original
        if let question {
            return ParsedClause(text: shown, operations: [], problem: .question(question), hasUnreadSize: unreadSize)
        }
        let allQuantities = quantities
        var unread: [String] = []
        var unreadSize = self.unreadSize
        for match in c.matches(Self.anyPlaceholder) where !c.isUsed(match.range) {
            guard let index = Int(c.text(match.group(1))), index < allQuantities.count else { continue }
            unread.append(allQuantities[index].written)
            switch allQuantities[index].kind {
            case .size, .megaOrMinutes, .fraction: unreadSize = true
            case .number, .percent: if c.first(Self.sizeWords) != nil { unreadSize = true }
            default: break
            }
        }
        if operations.isEmpty, let vague {
            var clause = ParsedClause(text: shown, operations: [], problem: .needsValue(vague), hasUnreadSize: unreadSize)
            clause.vagueKind = vagueKind
            return clause
        }
        if operations.isEmpty {
            if c.first(Self.sizeWords) != nil, c.first(Self.anyPlaceholder) != nil || c.first(Self.relativeWords) != nil { unreadSize = true }
            let meaningful = c.unusedWords.contains { word in
                guard !Self.fillers.contains(word) else { return false }
                // A run of 中文 counts only if something is left once its fillers are gone.
                var rest = word
                for filler in Self.chineseFillers { rest = rest.replacingOccurrences(of: filler, with: "") }
                return !rest.isEmpty
            }
            guard meaningful || !unread.isEmpty else { return ParsedClause(text: shown, operations: []) }
            var clause = ParsedClause(text: shown, operations: [], problem: .notUnderstood(suggestion: suggestion()), hasUnreadSize: unreadSize)
            clause.describedSpan = describedSpan
            clause.describedPoint = describedPoint
            return clause
        }
        var clause = ParsedClause(text: shown, operations: operations, problem: unread.isEmpty ? nil : .unreadValues(unread), hasUnreadSize: unreadSize)
        clause.readings = readings
        clause.guessedTarget = guessedTarget
        return clause
    }

    // MARK: Helpers

    /// A pattern of the grammar. Clauses are matched in lower case (``ClauseText/lower``), so the
    /// patterns are written in lower case and matched without ICU's case folding, which cost a
    /// fifth of the parse time.
    static func rx(_ pattern: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern)
    }

    /// The quantity whose placeholder is in `range`.
    func quantity(_ range: Range<Int>?) -> (index: Int, quantity: Quantity)? {
        guard let range else { return nil }
        let text = c.text(range)
        let index: Int
        if let direct = Int(text) {
            // A group that captured the number inside a placeholder.
            index = direct
        } else {
            guard let open = text.firstIndex(of: "⟨"), let close = text.firstIndex(of: "⟩"), open < close,
                let inner = Int(text[text.index(open, offsetBy: 2)..<close])
            else { return nil }
            index = inner
        }
        let all = quantities
        return index < all.count ? (index, all[index]) : nil
    }

    func has(_ regex: NSRegularExpression) -> Bool { c.first(regex) != nil }

    /// `text` with each quantity's placeholder put back as the user wrote it.
    func restoring(_ text: String) -> String {
        var result = RequestText.removingJoints(text)
        for (index, quantity) in quantities.enumerated().reversed() {
            result = result.replacingOccurrences(of: "⟨\(quantity.letter)\(index)⟩", with: quantity.written)
        }
        return result
    }

    /// Whether an unused part of the clause matches.
    func hasFresh(_ regex: NSRegularExpression) -> Bool { !c.fresh(regex).isEmpty }

    mutating func add(_ operation: EditOperation) {
        if !operations.contains(operation) { operations.append(operation) }
    }

    mutating func ask(_ text: String) {
        if question == nil { question = text }
    }

    // MARK: Shared vocabulary

    static let anyPlaceholder = rx(#"⟨[a-z](\d+)⟩"#)
    static let chineseFillers = ["请", "帮我", "一下", "吧", "的", "了", "把", "给我", "我想", "我要", "视频", "这个", "谢谢", "麻烦", "好吗", "可以吗", "呢", "啊", "哦", "嗯"]
    static let leadingVerb = rx(#"\b(cut(?:\s+out)?|trim|remove|delete|drop|keep|skip|chop(?:\s+off)?|lose|ditch|snip|nuke|scrap|axe|throw\s+away|add|put|set|make|mute|turn|compress|shrink|speed|slow|lower|raise|change|use|place|insert|show|get rid of|剪掉|去掉|删掉|保留|加上|添加|加|把)"#)
    /// A clause that is only an object ("and the last 3 seconds", "and the music").
    static let objectOnly = rx(#"^(?:(?:like|so|um|uh|i\s+mean|maybe|about|just|only|which\s+is|that\s+is|that'?s|namely|aka|basically)\s+)*(?:the\s+)?(?:first|last|middle|music|song|sound|audio|captions?|subtitles?|title|text|original|前|后|最后)"#)
    static let sizeWords = rx(#"\b(?:size|mb|megs?|megabytes?|gb|kb|bytes?|file\s*size|smaller|compress\w*|shrink\w*|big|large|heavy|light(?:er)?|limit|discord|nitro)\b|大小|兆|压缩|缩小|体积|压成|压到|控制在|不超过|以内|以下"#)
    static let relativeWords = rx(#"\b(?:half|third|quarter|fourth|tenth)\b|一半|减半|分之"#)

    /// Words that carry no request by themselves.
    static let fillers: Set<String> = [
        "please", "pls", "plz", "the", "a", "an", "it", "this", "that", "my", "me", "for", "to", "of", "and", "then",
        "so", "ok", "okay", "now", "can", "you", "could", "would", "will", "just", "also", "i", "want", "need", "like",
        "video", "clip", "file", "thing", "one", "thanks", "thank", "too", "again", "right", "away", "do", "make",
        "is", "be", "are", "with", "in", "on", "at", "up", "out", "off", "some", "bit", "little", "hey", "yeah",
        "yes", "sure", "well", "um", "uh", "lol", "haha", "kinda", "really", "very", "much", "more", "all", "its",
        "it's", "id", "i'd", "love", "if", "possible", "mind", "let's", "lets", "go", "ahead", "actually", "maybe",
        "请", "帮我", "一下", "吧", "的", "了", "把", "给我", "我想", "我要", "视频", "这个", "谢谢",
        "ugh", "hmm", "lol", "lmao", "bro", "dude", "man", "mate", "idk", "tbh", "ngl", "rn", "asap", "plz",
        "alright", "oh", "wait", "quick", "quickly", "real", "super", "dunno", "guess", "think", "hey",
    ]

    /// An example of what the clause may have meant, from the words it has.
    func suggestion() -> String? {
        let text = c.lower
        let table: [(String, String)] = [
            (#"loud|quiet|sound|audio|voice|volume|声音|音量"#, "\"music at 30%\" or \"mute the original sound\""),
            (#"music|song|bgm|音乐|歌"#, "\"add background music at 30% volume\" (upload the music file first)"),
            (#"sec|min|⟨[tnm]\d+⟩|秒|分钟|long|short|length|start|end|开头|结尾|时长"#, "\"keep 0:10 to 0:40\" or \"cut the first 5 seconds\""),
            (#"size|mb|meg|big|small|large|heavy|light|discord|nitro|⟨s\d+⟩|大小|兆|压缩"#, "\"compress it under 10MB\""),
            (#"text|word|title|write|say|label|name|字|标题"#, "add the title \"GG\" at the top for 3 seconds"),
            (#"caption|subtitle|transcri|字幕"#, "\"add captions\""),
            (#"wide|tall|shape|ratio|phone|tiktok|square|横|竖|比例"#, "\"make it 9:16\" or \"square, cropped\""),
            (#"fast|slow|speed|速"#, "\"speed it up 2x\" or \"slow motion\""),
            (#"export|save|send|file|download|导出|下载"#, "\"export\""),
        ]
        for (pattern, example) in table where text.range(of: pattern, options: .regularExpression) != nil {
            return example
        }
        return nil
    }
}
