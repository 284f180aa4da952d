import Foundation

/// Captions from speech or from given words; background music; the volume of the video's own
/// sound or of the music, each percentage bound to the track named nearest to it.
extension ClauseReader {
    static let captionWords = rx(#"\b(?:closed\s+)?(?:captions?|captioning|subtitles?|subs|cc|transcri(?:be|pt|ption)\w*)\b|字幕|听写|转文字|转录"#)
    static let captionRemoval = rx(#"\b(?:get|take|turn|switch|shut)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:closed\s+)?(?:captions?|subtitles?|subs)\s+off\b|\b(?:remove|delete|drop|no|without|turn\s+off|hide|get\s+rid\s+of|take\s+(?:off|out|away)|kill|clear|lose|ditch|scrap)\s+(?:more\s+)?(?:the\s+|all\s+|any\s+)?(?:closed\s+)?(?:captions?|subtitles?|subs)\b|(?:去掉|删除|删掉|不要|关掉|去除|清除)\s*(?:所有的?)?字幕|字幕\s*(?:都|全部)?\s*(?:删掉|去掉|删除|关掉|关了|不要了?|不需要了?|不用了?|拿掉|删了|去了|撤了|撤掉)"#)
    static let captionText = rx(#"(?:captions?|subtitles?|字幕)\s*(?:saying|that\s+say|reading|with\s+the\s+text|with|of)?\s*[:：]\s*(.+)$"#)
    static let captionQuote = rx(#"(?:captions|subtitles|字幕)[^⟦]{0,30}⟦(\d+)⟧"#)
    static let englishWords = rx(#"\benglish\b|英文|英语"#)
    static let chineseWords = rx(#"\b(?:chinese|mandarin)\b|中文|汉语|普通话|华语"#)
    static let otherLanguage = rx(#"\b(spanish|french|german|japanese|korean|russian|portuguese|italian|arabic|hindi)\b|(日语|日文|韩语|韩文|法语|德语|西班牙语)"#)
    static let captionNoise = rx(#"\b(?:add|put|generate|make|create|auto(?:matic)?|automatically|burn(?:ed)?\s*in|burnt\s*in|in|on|some|the|to|it|with|english|chinese|mandarin|from|speech|audio|what\s+(?:they|i|he|she)\s+(?:say|said)|spoken|words|of|for)\b|加上?|添加|生成|自动|英文|英语|中文|加个"#)

    static let lineEdit = rx(#"\b(?:fix|change|edit|correct|set|update|rewrite|make)\s+(?:the\s+)?(?:caption|subtitle|line)\s*(?:#|no\.?\s*|number\s*)?⟨n(\d+)⟩\s*(?:to\s+read|to|:|：|=|so\s+it\s+(?:says|reads))?\s*⟦(\d+)⟧|第\s*⟨n(\d+)⟩\s*(?:条|句|行|个)字幕(?:改成|改为|换成)[:：]?\s*⟦(\d+)⟧"#)
    static let quotedReplace = rx(#"\b(?:replace|change|swap|correct|fix)\s+⟦(\d+)⟧\s+(?:with|to|into|for|by)\s+⟦(\d+)⟧(?:\s+(?:in|everywhere\s+in)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:captions?|subtitles?))?|把\s*⟦(\d+)⟧\s*(?:改成|换成|替换成|替换为|改为)\s*⟦(\d+)⟧|\breplace\s+(?!(?:it|this|that|them|the|music|song|audio|sound|video|clip)\b)([^\s⟦⟨]+)\s+with\s+([^\s⟦⟨]+)\s*(?:in\s+the\s+(?:captions?|subtitles?))?\s*$"#)

    /// "fix caption 3: …", "replace 'brwn' with 'brown'": changes to lines already there. Read
    /// before text, so the quoted words are not taken for a new title.
    mutating func readCaptionEdits() {
        if let match = c.fresh(Self.lineEdit).first {
            let numberGroup = match.group(0) ?? match.group(2)
            let quoteGroup = match.group(1) ?? match.group(3)
            if let (_, quantity) = quantity(numberGroup), let value = quantity.value, let line = CheckedNumber.integer(value, in: 1...100_000),
                let index = Int(c.text(quoteGroup)), index < c.quotes.count
            {
                c.use(match.range)
                add(.captionEdit(.line(line, c.quotes[index])))
                return
            }
        }
        if let match = c.fresh(Self.quotedReplace).first {
            if let old = match.group(0) ?? match.group(2), let new = match.group(1) ?? match.group(3),
                let oldIndex = Int(c.text(old)), let newIndex = Int(c.text(new)), oldIndex < c.quotes.count, newIndex < c.quotes.count
            {
                c.use(match.range)
                add(.captionEdit(.replace(c.quotes[oldIndex], c.quotes[newIndex])))
                return
            }
            if let old = match.group(4), let new = match.group(5) {
                c.use(match.range)
                add(.captionEdit(.replace(restoring(c.casedText(old)), restoring(c.casedText(new)))))
                return
            }
        }
    }

    mutating func readCaptions() {
        if let match = c.fresh(Self.captionRemoval).first {
            c.use(match.range)
            add(.captions(.remove))
            return
        }
        guard let words = c.fresh(Self.captionWords).first else { return }
        c.use(words.range)
        if let match = c.first(Self.captionText), let group = match.group(0) {
            var text = c.casedText(group)
            for (index, quote) in c.quotes.enumerated() { text = text.replacingOccurrences(of: "⟦\(index)⟧", with: quote) }
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty {
                c.use(match.range)
                add(.captions(.fromText(text)))
                return
            }
        }
        if let match = c.first(Self.captionQuote), let index = Int(c.text(match.group(0))), index < c.quotes.count,
            // Words already set on the picture ("底下加字幕写“求关注”") are not captions too.
            !operations.contains(where: { if case .text(let overlay) = $0 { return overlay.text == c.quotes[index] } else { return false } })
        {
            c.use(match.range)
            add(.captions(.fromText(c.quotes[index])))
            return
        }
        var language: String?
        if let match = c.first(Self.englishWords) { c.use(match.range); language = "en" }
        if let match = c.first(Self.chineseWords) { c.use(match.range); language = "zh" }
        if let match = c.first(Self.otherLanguage) {
            c.use(match.range)
            add(.refused("Captions here are in English or 中文; \(c.text(match.range).capitalized) isn't available."))
            return
        }
        add(.captions(.fromSpeech(language: language)))
        for match in c.matches(Self.captionNoise) { c.use(match.range) }
    }

    // MARK: Music and volume

    static let musicNoun = #"(?:background\s+music|background\s+track|background\s+(?:song|tune|beat)|music\s+track|music|song|tune|bgm|soundtrack|beat|backing\s+track|track\s+i\s+uploaded|mp3|背景音乐|配乐|音乐|歌曲|歌|bgm)"#
    static let originalNoun = #"(?:original\s+(?:sound|audio|track|voice)?|the\s+(?:video|clip)(?:'s)?\s+(?:sound|audio)|(?:game|mic|microphone|voice|voices|dialogue|dialog|speech|talking|commentary|sound\s+effects|sfx|in-game)\s*(?:audio|sound|volume)?|sound|audio|原声|原音|(?<!音乐|配乐|歌曲|歌)声音|人声|原视频声音|视频声音|视频的声音|游戏声音|说话声)"#
    static let musicAtom = rx(musicNoun)
    static let originalAtom = rx(originalNoun)
    static let musicRemoval = rx(#"\b(?:want|need|get|have)\s+(?:the\s+|all\s+the\s+|that\s+)?"# + musicNoun + #"\s+(?:gone|removed|taken\s+out|out|off)\b|\b(?:remove|delete|drop|no|without|get\s+rid\s+of|take\s+(?:off|out|away)|kill|lose|ditch|cut|stop|(?:switch|turn|shut)\s+off|(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:want|need|like)|(?:i\s+)?(?:want|need)\s+no)\s+(?:more\s+)?(?:the\s+|all\s+|any\s+)?"# + musicNoun + #"|\b(?:take|pull|strip|cut|turn|switch|shut)\s+(?:the\s+|all\s+the\s+)?"# + musicNoun + #"\s+(?:out|off|away)\b|(?:去掉|删除|删掉|不要|别要|别放|不用|关掉|去除)\s*(?:背景音乐|配乐|音乐|歌)|(?:背景音乐|配乐|音乐|歌|background\s+music|music|bgm|song)\s*(?:都|全部|给)?\s*(?:删掉|去掉|删除|关掉|关了|不要了?|拿掉|删了|去了|撤了|撤掉)"#)
    static let musicAdd = rx(#"^(?:some\s+)?(?:background\s+music|bgm|music)(?:\s+(?:please|pls|too|as\s+well))?\s*[!.]*$|\b(?:add|put\s+(?!the\b)|use|play|include|throw|lay|give\s+it|with|slap|stick|chuck|pop|drop\s+(?:in|on)|toss)\b[^⟨⟦]{0,30}"# + musicNoun + #"|(?:背景音乐|配乐|音乐|bgm)\s*(?:也|给我)?\s*(?:加上|加进去|加一下|配上|放上|加)(?:吧|呗)?\s*$|"# + musicNoun + #"\s+(?:in\s+the\s+background|underneath|under\s+it|behind\s+it)|(?:加|配|放|加上|添加|用|来点|配上)\s*(?:一)?(?:点|段|个|首|些)?\s*(?:背景音乐|配乐|音乐|歌|bgm|(?:背景\s*)?music)|(?:歌|音乐|mp3|曲子|那首)[^，,。]{0,4}(?:当|做|作为|当作|当成)\s*(?:背景音乐|配乐|bgm)"#)
    static let muteWords = rx(#"\b(?:(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:need|want)\s+(?:the\s+|any\s+)?(?:sound|audio)|mute(?:d)?|silence|silent|bleep(?:\s+out)?|no\s+(?:sound|audio)|without\s+(?:the\s+|any\s+)?(?:sound|audio)|(?:remove|kill|drop|cut|turn\s+off|get\s+rid\s+of|take\s+out|lose|strip)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:original\s+)?(?:sound|audio|voices?|game\s+audio)|take\s+(?:the\s+|all\s+the\s+)?(?:sound|audio)\s+out|(?:sound|audio)\s+off)\b|静音|消音|无声|(?:去掉|关掉|去除|删掉|不要)(?:原来的|原视频的?|视频的?|游戏的?)?(?:声音|原声|音频)|把?(?:原来的|原视频的?|视频的?)?(?:声音|原声|音频)\s*(?:都|全部|全)?\s*(?:去掉|关掉|删掉|去除|关了|不要了?)"#)
    static let unmuteWords = rx(#"\b(?:unmute|restore\s+(?:the\s+)?(?:original\s+)?(?:sound|audio)|keep\s+the\s+original\s+(?:sound|audio)|bring\s+back\s+the\s+(?:sound|audio)|turn\s+the\s+(?:sound|audio)\s+(?:back\s+)?on|sound\s+back\s+on)\b|恢复(?:原声|声音)|保留原声|取消静音"#)
    static let louder = rx(#"\b(?:(a\s+(?:bit|little|touch)|slightly|much|way|a\s+lot)\s+)?(?:louder|(?:turn|bump|crank|pump|bring|push)\s+(?:\w+\s+){0,4}up|raise|boost|increase|(?<=\b(?:voice|voices|vocals|music|bgm|sound|audio|game|mic|song|original|volume)\s)(?:up|higher)(?=\s*(?:a\s+(?:bit|little|touch|lot)|slightly|some|more|please|pls|plz)?\s*[,.!]*\s*$))\b|(?:大点|大一点|大一些|调大|调高|提高|加大|增大|大声|响一点|响一些)"#)
    static let quieter = rx(#"\b(?:(a\s+(?:bit|little)|slightly|much|way|a\s+lot)\s+)?(?:quieter|softer|(?:turn|bring|take|knock|dial|pull|tone)\s+(?:\w+\s+){0,4}down|lower|reduce|decrease|less\s+loud|tone\s+down|duck|(?<=\b(?:voice|voices|vocals|music|bgm|sound|audio|game|mic|song|original|volume)\s)(?:down|lower)(?=\s*(?:a\s+(?:bit|little|touch|lot)|slightly|some|more|please|pls|plz)?\s*[,.!]*\s*$))\b|(?:小点|小一点|小一些|调小|调低|降低|减小|小声|轻一点|轻一些|弱一点|低一点|低一些)"#)
    static let degreeWords = rx(#"\b(?:a\s+(?:little|bit|touch)(?:\s+bit)?|slightly|much|way|a\s+lot)\b"#)
    /// "the music is too loud", "声音太小了": a level from a complaint.
    static let tooLoud = rx(#"\btoo\s+loud\b|\b(?:drowns?|drowning)\s+out\b|太吵|(?<=声音|音乐|音量|配乐|原声|人声)太大(?:了|啦)?|太大声|太响|(?:声音|音乐|音量|配乐|原声|人声)[^，,。⟨]{0,4}?太大|\b(?:super|so|really|way|very|crazy|insanely|hella)\s+loud\b"#)
    static let tooQuiet = rx(#"\btoo\s+(?:quiet|soft|low)\b|\bcan'?t\s+hear\b|\bhard\s+to\s+hear\b|太小声|(?:声音|音量)太小|听不(?:见|清)"#)
    static let bareVolumeNumber = rx(#"(?:\bvolume\s+(?:to|at|of|=)?\s*|\b(?:music|song|sound|audio|voices?|game\s+audio|bgm)\s+(?:down\s+|up\s+)?(?:to|at)\s+|音量\s*(?:调到|调成|设为|到|为)?\s*)⟨n(\d+)⟩(?!\s*(?:seconds?|secs?|s\b|minutes?|秒))"#)
    /// A clause that is only "louder", "大一点": the level for the clause before.
    static let comparedLouder = rx(#"\b(?:is|are|'s)\s+(?:way\s+|much\s+|a\s+lot\s+|far\s+|kinda\s+|so\s+)?(?:louder|too\s+loud)\s+(?:than|compared\s+to|over)\b|比(?<=(?:音乐|配乐|歌|声音|原声|人声|游戏声|说话声)比)[^，,。]{0,8}?(?:还|更|都)?(?:大|响|吵)(?:声)?"#)
    static let comparedQuieter = rx(#"\b(?:is|are|'s)\s+(?:way\s+|much\s+|a\s+lot\s+|far\s+|kinda\s+|so\s+)?(?:quieter|softer|too\s+quiet)\s+(?:than|compared\s+to)\b"#)
    static let pronounLevel = rx(#"\b(?:turn|bring|set|put|drop|lower|raise)\s+(?:it|that|them)\s+(?:down\s+|up\s+)?(?:to|at)\b|把它(?:调|降|开)(?:到|成)"#)
    static let loneDegreePattern = rx(#"^(?:please\s+)?(?:turn|bring)\s+(?:it|that|them)\s+(?:down|up)(?:\s+(?:a\s+(?:bit|little|lot|touch)|a\s+lot\s+more|way\s+more|much\s+more|more|slightly))?(?:\s+(?:please|pls))?$"#)
    static let loneFactorPattern = rx(#"^(?:please\s+)?(?:double|triple)\s+(?:it|that|them)(?:\s+please)?$|^(?:make\s+it\s+)?twice\s+as\s+loud$"#)
    static let loneLevelPattern = rx(#"^(?:a\s+(?:bit|little)\s+|much\s+)?(?:louder|quieter|softer|more|less)(?:\s+please)?$|^(?:帮我|请|麻烦)?(?:再)?(?:调)?(?:大|小)(?:一)?(?:点|些)(?:儿|吧)?$"#)
    static let percentPlaceholder = rx(#"⟨p(\d+)⟩"#)
    static let levelWords = rx(#"\b(?:half(?:\s+volume)?|a\s+quarter|double|twice\s+as\s+loud|full(?:\s+volume)?|max(?:imum)?\s+volume)\b|一半|最大音量"#)
    static let volumeWords = rx(#"\b(?:volume|loud\w*|quiet\w*|level|gain)\b|音量|声音|响度"#)
    static let soundNoise = rx(#"\b(?:volume|at|to|set|the|by|a|of|and|make|turn|put|level|it|its|percent|background|in|please|keep|down|up)\b|音量|调到|调成|设为|设置|到|为|在|把|的|调|背景"#)

    /// "can you mute just that bit", 把这段静音: the part the clause before named, muted.
    static let loneMutePattern = rx(#"^(?:(?:so|and|then)\s+)*(?:please\s+)?(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:just\s+)?(?:mute|silence|bleep(?:\s+out)?)\s+(?:just\s+|only\s+)?(?:that|this|it|those|them)(?:\s+(?:part|bit|section|moment|word|words|sound|one|bits|parts))?(?:\s+(?:out|please|pls|for\s+me))?\s*[?!.]*$|^(?:把)?(?:这段|那段|这里|那里|这部分|那部分)(?:的声音)?(?:静音|消音)(?:吧)?$"#)

    mutating func readSound() {
        var found = false
        // Read as usual too: with no part named before, "mute it" mutes the whole video.
        loneMute = c.first(Self.loneMutePattern) != nil
        if let match = c.fresh(Self.musicRemoval).first {
            c.use(match.range)
            add(.music(.remove))
            found = true
        }
        // "drop the original audio to 40%" sets a level; only a bare "drop the audio" mutes.
        let mutes = c.fresh(Self.muteWords).filter { match in
            c.text(match.range.upperBound..<c.chars.count).range(of: #"^\s*(?:down\s+)?(?:to|at)\s*⟨[pn]"#, options: .regularExpression) == nil
        }
        for match in mutes {
            c.use(match.range)
            let text = c.text(match.range)
            // "mute the music": the track named in the clause, the video's sound otherwise.
            let musicInClause = c.first(Self.musicAtom) != nil
            let originalElsewhere = c.matches(Self.originalAtom).contains { !$0.range.overlaps(match.range) }
            let namesMusic =
                text.range(of: Self.musicNoun, options: [.regularExpression, .caseInsensitive]) != nil
                || (musicInClause && !originalElsewhere && text.range(of: Self.originalNoun, options: [.regularExpression, .caseInsensitive]) == nil)
            let track: VolumeEdit.Track = namesMusic ? .music : .original
            // "mute 0:18 to 0:20", "bleep out 0:31-0:33", 把10秒到12秒静音: only that part.
            var part: TimeSpan?
            if track == .original, let range = c.fresh(Self.rangePattern).first, let a = point(range.group(0), partner: range.group(1)),
                let b = point(range.group(1), partner: range.group(0)), b.ms > a.ms
            {
                c.use(range.range)
                part = TimeSpan(from: .at(a.ms), to: .at(b.ms))
            }
            add(.volume(VolumeEdit(track: track, level: .percent(0), span: part)))
            found = true
        }
        if let match = c.fresh(Self.unmuteWords).first {
            c.use(match.range)
            add(.volume(VolumeEdit(track: .original, level: .percent(100))))
            found = true
        }

        // Levels, each given to the nearest track noun.
        let musicNouns = c.matches(Self.musicAtom).map(\.range)
        let originalNouns = c.matches(Self.originalAtom).map(\.range).filter { range in !musicNouns.contains { $0.overlaps(range) } }
        func nearestTrack(to range: Range<Int>) -> VolumeEdit.Track? {
            func distance(_ other: Range<Int>) -> Int {
                other.upperBound <= range.lowerBound ? range.lowerBound - other.upperBound : max(0, other.lowerBound - range.upperBound)
            }
            let music = musicNouns.map(distance).min()
            let original = originalNouns.map(distance).min()
            switch (music, original) {
            case let (m?, o?): return m <= o ? .music : .original
            case (_?, nil): return .music
            case (nil, _?): return .original
            default: return nil
            }
        }
        // "the background music is way louder than my voice": the first track is too loud.
        for (regex, factor) in [(Self.comparedLouder, 0.5), (Self.comparedQuieter, 1.5)] {
            guard let match = c.fresh(regex).first else { continue }
            let subject = c.text(0..<match.range.lowerBound)
            let track: VolumeEdit.Track = subject.range(of: Self.musicNoun, options: .regularExpression) != nil ? .music : .original
            c.use(0..<match.range.upperBound)
            for noun in c.matches(Self.musicAtom) + c.matches(Self.originalAtom) { c.use(noun.range) }
            add(.volume(VolumeEdit(track: track, level: .factor(factor))))
            found = true
        }
        let wantsMusic = c.fresh(Self.musicAdd).first
        var levels: [(Range<Int>, VolumeEdit.Level)] = []
        for match in c.fresh(Self.percentPlaceholder) {
            guard let (_, quantity) = self.quantity(match.range), case .percent(let value) = quantity.kind else { continue }
            // "increase the game volume by 50%", "lower the music by 20%": a change by that share.
            let before = c.text(max(0, match.range.lowerBound - 4)..<match.range.lowerBound)
            if before.range(of: #"\bby\s*$"#, options: .regularExpression) != nil, let direction = c.first(Self.louder) ?? c.first(Self.quieter) {
                let up = c.first(Self.louder).map { $0.range == direction.range } ?? false
                levels.append((match.range, .factor(up ? 1 + value / 100 : max(0, 1 - value / 100))))
                c.use(direction.range)
                continue
            }
            levels.append((match.range, .percent(value)))
        }
        for match in c.fresh(Self.levelWords) {
            let word = c.text(match.range)
            let level: Double = word.hasPrefix("half") || word == "一半" ? 50 : word.contains("quarter") ? 25 : word.hasPrefix("full") || word.hasPrefix("max") || word == "最大音量" ? 100 : 200
            levels.append((match.range, .percent(level)))
        }
        for match in c.fresh(Self.factorPlaceholder) where c.text(match.range.upperBound..<min(c.chars.count, match.range.upperBound + 10)).range(of: #"^\s*(?:louder|as\s+loud)"#, options: .regularExpression) != nil {
            guard let (_, quantity) = self.quantity(match.range), let value = quantity.value else { continue }
            levels.append((match.range, .factor(value)))
        }
        for match in c.fresh(Self.bareVolumeNumber) {
            guard let (_, quantity) = self.quantity(match.group(0)), let value = quantity.value else { continue }
            levels.append((match.range, .percent(value)))
        }
        let explicit = !levels.isEmpty
        if !explicit, let match = c.fresh(Self.tooLoud).first { levels.append((match.range, .factor(0.5))) }
        if !explicit, let match = c.fresh(Self.tooQuiet).first { levels.append((match.range, .factor(1.5))) }
        let softly = c.first(Self.degreeWords).map { c.text($0.range) } ?? ""
        for match in c.fresh(Self.louder) where !explicit {
            let degree = c.text(match.group(0)).isEmpty ? softly : c.text(match.group(0))
            levels.append((match.range, .factor(degree.isEmpty ? 1.5 : (degree.contains("much") || degree.contains("way") || degree.contains("lot") ? 2 : 1.25))))
        }
        for match in c.fresh(Self.quieter) where !explicit {
            let degree = c.text(match.group(0)).isEmpty ? softly : c.text(match.group(0))
            levels.append((match.range, .factor(degree.isEmpty ? 0.5 : (degree.contains("much") || degree.contains("way") || degree.contains("lot") ? 0.25 : 0.75))))
        }
        let audioContext = !musicNouns.isEmpty || !originalNouns.isEmpty || has(Self.volumeWords) || has(Self.tooQuiet)
        // "…is too loud, turn it down to 30%": a level for "it", the track the clause before named.
        if !audioContext, levels.count == 1, case .percent(let value) = levels[0].1, value >= 0, value <= 400, c.text(levels[0].0).hasPrefix("⟨p"),
            c.first(Self.pronounLevel) != nil
        {
            c.use(levels[0].0)
            for match in c.matches(Self.pronounLevel) { c.use(match.range) }
            loneVolumeLevel = value
        }
        var musicVolume: Double?
        for (range, level) in levels where audioContext {
            let track = nearestTrack(to: range) ?? (wantsMusic != nil ? .music : .original)
            if case .percent(let value) = level, value > 400 || value < 0 {
                add(.refused("The volume goes from 0% to 400%; \(ExportSettings.number(value))% is outside that."))
                c.use(range)
                found = true
                continue
            }
            c.use(range)
            if track == .music, wantsMusic != nil, case .percent(let value) = level {
                musicVolume = value
            } else {
                add(.volume(VolumeEdit(track: track, level: level)))
            }
            found = true
        }
        if let wantsMusic {
            c.use(wantsMusic.range)
            add(.music(.add(volume: musicVolume)))
            found = true
        } else if levels.isEmpty, !found, c.fresh(Self.musicAtom).first != nil, c.first(Self.volumeWords) == nil, operations.isEmpty {
            // "and some music": a wish for music.
            if c.lower.range(of: #"^(?:(?:and|some|a|the|with|plus|nice|chill|background|little|bit\s+of)\s+)*"# + Self.musicNoun + #"\s*$"#, options: [.regularExpression, .caseInsensitive]) != nil {
                add(.music(.add(volume: nil)))
                c.use(0..<c.chars.count)
                found = true
            }
        }
        if operations.isEmpty, c.first(Self.loneLevelPattern) != nil {
            loneLevel = true
            c.use(0..<c.chars.count)
        }
        if operations.isEmpty, let match = c.first(Self.loneDegreePattern) {
            let text = c.text(match.range)
            let up = text.contains("up") || text.contains("louder")
            let strong = text.range(of: #"a\s+lot|much|way"#, options: .regularExpression) != nil
            let slight = text.range(of: #"a\s+(?:bit|little|touch)|slightly"#, options: .regularExpression) != nil
            loneDegree = up ? (strong ? 2 : slight ? 1.25 : 1.5) : (strong ? 0.25 : slight ? 0.75 : 0.5)
            c.use(0..<c.chars.count)
        }
        if operations.isEmpty, let match = c.first(Self.loneFactorPattern) {
            loneVolumeFactor = c.text(match.range).contains("triple") ? 3 : 2
            c.use(0..<c.chars.count)
        }
        if operations.count == 1, case .volume(let edit)? = operations.first, originalNouns.isEmpty, musicNouns.isEmpty,
            case .percent(let value) = edit.level
        {
            bareVolume = value
        }
        if found {
            for range in musicNouns + originalNouns { c.use(range) }
            for match in c.matches(Self.soundNoise) { c.use(match.range) }
        }
    }
}
