import Foundation

/// Trims: ranges to keep or cut out ("0:12-0:48", "从第3秒到第15秒", "cut out 1:00 to 1:30"),
/// the first or last part ("just the last 10 seconds", "去掉前5秒"), everything after or before a
/// time, a length ("shorten it to 45 seconds"), halves and the middle.
extension ClauseReader {
    static let time = #"⟨[tnm](\d+)⟩"#
    /// A time, as a point: "0:15", "the 15 second mark".
    static let mark = #"(?:the\s+)?⟨[tnm](\d+)⟩(?:\s+(?:mark|point|timestamp|spot))?"#
    /// "15 seconds starting at 0:20", "from 0:20, 15 seconds".
    static let lengthFrom = rx(time + #"\s*,?\s+(?:starting|beginning|from)\s+(?:at\s+|from\s+)?"# + mark + #"|\b(?:starting|beginning|from)\s+(?:at\s+)?"# + mark + #"\s*,?\s*(?:for\s+|keep\s+)"# + time + #"(?!\s*(?:-|–|to\b|until|till))"#)
    static let startAt = rx(#"\b(?:skip|jump|fast[\s-]?forward|go)\s+(?:ahead\s+|straight\s+)?to\s+"# + mark + #"|\b(?:start(?:ing)?|begin(?:ning)?)(?:\s+it|\s+the\s+video)?\s+(?:at|from)\s+"# + mark + #"|\bso\s+(?:that\s+)?(?:it|the\s+(?:video|clip))\s+(?:starts|begins)\s+(?:at|from|with)\s+"# + mark + #"|\b(?:start|begin)\s+(?:it|the\s+(?:video|clip))\s+"# + mark + #"\s+in\b"#)
    /// "the clip is 2 minutes": the length now, not a trim.
    static let lengthNow = rx(#"(?<!\bso\s)(?<!\bso\sthat\s)(?<!\buntil\s)(?<!\btill\s)\b(?:it'?s|it\s+is|is|was|currently|runs?|lasts?|\w+'s)\s+(?:about\s+|around\s+|like\s+|only\s+|just\s+)?"# + time + #"(?!\s*(?:-|–|to\b|until|till|through))(?:\s+long)?|(?<!结尾|开头|最后|那里|这里|前面|后面|中间|片头|片尾)(?:视频|它|这个)?(?:总共|一共|有|是)\s*"# + time)
    static let timePlaceholder = rx(#"⟨[tm]\d+⟩"#)
    /// "some swearing at 0:30-0:33 that I need removed": a removal said in the passive.
    static let passiveRemoval = rx(#"\b(?:needs?|wants?|get|have)\b[^,;]{0,40}?\b(?:removed|deleted|taken\s+out|cut\s+out|gone)\b"#)
    static let removeVerb = rx(#"\b(?:cut\s+(?:out|off|away)|clip\s+(?:out|off)|remove|delete|drop|skip|lose|nuke|scrap|axe|trash|kill|shave(?:\s+off)?|chop(?:\s+off)?|get\s+rid\s+of|take\s+(?:out|off|away)|trim\s+(?:off|away)|snip|ditch|throw\s+away|don'?t\s+(?:want|need)|go\s+away|disappear|vanish)\b|去掉|删掉|删除|剪掉|切掉|不要|去除|减掉|砍掉|删|剪了|剪去|剪除|切了|砍了|删了|拿掉|扔掉|丢掉|干掉|\b(?:take|chop|lop|shave|snip|knock)\b(?=[^,;]*?\b(?:off|out|away)\b)"#)
    static let plainCut = rx(#"\b(?:cut|trim|chop|clip)\b"#)
    static let keepVerb = rx(#"\b(?:keep|only|just(?!\s+(?:cut|trim|chop|clip|snip|remove|delete|drop|lose|skip|get\s+rid|take|kill|ditch)\b)|leave|extract|use|save|want|need|gimme|give\s+me)\b|保留|只要|只留|留下|截取|只剪|只保留|要"#)
    static let toLength = rx(#"\b(?:trim|cut|shorten|clip|crop|chop|make|get|bring|reduce|edit)\w*\s+(?:it\s+|this\s+|that\s+|the\s+(?:video|clip|whole\s+thing|thing|length)\s+)?(?:down\s+)?(?:to|into)\b|剪成|剪到|缩短到|缩短为|截成|裁到|剪短到"#)

    static let rangePattern = rx(#"(?:\b(?:from|between)\s+|从\s*)?(?:第\s*)?"# + time + #"\s*(?:秒)?\s*(?:开始|起)?\s*(?:up\s+(?:to|till|until)|upto|all\s+the\s+way\s+(?:to|till|until)|through\s+to|right\s+up\s+to|to|till|until|thru|through|and|-|–|—|~|(?:剪|截|切|保留|留|播放?)?到|至)\s*(?:第\s*)?"# + time)
    // "after the first 25 seconds" is a point (0:25), which afterPattern reads.
    static let firstPattern = rx(#"(?<!\bafter\s)(?<!\bafter\sthe\s)(?<!\bpast\s)(?<!\bpast\sthe\s)(?:\bthe\s+)?(?:\b(?:first|opening|initial|beginning|starting)\s+|前面?(?:的)?\s*|开头(?:的)?\s*)"# + time)
    static let lastPattern = rx(#"(?:\bthe\s+)?(?:\b(?:last|final|ending|closing|end)\s+|最后面?(?:的)?\s*|(?<![之以])后面?(?:的)?\s*|末尾(?:的)?\s*|结尾(?:的)?\s*)"# + time)
    static let afterPattern = rx(#"(?:\b(?:everything|anything|all|the\s+part|the\s+rest|stuff|part)\s+)?\b(?:after|past|beyond|following)\s+(?:the\s+first\s+)?"# + mark + #"|\bfrom\s+"# + time + #"\s+(?:on(?:wards?)?|to\s+the\s+end|till\s+the\s+end|until\s+the\s+end)\b|从\s*(?:第\s*)?"# + time + #"\s*(?:开始|以后|之后|后|到最后|到结尾)|"# + time + #"\s*(?:之后|以后)(?:的)?|"# + time + #"\s+(?:onwards?|on)\b"#)
    /// "just cut it off at 0:48", 在50秒的地方结束: the video ends there.
    static let endsAt = rx(#"\b(?:cut|chop|stop|end)\s+(?:it|this|that|the\s+(?:video|clip))\s+off\s+(?:at|after|around|by)\s+"# + mark + #"|在\s*(?:第\s*)?"# + time + #"\s*(?:秒)?\s*(?:的地方|那里|处|左右)?\s*(?:就)?(?:结束|停止|停下|停)"#)
    static let beforePattern = rx(#"(?:\b(?:everything|anything|all|the\s+part|stuff|part)\s+)?\b(?:before|up\s+to|until|till)\s+"# + mark + #"|\b(?:end(?:ing)?|stop(?:ping)?|finish(?:ing)?)(?:\s+it|\s+the\s+video)?\s+(?:at|by)\s+"# + mark + #"|"# + time + #"\s*(?:之前|以前)(?:的)?|到\s*(?:第\s*)?"# + time + #"\s*(?:结束|为止)|从头(?:开始)?\s*(?:到|至)\s*(?:第\s*)?"# + time)
    static let lengthPattern = rx(#"(?:\b(?:trim|cut|shorten|clip|crop|chop|make|get|bring|reduce|edit)\w*\s+(?:it\s+|this\s+|that\s+|the\s+(?:video|clip|whole\s+thing|thing|length)\s+)?(?:down\s+)?(?:to|into)\s+|(?:剪辑?|截|缩短|裁|剪短)(?:成|到|为)\s*(?:只有\s*)?|时长\s*(?:为|改成|到)?\s*|\b(?:trim|cut|shorten|clip)\w*\s*(?:it\s+)?(?:一下)?到\s*)(?:just\s+|only\s+|about\s+|around\s+|exactly\s+|the\s+)?"# + time + #"|\b(?:make\s+it|should\s+be|to\s+be|needs?\s+to\s+be|it\s+has\s+to\s+be|only|just)\s+"# + time + #"\s*(?:long|in\s+length|total)|\bmake\s+(?:it|the\s+(?:video|clip))\s+(?:just\s+|only\s+|about\s+|exactly\s+)?"# + time + #"\s*$|"# + time + #"\s+(?:long|max(?:imum)?|total|in\s+length)\b|\b(?:length|duration)\s+(?:of\s+|to\s+|:\s*)?"# + time + #"|\b(?:make|get|keep|bring|have)\s+(?:it|this|the\s+(?:video|clip))\s+(?:down\s+)?(?:under|below|shorter\s+than|less\s+than|within)\s+"# + time + #"(?:\s+long)?\s*$|(?:剪到|剪成|控制在)\s*"# + time + #"\s*(?:以内|以下|之内)"#)
    static let middlePattern = rx(#"(?:\bthe\s+)?\bmiddle(?:\s+(?:part|bit|section|portion))?(?:\s+"# + time + #")?|(?:\bthe\s+)?"# + time + #"\s+in\s+the\s+middle|中间(?:的|那)?(?:部分|那段|一段)?\s*(?:"# + time + #")?|中段"#)
    static let halfPattern = rx(#"\b(?:the\s+)?(first|second|last|1st|2nd|latter|former)\s+half\b|(前半段|前半部分|前一半|前半)|(后半段|后半部分|后一半|后半)"#)
    /// A share of the timeline from one end: "the last quarter", "the first third", "the final
    /// two thirds", 前三分之一, 最后四分之一 (三分之一 reads "1/3" after normalising).
    static let sharePattern = rx(
        #"\b(?:the\s+)?(first|opening|last|final|closing|ending)\s+((?:⟨n\d+⟩\s*)?(?:thirds?|quarters?|fourths?|fifths?)|two\s+thirds|three\s+(?:quarters|fourths))\b|(前|开头的?|最后|末尾的?|后)\s*(?:的\s*)?(⟨q\d+⟩)"#)
    /// "5 seconds from the start", "3 seconds off the end", "2 seconds off each end", 前后各2秒.
    static let amountFromStart = rx(time + #"\s+(?:from|off|of|at)\s+(?:the\s+)?(?:start|beginning|front|head|top|intro)\b|\b(?:the\s+)?(?:start|beginning|front|intro)\s+by\s+"# + time)
    static let amountFromEnd = rx(time + #"\s+(?:from|off|of|at)\s+(?:the\s+)?(?:end|ending|back|tail|outro)\b|\b(?:the\s+)?(?:end|ending|outro)\s+by\s+"# + time)
    static let amountFromBothEnds = rx(#"\bfirst-and-(?:the-)?last\s+"# + time + #"|"# + time + #"\s+(?:from|off|of|at)\s+(?:each|both)\s+ends?\b|\b(?:each|both)\s+ends?\s+by\s+"# + time + #"|(?:前后|首尾|两头|两端)各?\s*(?:去掉|剪掉|删掉|减掉|切掉)?\s*"# + time)
    static let shorterBy = rx(time + #"\s+shorter\b|\bshorten\s+(?:it\s+)?by\s+"# + time + #"|短\s*"# + time)
    static let endAnchor = rx(#"\b(?:at|in|near|towards?)\s+the\s+(?:very\s+)?(?:end|ending|outro)\b|\bthe\s+(?:end|ending|outro)\s+(?:has|is)\b|结尾|最后面?|片尾"#)
    static let startAnchor = rx(#"\b(?:at|in|near)\s+the\s+(?:very\s+)?(?:start|beginning|intro|opening)\b|\bthe\s+(?:start|beginning|intro|opening)\s+(?:has|is)\b|开头|最前面|片头"#)
    /// "the clip starts with 4 seconds of my desktop", "it ends with like 6 seconds of black".
    static let describedEnds = rx(#"\b(?:starts?|begins?|opens?|ends?|finishes)\s+with\s+(?:like\s+|about\s+|around\s+|roughly\s+)?("# + time + #")"#)
    /// "the part i want starts at 0:12 and ends at 0:47".
    static let startsAndEnds = rx(#"\b(?:starts?|begins?)\s+(?:at\s+|from\s+)?("# + time + #")\s*(?:,\s*)?(?:and\s+)?(?:it\s+)?(?:ends?|finishes|stops|goes\s+(?:to|until|till))\s+(?:at\s+)?("# + time + #")"#)
    static let loneTimePattern = rx(#"^(?:about|around|like|maybe|roughly|approximately|大概|大约|差不多|可能)?\s*(?:⟨[tm]\d+⟩)\s*(?:左右|吧|or\s+so)?$"#)
    static let boring = rx(#"\b(?:boring|useless|bad|not\s+needed|unnecessary|dead\s+air|awkward|cringe|pointless|can\s+go|has\s+to\s+go|should\s+go|must\s+go|gotta\s+go|isn'?t\s+needed|aren'?t\s+needed|dead\s+time|loading\s+screens?|black\s+screen|nothing\s+happens|nothing\s+happening)\b|无聊|没用|多余|不需要|不要了|黑屏|空白|没内容|没东西|是黑的|全黑|黑的"#)
    /// "0:40 to the end", "the start to 0:20".
    static let toTheEnd = rx(time + #"\s+(?:to|till|until|through)\s+the\s+(?:end|finish)\b|\b(?:the\s+)?(?:start|beginning)\s+(?:to|till|until|through)\s+"# + time + #"|"# + time + #"\s*(?:到最后|到结尾)|(?:从)?(?:开头|头|最开始)\s*(?:保留|留|剪|截)?\s*到\s*(?:第\s*)?"# + time + #"(?:秒)?"#)
    /// "the first 20 seconds are just the menus", "the last 5 secs is all black": a part
    /// described, with the "just" of a description rather than of a keep.
    static let copulaDescription = rx(#"\b(?:are|is|'s|'re|was|were)\s+(?:just|only|all|basically|mostly|literally|pure|nothing\s+but)\b|\b(?:seconds?|secs?|minutes?|mins?)\s+(?:show|shows|showed|have|has|had|contain|contains|include|includes)\b"#)
    static let startNoun = rx(#"\b(?:intro|beginning|start|opening|first\s+part)\b|开头|片头|最开始|一开始"#)
    static let endNoun = rx(#"\b(?:outro|ending|end|credits|last\s+part)\b|结尾|片尾|最后"#)
    /// "the good part starts at 0:12", "it gets interesting at 0:08", "the action ends around
    /// 0:50", 从第10秒才开始: a point said of the clip, for a "cut everything before that" next.
    static let describedPointPattern = rx(
        #"\b(?:starts|begins|kicks\s+in|gets\s+(?:good|interesting|going|fun|real|started|exciting|funny|better)|picks\s+up|happens|ends|is\s+over|finishes|stops|wraps\s+up|dies\s+down)\s+(?:at|around|about|by|after|from|near)?\s*(?:like\s+|about\s+|around\s+|roughly\s+)?(?:the\s+)?"#
            + time + #"|(?:从\s*)?(?:第\s*)?"# + time + #"\s*(?:秒)?\s*(?:左右)?\s*才(?:开始|结束|完)"#)
    /// How long a part named is: "the intro is like 6 seconds", "has me … for 4 seconds", 片头有5秒.
    static let lengthSaid = rx(#"\b(?:is|'s|are|was|were|has|have|lasts?|runs?|takes?|goes\s+on\s+for|for)\b|有|长达|持续"#)
    /// "remove everything before that", 前面的都删掉: the part before (or after) the point the
    /// clause before described.
    static let loneBeforeAfterPattern = rx(
        #"^(?:(?:so|and|then|just)\s+)*(?:please\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:remove|cut(?:\s+out|\s+off)?|delete|drop|get\s+rid\s+of|lose|trim(?:\s+off)?|chop(?:\s+off)?|ditch|skip|scrap|nuke|kill|toss)\s+(?:off\s+)?(?:everything|all|anything|all\s+the\s+stuff|the\s+stuff|the\s+part|the\s+bit|whatever(?:'s|\s+is|\s+comes)?)\s+(?:that\s+comes\s+|that'?s\s+|which\s+is\s+)?(before|after|prior\s+to|past)\s+(?:that|it|this|then|there|that\s+(?:point|part|mark|bit))(?:\s+(?:please|pls|for\s+me))?\s*[?!.]*$|^(?:把)?(?:这之前|在这之前|之前|前面|前边|前头)(?:的)?(?:部分|内容)?(?:都|全部|全)?(?:删掉|去掉|剪掉|不要|删了|剪了|切掉)(?:了|吧)?$|^(?:把)?(?:这之后|在这之后|之后|后面|后边|后头)(?:的)?(?:部分|内容)?(?:都|全部|全)?(?:删掉|去掉|剪掉|不要|删了|剪了|切掉)(?:了|吧)?$"#)
    /// "keep only that part", "just keep that", 只要这段: the part the clause before named, kept.
    static let loneKeepPattern = rx(
        #"^(?:(?:so|and|then)\s+)*(?:please\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:just\s+|only\s+)?keep\s+(?:only\s+|just\s+)?(?:that|this|it|those|them)(?:\s+(?:part|bit|section|piece|clip|moment|one|bits|parts))?(?:\s+(?:only|please|pls|for\s+me))?\s*[?!.]*$|^(?:就|只)?(?:保留|留下|要)(?:这段|那段|这部分|那部分|这一段|那一段)(?:就行|就好|吧)?$"#)
    static let loneRemovePattern = rx(
        #"^(?:(?:so|and|then|ok|okay)[\s,]+)*(?:(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:like|love|prefer|want)|i\s+want|we\s+want|i\s+need|we\s+need|(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:get|make)|(?:please\s+)?(?:get|make))\s+(?:it|that|this|them|those|these|that\s+part|that\s+bit)\s+(?:gone|removed|deleted|cut(?:\s+out)?|taken\s+out|to\s+go(?:\s+away)?|go\s+away|disappear)(?:\s+(?:please|pls|for\s+me|before\s+[^,;]+))?\s*[?!.]*$|^(?:(?:can|could|would)\s+(?:you|u)\s+)(?:please\s+)?(?:(?:remove|delete|drop|get\s+rid\s+of|lose|ditch|trash|scrap|kill|nuke|cut|skip)\s+(?:it|that|this|them|those)(?:\s+(?:out|off|away))?|(?:chop|cut|take|snip|trim)\s+(?:it|that|this|them|those)\s+(?:off|away))(?:\s+(?:please|pls|for\s+me))?\s*[?!.]*$|^(?:so\s+|just\s+)?(?:please\s+)?(?:cut|remove|delete|drop|lose|skip|ditch|get\s+rid\s+of|take\s+out|take|kill|nuke|scrap|trash|chop|snip)\s+(?:it|that|this|them|those)(?:\s+(?:part|bit|section|bits|parts|stuff))?(?:\s+(?:out|off|away))?(?:\s+(?:please|pls|for\s+me))?\s*[?!.]*$|^(?:帮我|请|麻烦(?:你)?|帮忙)?(?:把它|把这段)?(?:删掉|去掉|剪掉|不要)(?:它|这段|吧|了)?$"#
    )
    static let everythingBut = rx(#"\b(?:everything|all|anything)\s+(?:but|except(?:\s+for)?|apart\s+from|other\s+than)\b|除了"#)
    static let keepFrom = rx(#"\b(?:keep|only|just|use|want)\b[^⟨]*\bfrom\s+"# + mark + #"\s*$"#)
    static let firstOrLast = rx(#"\b(?:first|last|final|opening)\b|前|最后"#)
    static let trimWords = rx(#"\b(?:trim\w*|cut\w*|shorten\w*|shorter|chop\w*|clip\s+it)\b|剪短|缩短|剪一下|剪辑"#)
    static let trimNoise = rx(#"\b(?:trim\w*|cut(?:\s+(?:out|off|away))?|keep|only|just|remove|delete|drop|skip|shorten\w*|the|it|video|clip|to|from|of|and|part|bit|section|everything|anything|all|stuff|please|out|off|away|seconds?|secs?|minutes?|want|need|chop|lose|get\s+rid\s+of|take|leave|use|save|extract|start|end|beginning|ending|on|onwards?|long|length|down|make|rest|in|at)\b|保留|只要|只留|截取|去掉|删掉|删除|剪掉|切掉|不要|开始|结束|部分|的|视频|秒|剪|把"#)

    /// A quantity as milliseconds on the timeline; a bare number takes its partner's unit
    /// ("from 5 to 30 seconds"), else seconds.
    func milliseconds(_ quantity: Quantity, partner: Quantity?) -> Double? {
        switch quantity.kind {
        case .time(let ms): return ms
        case .megaOrMinutes(let minutes): return minutes * 60_000
        case .number(let value):
            if let partner, partner.written.range(of: #"min|分"#, options: .regularExpression) != nil, !partner.written.contains(":") {
                return value * 60_000
            }
            return value * 1000
        default: return nil
        }
    }

    func point(_ range: Range<Int>?, partner: Range<Int>? = nil) -> (ms: Double, hasUnit: Bool)? {
        guard let (_, quantity) = quantity(range) else { return nil }
        let other = self.quantity(partner)?.quantity
        guard let ms = milliseconds(quantity, partner: other) else { return nil }
        if case .number = quantity.kind { return (ms, false) }
        return (ms, true)
    }

    static func trim(_ span: TimeSpan, removing: Bool) -> EditOperation {
        .trim(removing ? .remove(span) : .keep(span))
    }

    /// Reads every fresh match of `regex` whose first time group is a point, as `operation`.
    private mutating func readPoints(_ regex: NSRegularExpression, _ operation: (Double) -> EditOperation) -> Bool {
        var found = false
        for match in c.fresh(regex) {
            guard let at = (match.groups.compactMap { $0 }.first).flatMap({ point($0) }) else { continue }
            c.use(match.range)
            add(operation(at.ms))
            found = true
        }
        return found
    }

    /// A part said but not acted on: "the first 20 seconds are just the menus", "the intro is
    /// like 6 seconds of nothing", "the good part starts at 0:12", "片头有5秒". The next clause
    /// ("chop it", "remove everything before that") says what to do with it; alone it is asked
    /// about, never guessed at.
    private mutating func describesPart() -> Bool {
        // ("…dead air at the end, like 6 seconds": a part said to be junk is removed as it is.)
        guard !has(Self.removeVerb), !has(Self.passiveRemoval), !has(Self.toLength), !has(Self.boring) else { return false }
        let whole = NSRange(location: 0, length: (c.lower as NSString).length)
        guard RequestParser.commandCue.firstMatch(in: c.lower, range: whole) == nil || has(Self.copulaDescription) else { return false }
        if let description = c.first(Self.copulaDescription) {
            // Only the description's "just": "just keep the first 20 seconds" keeps them.
            let rest = c.text(0..<description.range.lowerBound) + " " + c.text(description.range.upperBound..<c.chars.count)
            guard Self.keepVerb.firstMatch(in: rest, range: NSRange(location: 0, length: (rest as NSString).length)) == nil else { return false }
            if let match = c.fresh(Self.firstPattern).first, let length = point(match.group(0)) {
                describedSpan = TimeSpan(from: .start, to: .at(length.ms))
                c.use(description.range)
                return true
            }
            if let match = c.fresh(Self.lastPattern).first, let length = point(match.group(0)) {
                describedSpan = TimeSpan(from: .beforeEnd(length.ms), to: .end)
                c.use(description.range)
                return true
            }
            return false
        }
        guard !has(Self.keepVerb), c.fresh(Self.timePlaceholder).count == 1, let time = c.fresh(Self.timePlaceholder).first, let length = point(time.range) else { return false }
        if let match = c.first(Self.describedPointPattern) {
            let said = c.text(match.range)
            describedPoint = length.ms
            describedPointIsEnd = said.range(of: #"\b(?:ends?|is\s+over|finishes|stops|wraps|dies)\b|结束|完了|没了"#, options: .regularExpression) != nil
            return true
        }
        let atStart = has(Self.startNoun), atEnd = has(Self.endNoun)
        // "the last 10 seconds", 最后10秒: a part named the usual way is read the usual way.
        guard atStart != atEnd, has(Self.lengthSaid), c.fresh(Self.rangePattern).isEmpty, c.fresh(Self.firstPattern).isEmpty, c.fresh(Self.lastPattern).isEmpty else { return false }
        // "the intro is like 6 seconds of nothing", "the outro is 8 seconds long".
        describedSpan = atEnd ? TimeSpan(from: .beforeEnd(length.ms), to: .end) : TimeSpan(from: .start, to: .at(length.ms))
        return true
    }

    mutating func readTrim() {
        // "cut everything but the last 8 seconds": what follows "but" is kept.
        let except = has(Self.everythingBut)
        // "keep everything except the first 2 seconds": what follows "except" goes.
        // "everything but the first 10 seconds" with no verb: keep the rest, so that part goes.
        let remove = ((has(Self.removeVerb) || has(Self.passiveRemoval) || has(Self.boring)) && !except) || (except && !has(Self.removeVerb) && (has(Self.keepVerb) || !has(Self.plainCut)))
        let plain = has(Self.plainCut)
        let keep = has(Self.keepVerb) || has(Self.toLength)
        let trimmy = remove || plain || keep || has(Self.trimWords)
        // Plain "cut"/"trim" of the first or last part removes it; a range is kept.
        let removesEnds = remove || (plain && !keep && !except)
        var found = false
        // (Each time is a group holding the placeholder's own group: the second time is group 2.)
        if let match = c.fresh(Self.startsAndEnds).first, let a = point(match.group(0)), let b = point(match.group(2)), b.ms > a.ms {
            c.use(match.range)
            let span = TimeSpan(from: .at(a.ms), to: .at(b.ms))
            add(.trim(has(Self.removeVerb) ? .remove(span) : .keep(span)))
            for noise in c.matches(Self.trimNoise) { c.use(noise.range) }
            return
        }
        if operations.isEmpty, !has(Self.removeVerb), !has(Self.keepVerb), let match = c.fresh(Self.describedEnds).first, let length = point(match.group(0)) {
            // Only described: a "trim that" in the next clause says what to do with it.
            let atEnd = c.text(match.range).range(of: #"^(?:ends?|finishes)"#, options: .regularExpression) != nil
            describedSpan = atEnd ? TimeSpan(from: .beforeEnd(length.ms), to: .end) : TimeSpan(from: .start, to: .at(length.ms))
            return
        }
        if operations.isEmpty, describesPart() { return }
        if let match = c.first(Self.loneTimePattern), let time = c.fresh(Self.timePlaceholder).first, let length = point(time.range) {
            loneTime = length.ms
            c.use(match.range)
            return
        }
        if let match = c.first(Self.loneBeforeAfterPattern) {
            let said = c.text(match.range)
            loneBefore = said.range(of: #"\b(?:after|past)\b|之后|后面|后边|后头"#, options: .regularExpression) == nil
            c.use(0..<c.chars.count)
            return
        }
        if c.first(Self.loneKeepPattern) != nil {
            loneKeep = true
            c.use(0..<c.chars.count)
            return
        }
        if c.first(Self.loneRemovePattern) != nil {
            loneRemove = true
            c.use(0..<c.chars.count)
            return
        }
        for match in c.fresh(Self.amountFromBothEnds) {
            guard let length = (match.groups.compactMap { $0 }.first).flatMap({ point($0) }) else { continue }
            c.use(match.range)
            add(.trim(.remove(TimeSpan(from: .start, to: .at(length.ms)))))
            add(.trim(.remove(TimeSpan(from: .beforeEnd(length.ms), to: .end))))
            found = true
        }
        for match in c.fresh(Self.toTheEnd) {
            guard let at = (match.groups.compactMap { $0 }.first).flatMap({ point($0) }) else { continue }
            c.use(match.range)
            let toEnd = c.text(match.range).contains("end") || c.text(match.range).contains("最后") || c.text(match.range).contains("结尾")
            let span = toEnd ? TimeSpan(from: .at(at.ms), to: .end) : TimeSpan(from: .start, to: .at(at.ms))
            add(.trim(remove ? .remove(span) : .keep(span)))
            found = true
        }
        found = readPoints(Self.keepFrom) { ms in .trim(.keep(TimeSpan(from: .at(ms), to: .end))) } || found
        found = readPoints(Self.amountFromStart) { ms in .trim(.remove(TimeSpan(from: .start, to: .at(ms)))) } || found
        found = readPoints(Self.amountFromEnd) { ms in .trim(.remove(TimeSpan(from: .beforeEnd(ms), to: .end))) } || found
        if let match = c.fresh(Self.shorterBy).first {
            c.use(match.range)
            ask("Should I take that off the start or the end? Say e.g. \"cut the last 30 seconds\".")
            return
        }

        for match in c.fresh(Self.lengthFrom) {
            // Group order differs between the two forms: the length first, or the start first.
            let startsFirst = c.text(match.range).range(of: #"^(?:starting|beginning|from)"#, options: .regularExpression) != nil
            guard let first = point(match.group(0)), let second = point(match.group(1)) else { continue }
            let (length, start) = startsFirst ? (second, first) : (first, second)
            c.use(match.range)
            add(.trim(.keep(TimeSpan(from: .at(start.ms), to: .at(start.ms + length.ms)))))
            found = true
        }
        found = readPoints(Self.startAt) { ms in .trim(.keep(TimeSpan(from: .at(ms), to: .end))) } || found
        if !has(Self.firstOrLast) {
            for match in c.fresh(Self.lengthNow) {
                // Said of the clip as it is: context, nothing to do.
                c.use(match.range)
            }
        }
        for match in c.fresh(Self.rangePattern) {
            guard let a = point(match.group(0), partner: match.group(1)), let b = point(match.group(1), partner: match.group(0)) else { continue }
            guard a.hasUnit || b.hasUnit || trimmy || c.text(match.range).hasPrefix("from") || c.text(match.range).hasPrefix("between") else { continue }
            c.use(match.range)
            guard b.ms > a.ms else {
                ask("The range \(restoring(c.text(match.range))) ends before it starts; which part should I keep?")
                return
            }
            // "cut from 0:15 to 0:20" is said both ways: keep that part, or take it out.
            let before = c.text(0..<match.range.lowerBound).trimmingCharacters(in: .whitespaces)
            // "cut the part from 0:10 to 0:15": a part named, then cut, goes.
            // "cut from 12 seconds to 18 seconds out": the "out" after the range says which.
            let after = c.text(match.range.upperBound..<c.chars.count)
            let cutsAPart =
                !has(Self.keepVerb)
                && (before.range(of: #"\b(?:cut|chop|snip)\s+(?:out\s+)?(?:the|that|this)\s+(?:part|bit|section|segment|piece|portion|clip)$"#, options: .regularExpression) != nil
                    || (before.range(of: #"\b(?:cut|chop|snip|take|clip)$"#, options: .regularExpression) != nil && after.range(of: #"^\s*(?:out|away|off)\b"#, options: .regularExpression) != nil))
            if cutsAPart {
                c.use(match.range)
                add(.trim(.remove(TimeSpan(from: .at(a.ms), to: .at(b.ms)))))
                found = true
                continue
            }
            if !remove, !has(Self.keepVerb), before.range(of: #"^(?:(?:please|pls|can\s+you|could\s+you|just|now)\s+)*cut$"#, options: .regularExpression) != nil {
                let range = restoring(c.text(match.range)).replacingOccurrences(of: #"^(?:from|between)\s+"#, with: "", options: .regularExpression)
                ask("Keep \(range) and drop the rest, or cut that part out? Say \"keep \(range)\" or \"cut out \(range)\".")
                return
            }
            let span = TimeSpan(from: .at(a.ms), to: .at(b.ms))
            add(.trim(remove ? .remove(span) : .keep(span)))
            found = true
        }
        for match in c.fresh(Self.halfPattern) {
            c.use(match.range)
            let first = match.group(1) != nil || ["first", "1st", "former"].contains(c.text(match.group(0)))
            let span = first ? TimeSpan(from: .start, to: .share(0.5)) : TimeSpan(from: .share(0.5), to: .end)
            add(.trim(remove ? .remove(span) : .keep(span)))
            found = true
        }
        for match in c.fresh(Self.sharePattern) {
            let fromStart: Bool
            let share: Double
            // (Groups count from 0: the first parenthesis is group 0.)
            if let end = match.group(0), let amount = match.group(1) {
                fromStart = ["first", "opening"].contains(c.text(end).lowercased())
                let word = c.text(amount).lowercased()
                let single: [String: Double] = ["third": 1.0 / 3, "quarter": 0.25, "fourth": 0.25, "fifth": 0.2]
                guard let value = single[word] ?? fraction(in: amount) else { continue }
                share = value
            } else if let end = match.group(2), let amount = match.group(3), let value = fraction(in: amount) {
                fromStart = c.text(end).hasPrefix("前") || c.text(end).hasPrefix("开头")
                share = value
            } else {
                continue
            }
            guard share > 0, share < 1 else { continue }
            c.use(match.range)
            let span = fromStart ? TimeSpan(from: .start, to: .share(share)) : TimeSpan(from: .share(1 - share), to: .end)
            add(.trim(removesEnds ? .remove(span) : .keep(span)))
            found = true
        }
        for match in c.fresh(Self.firstPattern) {
            guard let length = point(match.group(0)) else { continue }
            c.use(match.range)
            let span = TimeSpan(from: .start, to: .at(length.ms))
            add(.trim(removesEnds ? .remove(span) : .keep(span)))
            found = true
        }
        for match in c.fresh(Self.lastPattern) {
            guard let length = point(match.group(0)) else { continue }
            c.use(match.range)
            let span = TimeSpan(from: .beforeEnd(length.ms), to: .end)
            add(.trim(removesEnds ? .remove(span) : .keep(span)))
            found = true
        }
        found = readPoints(Self.endsAt) { ms in .trim(.keep(TimeSpan(from: .start, to: .at(ms)))) } || found
        found = readPoints(Self.afterPattern) { ms in Self.trim(TimeSpan(from: .at(ms), to: .end), removing: removesEnds) } || found
        found = readPoints(Self.beforePattern) { ms in Self.trim(TimeSpan(from: .start, to: .at(ms)), removing: removesEnds) } || found
        found = readPoints(Self.lengthPattern) { ms in .trim(.keep(TimeSpan(from: .start, to: .at(ms)))) } || found
        for match in c.fresh(Self.middlePattern) {
            guard trimmy || found else { continue }
            c.use(match.range)
            if let length = (match.groups.compactMap { $0 }.first).flatMap({ point($0) }) {
                let span = TimeSpan(from: .share(0.5), to: .share(0.5)).centred(length: length.ms)
                add(.trim(remove ? .remove(span) : .keep(span)))
            } else if operations.contains(where: { if case .trim = $0 { return true } else { return false } }) {
                // "the middle part from 0:20 to 0:40": the times already say which.
            } else {
                ask("Which part is the middle? Give me the times, e.g. \"cut 0:20 to 0:40\".")
            }
            found = true
        }
        if !found, remove, operations.isEmpty, question == nil, c.fresh(Self.timePlaceholder).count == 1, let time = c.fresh(Self.timePlaceholder).first,
            let length = point(time.range), let anchor = c.first(Self.endAnchor) ?? c.first(Self.startAnchor)
        {
            // "there's some dead air at the end, like 6 seconds": that much, at the end named.
            c.use(time.range)
            c.use(anchor.range)
            let atEnd = c.first(Self.endAnchor) != nil
            add(.trim(.remove(atEnd ? TimeSpan(from: .beforeEnd(length.ms), to: .end) : TimeSpan(from: .start, to: .at(length.ms)))))
            found = true
        }
        if !found, trimmy, operations.isEmpty, question == nil {
            // A trim verb with a time but no shape, or with no time at all: ask, change nothing.
            if c.fresh(Self.timePlaceholder).first != nil {
                if plain || remove {
                    ask("Should I cut that much off the start or the end, or keep up to that time? Say e.g. \"cut the first 10 seconds\" or \"keep the first 10 seconds\".")
                    found = true
                }
            } else if c.lower.range(of: #"\b(?:shorten|shorter|trim)\b|剪短|缩短|\b(?:intro|outro|opening|ending|beginning)\b|开头|结尾|片头|片尾"#, options: .regularExpression) != nil {
                // A trim with no length: say what it needs, and do the rest of the request.
                vague = "Which part should I keep? Say e.g. \"keep the first 30 seconds\" or \"cut 0:10 to 0:20\"."
                vagueKind = "trim"
                found = true
            }
        }
        if found { for match in c.matches(Self.trimNoise) { c.use(match.range) } }
    }
}

extension TimeSpan {
    /// A span of `length` ms centred on the middle of the timeline.
    func centred(length: Double) -> TimeSpan {
        TimeSpan(from: .middleOffset(-length / 2), to: .middleOffset(length / 2))
    }
}
