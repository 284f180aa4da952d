import Foundation

/// Sizes: a target ("under 10MB", "8 megs", "half the size", "for Nitro Basic"), the size the
/// file has now ("it's 60mb"), or a wish to make it smaller with no size named.
extension ClauseReader {
    static let compressVerb = rx(
        #"\b(?:compress\w*|shrink\w*|smaller(?!\s+(?:resolution|res|picture|frame|text|title|font|screen))|downsiz\w*|squeez\w*|squish\w*|squash\w*|crunch\w*|reduce\s+(?:the\s+)?(?:file\s*)?size|make\s+(?:it|the\s+(?:file|video|clip))\s+(?:small|smaller|lighter|tiny|tinier)(?!\s+(?:resolution|res|picture|frame|text|title|font|screen))|lighter|slim\s+(?:it\s+)?down|compress\s*$|as\s+small\s+as\s+(?:possible|you\s+can|it\s+gets)|small\s+enough(?:\s+(?:to|for)\b)?|smallest|tiny|tinier|fit(?:s|ting)?(?=\s+(?:in|into|under|within|on|for|discord)\b|\s*$)|(?:get|bring)\s+(?:it|this|that|the\s+(?:file|video|clip))\s+(?:under|below|down)|(?:take|knock)\s+it\s+down|make\s+it\s+work\s+(?:for|on|with)\b|size\s+(?:it|this|the\s+(?:file|video|clip))\s+(?:for|to)\b(?=\s+(?:that|this|it|them)\s*$)|^(?:but\s+|and\s+|because\s+|cause\s+|cuz\s+)?(?:it'?s|its|it\s+is|the\s+(?:file|video|clip)\s+is|(?:file|video)'?s)\s+(?:just\s+|way\s+|much\s+|far\s+|kinda\s+|a\s+bit\s+|a\s+little\s+)?too\s+(?:big|large|heavy)(?:\s+(?:for\s+(?:it|discord)|to\s+(?:upload|send|post)))?\s*[!.]*$)\b|压缩|变小|缩小|减小|压小|压成|压到|压一下|压一压|压压|压小点|压小一点|尽量小|尽可能小|越小越好|(?<!调)小一点|(?<!调)小点|体积"#
    )
    static let textNouns = rx(#"\b(?:text|title|font|caption|subtitle|words?|letters?|label)\b|文字|标题|字幕|字体"#)
    static let trimVerbs = rx(#"\b(?:trim\w*|cut\w*|keep|shorten\w*|first|last|seconds?|long|length|duration)\b|剪|保留|秒"#)

    static let negatedNitro = rx(
        #"\b(?:without|not|never)\s+(?:paying\s+for|buying|getting|having\s+to\s+(?:pay\s+for|buy|get))\s+(?:a\s+|any\s+)?(?:discord\s+)?nitro\b|\b(?:don'?t|do\s+not|won'?t|dont)\s+(?:want\s+to\s+)?(?:pay\s+for|buy|get)\s+(?:a\s+|any\s+)?(?:discord\s+)?nitro\b|(?:不想|不|不用|不打算)(?:买|开|充)(?:nitro|会员)|(?:\b(?:without|no|not|non|don'?t\s+have|do\s+not\s+have|doesn'?t\s+have|w/o|never\s+(?:bought|paid\s+for)|haven'?t\s+got|isn'?t|not\s+on)[\s-]+(?:a\s+|an\s+|any\s+|the\s+)?(?:discord\s+)?nitro\b|\bnon[\s-]?nitro\b|\bnitro[\s-]?less\b|(?:没有|没开|不是|非|没买|不要|不用|不需要|没)\s*(?:discord\s*)?(?:nitro|会员)|非会员|免费(?:用户|账号|账户|版)|\bnitro(?:\s+(?:sub|subscription|plan|trial))?\s+(?:has\s+|had\s+|just\s+)?(?:ran|run|running)\s+out\b|\bnitro(?:\s+(?:sub|subscription|plan|trial))?\s+(?:has\s+|had\s+|just\s+|is\s+)?(?:expired|ended|lapsed|gone|over|cancell?ed|done)\b|\b(?:cancell?ed|lost|stopped\s+paying\s+for|ended|dropped|unsubscribed\s+from)\s+(?:my\s+|our\s+|the\s+)?(?:discord\s+)?nitro\b|\bno\s+longer\s+(?:have|got|pay\s+for|on)\s+(?:discord\s+)?nitro\b|\bnitro\s+(?:anymore|any\s+more|no\s+more)\b|(?:nitro|会员)\s*(?:已经|刚)?(?:到期|过期|没了|停了|取消了|断了|没续)|\bfree\s+(?:account|tier|plan|user|version|discord|limit|upload)|\bdiscord\s+free\b|\bfree\s+discord\b|\b(?:regular|normal|plain|basic|standard|free)\s+discord\b)"#
    )
    static let nitroBasic = rx(#"\bnitro\s+(?:basic|classic|lite)\b|\bbasic\s+nitro\b|基础(?:版)?(?:nitro|会员)|nitro\s*基础"#)
    static let nitro = rx(#"\bnitro\b|discord\s*会员|会员"#)
    /// "nitro's 500mb", "discord's 10 MB limit": a size that restates the limit just named.
    static let limitsOwnSize = rx(#"\b(?:nitro|discord)(?:\s+(?:basic|free|classic))?(?:'s|s)?\s+(?:limit\s+(?:of\s+)?|cap\s+(?:of\s+)?)?⟨s\d+⟩(?:\s+(?:limit|cap))?"#)
    static let uploadTrouble = rx(
        #"\b(?:upload(?:ing)?\s+(?:failed|fails|didn'?t\s+work|won'?t\s+work|errored|was\s+rejected)|(?:won'?t|wont|can'?t|cannot|couldn'?t|could\s+not)\s+(?:upload|send|post)|too\s+(?:big|large|heavy)|over\s+the\s+(?:limit|max)|(?:file\s+)?(?:is\s+)?too\s+big\s+to\s+(?:upload|send|post))\b|上传失败|传不上|发不了|发不出去?|太大了?"#)
    static let safeSize = rx(#"\bsafe\s+size\b|\bsafe\s+for\s+(?:free\s+)?discord\b|\bto\s+be\s+safe\b|\b(?:the\s+)?safe\s+(?:side|limit)\b|安全(?:大小|尺寸)|保险(?:一点|起见)"#)
    /// Also where the file has to go: "need this on discord asap", "I want it to send on discord",
    /// "so I can post it to discord" (in a Discord skill, that is its limit). Not "ready to share
    /// on discord": the sharing skill reads that as its usual format, and warns about the limit.
    static let discordPressure = rx(#"^(?:(?:for|on)\s+)?discord(?:\s+(?:size|sized|limit|ready|friendly|version))?(?:\s+(?:please|pls|plz))?\s*[!.]*$|\b(?:need|want|have|got)\s+(?:this|it|that|the\s+(?:video|clip|file))\s+(?:to\s+(?:go|be)\s+)?(?:on|in|onto|for)\s+discord\b|(?<!\bready\s)\b(?:to|can|could)\s+(?:send|post|share|upload|put)\s+(?:it\s+|this\s+|that\s+|the\s+(?:video|clip|file)\s+)?(?:on|to|in|onto)\s+discord\b|\bdiscord\b[^⟨]*?\b(?:won'?t|wont|doesn'?t|can'?t|cannot|refuses?|rejects?|says?|limit|friendly|ready|small\s+enough|allow|let\s+me)\b|\b(?:too\s+(?:big|large|heavy)|over\s+the\s+limit|upload\s+limit|won'?t\s+(?:fit|upload|send|go\s+through)|can'?t\s+(?:upload|send|post)|doesn'?t\s+fit|small\s+enough|fit|under\s+the\s+limit)\b[^⟨]*\bdiscord\b|discord[^⟨]{0,12}(?:传不上|发不了|发不出|上传不了|太大|限制|能发|可以发|能上传)|(?:太大|超过限制|发不到|发不了|传不上)[^⟨]*discord"#)

    static let sizePlaceholder = rx(#"⟨([smn])(\d+)⟩"#)
    static let currentCueAtEnd = rx(#"(?:\b(?:it'?s|it\s+is|its|is|was|are|currently|now|right\s+now|at\s+the\s+moment|weighs|weighing|sized|size\s+of|from|originally|original\s+size|original(?:ly)?|(?<!\b(?:make|set|change|get|bring|put)\s(?:the\s)?)file\s+size|total|already|weighs\s+in\s+at|have\s+an?|got\s+an?|ended\s+up(?:\s+(?:being|at))?|came\s+out\s+(?:at|to)|turned\s+out(?:\s+to\s+be)?|comes?\s+to|clocks?\s+in\s+at|\w+'s)|现在|目前|当前|原来|原本|本来|原始|已经|(?:文件|视频|它|这个|原文件|原视频)\s*(?:现在)?\s*(?:有|是|大概|大约|约)?|^\s*(?:但是|可是|不过|但|而且|就是)?\s*(?:大概|大约|差不多)?有|录了|拍了|录的|拍的)\s*(?:is\s+|of\s+)?(?:about|around|like|almost|nearly|over|above|already|just|only|a\s+whopping|roughly|approximately|有|是|大约|约|快|将近|接近|差不多|大概)?\s*$"#)
    static let targetCueAtEnd = rx(#"(?:\b(?:under|below|beneath|less\s+than|lower\s+than|smaller\s+than|no\s+more\s+than|no\s+bigger\s+than|no\s+larger\s+than|not\s+more\s+than|not\s+over|not\s+above|without\s+going\s+over|not\s+exceed(?:ing)?|at\s+most|max(?:imum)?|up\s+to|within|to|into|down\s+to|around|about|approximately|roughly|at|fit(?:s|ting)?(?:\s+(?:in|into|under|within|on))?|target(?:ing)?(?:\s+(?:of|size|is))?|limit(?:\s+(?:of|is))?|by|as|be|make\s+it|make\s+me\s+an?|get\s+me\s+an?|(?:need|want)\s+an?|lets?\s+(?:me|you|us)\s+(?:do|send|upload|post|have)|allows?|accepts?|only\s+takes|takes|max\s+is|limit\s+is|cap\s+is)|[<≤~]=?|压到|压缩到|压成|缩小到|控制在|不超过|不要超过|不大于|小于|低于|只能(?:发|传|上传)?|只收|只允许|最多|最大|上限(?:是)?|到|成|为)\s*(?:about|around|roughly|just|only|like|approx\.?|maybe)?\s*$"#)
    static let targetCueAfter = rx(#"^\s*(?:以内|以下|之内|内|左右|or\s+(?:less|smaller|under|below)|max\b|tops\b|at\s+most|maximum|limit|or\s+so)"#)
    static let currentNounAfter = rx(#"^\s*(?:video|file|clip|recording|mp4|movie|vid|mov|的视频|的文件|视频|文件)"#)
    static let possessiveAtEnd = rx(#"\b(?:my|this|the|our|a|that)\s*$|这个\s*$"#)

    // Relative sizes.
    static let fractionWords = #"(?:half|a\s+half|one\s+half|(?:a|one)\s+third|(?:a|one)\s+quarter|(?:a|one)\s+fourth|(?:a|one)\s+fifth|(?:a|one)\s+tenth|⟨n\d+⟩\s*(?:thirds?|quarters?|fourths?|fifths?|tenths?)|two\s+thirds|three\s+quarters|three\s+fourths|a\s+tenth|a\s+fifth|⟨[qp]\d+⟩|一半|半)"#
    static let shareOfSize = rx(#"(?:\b(?:to|into|at|be|is)\s+)?(?:(?:about|around|roughly|like|maybe|approximately|approx|just|only)\s+)?(?:(?<![a-z])"# + fractionWords + #")\s*(?:of\s+)?(?:the\s+|its\s+|it'?s\s+|his\s+|her\s+)?(?:original\s+|current\s+|file\s+|old\s+)?(?:size|file\s*size|original|weight|what\s+it\s+(?:is|was)(?:\s+(?:now|right\s+now|currently))?|how\s+big\s+it\s+is(?:\s+now)?)\b|(?:(?<![a-z])"# + fractionWords + #")\s+as\s+(?:big|large|heavy)"#)
    static let smallerBy = rx(#"(?:(?<![a-z])"# + fractionWords + #")\s*(?:smaller|less|lighter|off|reduction|lower)\b|(?<!\bslow\s)(?<!\bspeed\s)\b(?:size\s+|it\s+)down\s+(?:by\s+)?(?:(?:about|around|roughly|like|maybe|approximately|approx|just|only)\s+)?"# + fractionWords + #"|\b(?:reduce|cut|shrink|compress|decrease|lower|drop|slash|trim)\w*\s+(?:it\s+|(?:the\s+|its\s+|file\s+)?(?:size|file|video|clip)\s+|the\s+file\s*size\s+)?(?:down\s+)?by\s+(?:(?:about|around|roughly|like|maybe|approximately|approx|just|only)\s+)?"# + fractionWords)
    static let downToShare = rx(#"\b(?:reduce|shrink|compress|cut|bring|get|make|squeeze|take|knock)\w*\s+(?:it\s+|the\s+(?:size|file|video|clip)\s+)?(?:down\s+)?to\s+(?:(?:about|around|roughly|like|maybe|approximately|approx|just|only)\s+)?"# + fractionWords + #"(?:\s+of\s+(?:the\s+|its\s+)?(?:size|original))?"#)
    static let halve = rx(#"\bhalve[sd]?\b|\b(?:in|by)\s+half\b|\b(?:file\s*)?size\s+(?:in\s+)?half\b|减半|小一半|缩小一半|压缩一半|砍半|砍一半|砍掉一半|减一半|少一半"#)
    static let chineseSmallerBy = rx(#"(?:压缩|缩小|减小|减少|降低|变小)(?:了)?\s*"# + fractionWords)
    static let chineseToShare = rx(#"(?:到|为|成|变成)\s*(?:原来|原始|原本|原|之前|现在)?(?:大小|体积)?的?\s*"# + fractionWords)
    static let fractionAtom = rx(fractionWords)

    static let weakCompress = rx(#"^(?:smaller|lighter|小一点|小点|fit|fits|fitting)$"#)
    static let audioNouns = rx(#"\b(?:music|song|sound|audio|volume|voice|bgm)\b|音乐|声音|音量|配乐|原声"#)
    static let tooBig = rx(#"\btoo\s+(?:big|large|heavy|fat|huge|chunky)\b|\b(?:way\s+)?too\s+many\s+(?:mb|megs)\b|(?<!声音|音乐|音量|配乐|原声|人声|声)太大|太重"#)

    /// "my friend has nitro so 500mb is fine": a size equal to the limit just named is that limit
    /// said again, wherever it stands in the clause, not a second target or the clip's size.
    private mutating func useRestatedLimit() {
        let named = operations.compactMap { operation -> Int64? in
            guard case .sizeTarget(.limit(let name)) = operation else { return nil }
            return limits.first { $0.name == name }?.bytes
        }
        guard let limit = named.first else { return }
        for match in c.fresh(Self.sizePlaceholder) {
            guard let (_, quantity) = self.quantity(match.range) else { continue }
            let bytes: Int64?
            switch quantity.kind {
            case .size(let value): bytes = value
            case .megaOrMinutes(let value): bytes = ByteSize.bytes(value, factor: 1e6)
            default: bytes = nil
            }
            if bytes == limit { c.use(match.range) }
        }
    }

    /// "make it 360p so it's tiny": why another change is asked for, not a size of its own.
    static let smallAsPurpose = rx(#"\bso\s+(?:that\s+)?(?:it'?s|its|it\s+is|it'?ll\s+be|it\s+will\s+be|it\s+gets)\s+(?:really\s+|super\s+|very\s+|nice\s+and\s+)?(?:tiny|small|smaller|lighter)\b"#)

    /// "bring it down to 720": what comes down is the frame, not the file.
    private func bringsDownToFrameHeight(after cue: Range<Int>) -> Bool {
        guard !has(Self.sizeWordsStrict),
            let next = c.matches(Self.toPlaceholder).first(where: { $0.range.lowerBound == cue.upperBound }),
            let (_, quantity) = self.quantity(next.group(0)), case .number(let value) = quantity.kind,
            let lines = CheckedNumber.integer(value, in: 0...10_000)
        else { return false }
        return Self.standardFrameHeights.contains(lines)
    }
    static let shareOfLimit = rx(#"⟨p(\d+)⟩\s+of\s+(?:the\s+|my\s+|its\s+)?(?:discord(?:'?s)?\s+)?(?:(?:free|nitro(?:\s+basic)?|upload|size|file)\s+)?(?:limit|cap|max(?:imum)?|allowance)\b"#)
    static let toPlaceholder = rx(#"\s*(?:to\s+)?⟨n(\d+)⟩"#)

    mutating func readSize() {
        var purpose: Range<Int>?
        if let match = c.first(Self.smallAsPurpose), has(Self.resolutionPlaceholder) || has(Self.bareResolution) || has(Self.resolutionWords) {
            c.use(match.range)
            purpose = match.range
        }
        let cues = c.matches(Self.compressVerb).filter { match in
            purpose.map { !$0.overlaps(match.range) } ?? true && !bringsDownToFrameHeight(after: match.range)
        }.map { c.text($0.range) }
        let onlyWeak = !cues.isEmpty && cues.allSatisfy { ClauseText(cased: $0, quotes: []).first(Self.weakCompress) != nil }
        var compress = !cues.isEmpty && !(onlyWeak && (has(Self.textNouns) || has(Self.audioNouns) || previousHadVolume))
        // (Not "声音开太大了": too big, said of the sound, is too loud.)
        if !compress, let match = c.first(Self.tooBig), !(c.text(match.range).contains("太大") && has(Self.audioNouns) && !has(Self.sizeWordsStrict)) {
            c.use(match.range)
            compress = true
        }
        let sizeContext = compress || has(Self.sizeWords) || previousHadSize
        var found = false

        // Named limits.
        if let match = c.first(Self.negatedNitro) {
            c.use(match.range)
            c.use(c.first(Self.nitro)?.range)
            add(.sizeTarget(.limit(name: "discord-free")))
            found = true
        } else if let match = c.first(Self.nitroBasic) {
            c.use(match.range)
            add(.sizeTarget(.limit(name: "discord-nitro-basic")))
            found = true
        } else if let match = c.first(Self.nitro) {
            c.use(match.range)
            add(.sizeTarget(.limit(name: "discord-nitro")))
            found = true
        }
        if found, let match = c.first(Self.limitsOwnSize) { c.use(match.range) }
        if found { useRestatedLimit() }
        // "95% of the limit": a share of the limit named, Discord's free one when none is.
        // (The limit's name may be read already: only the share must be new.)
        if let match = c.matches(Self.shareOfLimit).first(where: { !c.isUsed($0.group(0) ?? 0..<0) }), let (_, quantity) = self.quantity(match.group(0)),
            case .percent(let percent) = quantity.kind, percent > 0, percent <= 100
        {
            let named = operations.compactMap { operation -> String? in
                if case .sizeTarget(.limit(let name)) = operation { return name } else { return nil }
            }.first
            if let limit = limits.first(where: { $0.name == (named ?? "discord-free") }), let bytes = ByteSize.bytes(Double(limit.bytes) * percent / 100, factor: 1) {
                c.use(match.range)
                operations.removeAll { if case .sizeTarget(.limit) = $0 { return true } else { return false } }
                add(.sizeTarget(.bytes(bytes)))
                found = true
            }
        }
        if let match = c.first(Self.safeSize) {
            c.use(match.range)
            add(.sizeTarget(.limit(name: "discord-safe")))
            found = true
        }

        // Written sizes, each with its role.
        let trimContext = has(Self.trimVerbs) && !has(Self.sizeWordsStrict)
        for match in c.fresh(Self.sizePlaceholder) {
            guard let (_, quantity) = self.quantity(match.range) else { continue }
            var bytes: Int64?
            switch quantity.kind {
            case .size(let value): bytes = value
            case .megaOrMinutes(let value):
                // "80M" is a size where sizes are talked of, or where it is the file's size now.
                let current = role(of: match.range) == .current
                guard (sizeContext && !trimContext) || (current && !trimContext) || quantity.written.contains("M") && !trimContext else { continue }
                bytes = ByteSize.bytes(value, factor: 1e6)
            case .number(let value):
                // "under 10" in a compression request: megabytes, said in the reply. Not "by 3
                // quarters", which is a share.
                let after = c.text(match.range.upperBound..<min(c.chars.count, match.range.upperBound + 12))
                let onlyATarget = c.lower.range(of: #"^\s*(?:under|below|less\s+than|max(?:imum)?|at\s+most|no\s+more\s+than|<)\s*⟨n\d+⟩\s*(?:please|pls|tops|max)?\s*[!.]*$"#, options: .regularExpression) != nil
                // "bring it down to 720": a standard frame height without a unit is a resolution.
                let frameHeight = CheckedNumber.integer(value, in: 0...10_000).map(Self.standardFrameHeights.contains) == true && !has(Self.sizeWordsStrict)
                guard sizeContext || onlyATarget, !trimContext, !frameHeight, role(of: match.range) == .target, value >= 1, value <= 2000,
                    c.first(Self.percentOrTime) == nil,
                    after.range(of: #"^\s*(?:thirds?|quarters?|fourths?|fifths?|tenths?|halves|times|x\b)"#, options: .regularExpression) == nil
                else { continue }
                bytes = ByteSize.bytes(value, factor: 1e6)
                if let bytes { readings.append(Correction(typed: quantity.written, read: ByteSize.describe(bytes))) }
            default: continue
            }
            guard let bytes else {
                add(.refused("\(quantity.written) is not a size a file can have."))
                c.use(match.range)
                continue
            }
            c.use(match.range)
            switch role(of: match.range) {
            case .current:
                add(.currentSize(bytes))
            case .target:
                add(.sizeTarget(.bytes(bytes)))
                found = true
            case .none:
                // No word says which: a target, unless another clause names one (then it is
                // the size now, "大概100兆, …, 压到10兆").
                add(.sizeTarget(.bytes(bytes)))
                guessedTarget = true
                found = true
            }
        }

        // Shares of the real size.
        if sizeContext || has(Self.shareOfSize) || (has(Self.smallerBy) && !has(Self.audioNouns) && !has(Self.percentOrTime)) {
            if let match = c.fresh(Self.smallerBy).first ?? c.fresh(Self.chineseSmallerBy).first {
                if let share = fraction(in: match.range) { addShare(1 - share, range: match.range) }
                found = true
            } else if let match = c.fresh(Self.downToShare).first ?? c.fresh(Self.shareOfSize).first ?? c.fresh(Self.chineseToShare).first {
                if let share = fraction(in: match.range) { addShare(share, range: match.range) }
                found = true
            } else if let match = c.fresh(Self.halve).first, sizeContext || !has(Self.trimVerbs) {
                if c.text(match.range).contains("in half"), !has(Self.sizeWordsStrict), !compress {
                    c.use(match.range)
                    ask("Half the length, or half the file size?")
                } else {
                    addShare(0.5, range: match.range)
                }
                found = true
            }
        }

        if !found, let match = c.first(Self.discordPressure) {
            c.use(match.range)
            add(.sizeTarget(.limit(name: "discord-free")))
            found = true
        }
        if !found, !compress, operations.contains(where: { if case .currentSize = $0 { return true } else { return false } }),
            let match = c.first(Self.uploadTrouble)
        {
            // "the upload failed because it's 31mb": the file is too big for where it goes, which
            // no one named, so it is compressed to the skill's own target.
            c.use(match.range)
            add(.compress)
            found = true
        }
        if compress {
            for match in c.matches(Self.compressVerb) { c.use(match.range) }
            if !found, !operations.contains(where: { if case .sizeTarget = $0 { return true } else { return false } }) {
                if c.lower.contains("discord") {
                    add(.sizeTarget(.limit(name: "discord-free")))
                } else {
                    add(.compress)
                }
            }
            c.use(c.first(Self.discordWord)?.range)
        } else if found {
            c.use(c.first(Self.discordWord)?.range)
        }
        for match in c.matches(Self.sizeNoise) where operations.contains(where: Self.isSize) { c.use(match.range) }
    }

    static let sizeWordsStrict = rx(#"\b(?:size|mb|megs?|megabytes?|gb|kb|file\s*size|discord|nitro)\b|⟨s\d+⟩|大小|兆|体积"#)
    /// Words that make a bare number anything but megabytes: a time, a share, a volume, a frame rate.
    static let percentOrTime = rx(#"\b(?:seconds?|secs?|minutes?|mins?|percent|volume|fps|speed|frame\s*rates?|framerates?|frames|hz|times)\b|%|帧|秒|分钟|倍"#)
    static let discordWord = rx(#"\bdiscord\b"#)
    static let sizeNoise = rx(#"\b(?:under|below|less\s+than|at\s+most|within|max(?:imum)?|the\s+size|size|file\s*size|limit|target|upload|for|so\s+i\s+can\s+(?:send|post|upload)\s+it|so\s+it\s+fits?|won'?t\s+take\s+it|too\s+(?:big|large)|it'?s|its|is|now|currently)\b|以内|以下|之内|现在|目前|大小|到|上传|发"#)

    static func isSize(_ operation: EditOperation) -> Bool {
        switch operation {
        case .sizeTarget, .currentSize, .compress: return true
        default: return false
        }
    }

    enum SizeRole { case target, current }

    func role(of range: Range<Int>) -> SizeRole? {
        let start = max(0, range.lowerBound - 40)
        var prefix = c.text(start..<range.lowerBound)
        if let last = prefix.lastIndex(of: "⟩") { prefix = String(prefix[prefix.index(after: last)...]) }
        let ns = prefix as NSString
        let whole = NSRange(location: 0, length: ns.length)
        let current = Self.currentCueAtEnd.firstMatch(in: prefix, range: whole)
        let target = Self.targetCueAtEnd.firstMatch(in: prefix, range: whole)
        let suffix = c.text(range.upperBound..<min(c.chars.count, range.upperBound + 20))
        if Self.targetCueAfter.firstMatch(in: suffix, range: NSRange(location: 0, length: (suffix as NSString).length)) != nil { return .target }
        switch (current, target) {
        case let (current?, target?):
            // "the limit is 25mb": a limit named before "is" makes it a target.
            if ns.substring(with: target.range).range(of: #"limit|cap|max|target|goal"#, options: .regularExpression) != nil { return .target }
            // "it's about 90MB": the hedge "about" belongs to the current size's phrase.
            if NSLocationInRange(target.range.location, current.range), NSMaxRange(target.range) <= NSMaxRange(current.range) { return .current }
            return target.range.location >= current.range.location ? .target : .current
        case (_?, nil): return .current
        case (nil, _?): return .target
        case (nil, nil):
            if Self.possessiveAtEnd.firstMatch(in: prefix, range: whole) != nil,
                Self.currentNounAfter.firstMatch(in: suffix, range: NSRange(location: 0, length: (suffix as NSString).length)) != nil
            {
                return .current
            }
            return nil
        }
    }

    /// The share a fraction phrase names: "a third" → 1/3, "30%" → 0.3, "一半" → 0.5.
    func fraction(in range: Range<Int>) -> Double? {
        let text = c.text(range)
        let sub = ClauseText(cased: text, quotes: [])
        guard let match = sub.first(Self.fractionAtom) else { return nil }
        let atom = sub.text(match.range).replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        if atom.hasPrefix("⟨") {
            guard let (_, quantity) = quantity(range.lowerBound + match.range.lowerBound..<range.lowerBound + match.range.upperBound) else { return nil }
            switch quantity.kind {
            case .fraction(let share): return share
            case .percent(let percent): return percent / 100
            case .number(let count):
                // "2 thirds", "3 quarters".
                let parts: [(String, Double)] = [("third", 3), ("quarter", 4), ("fourth", 4), ("fifth", 5), ("tenth", 10)]
                guard let denominator = parts.first(where: { atom.contains($0.0) })?.1, count < denominator else { return nil }
                return count / denominator
            default: return nil
            }
        }
        switch atom {
        case "half", "a half", "one half", "一半", "半": return 0.5
        case "a third", "one third": return 1.0 / 3
        case "two thirds": return 2.0 / 3
        case "a quarter", "one quarter", "a fourth": return 0.25
        case "three quarters", "three fourths": return 0.75
        case "a tenth", "one tenth": return 0.1
        case "a fifth", "one fifth": return 0.2
        default: return nil
        }
    }

    mutating func addShare(_ share: Double, range: Range<Int>) {
        c.use(range)
        guard share > 0.005, share < 1 else {
            add(.refused(share >= 1 ? "I can only make a file smaller, not bigger." : "That would leave almost nothing of the file; name a size instead, e.g. under 5MB."))
            return
        }
        add(.sizeTarget(.fraction(share)))
    }
}
