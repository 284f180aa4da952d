import Foundation

/// Reads a request for the video agent into operations with typed values.
///
/// The message is normalised (``RequestText``), quoted passages are set aside, mistyped words
/// are read as the lexicon's (``NearMiss``), and the message is split into clauses at "and",
/// "then", commas, 然后, 再… Each clause is read by one grammar (``ClauseReader``) in which a
/// quantity's role comes from the words around it: "under 10MB" is a target, "it's 60MB" the
/// current size, "4K" a picture size. Nothing here touches a project: the agent checks the
/// operations against the timeline and applies them.
public struct RequestParser: Sendable {
    /// Named size limits, from the skill's manifest.
    public var limits: [SizeLimit]

    public init(limits: [SizeLimit] = []) {
        var merged = limits
        for limit in Self.discordLimits where !merged.contains(where: { $0.name == limit.name }) { merged.append(limit) }
        self.limits = merged
    }

    /// Discord's limits, used when the manifest names none.
    public static let discordLimits = [
        SizeLimit(name: "discord-free", bytes: 10_000_000, label: "Discord free"),
        SizeLimit(name: "discord-safe", bytes: 8_000_000, label: "8 MB safe size"),
        SizeLimit(name: "discord-nitro-basic", bytes: 50_000_000, label: "Nitro Basic"),
        SizeLimit(name: "discord-nitro", bytes: 500_000_000, label: "Nitro"),
    ]

    public func limit(named name: String) -> SizeLimit? { limits.first { $0.name == name } }

    public func parse(_ message: String) -> ParsedRequest {
        // Messages are short; a pasted essay is read in its first 2,000 characters.
        var text = String(message.prefix(2000))
        var clauses: [ParsedClause] = []
        let hint = Self.skillHint(in: text, limits: limits)
        if let hint {
            text = hint.rest
            clauses.append(hint.clause)
        }
        text = RequestText.halfWidthForms(text)
        text = Self.protectingCaptionText(text)
        let (quoted, quotes) = Self.extractQuotes(text)
        let unquoted = RequestText.rewrite(quoted)
        let (corrected, corrections) = NearMiss.correct(unquoted)
        // "under 8mb, no wait, under 10mb": what follows a correction replaces what it corrects.
        var parts = Self.selfCorrection.split(corrected)
        var read = readClauses(parts.removeFirst(), quotes: quotes)
        for part in parts {
            let later = readClauses(part, quotes: quotes)
            let kinds = Set(later.flatMap(\.operations).map(\.kind))
            // A muddle just before the correction goes with it.
            read = read.filter { !($0.operations.isEmpty && !kinds.isEmpty) }
            if read.contains(where: { $0.operations.contains { kinds.contains($0.kind) } }) {
                read.removeAll { $0.operations.contains { kinds.contains($0.kind) } }
            } else if !kinds.isEmpty, !read.isEmpty {
                // "add music, I mean captions": it takes back what was said last.
                read.removeLast()
            }
            read += later
        }
        // Words that were all filler ("do the thing") are still words the user typed: say so.
        if read.isEmpty, clauses.isEmpty, corrected.contains(where: { $0.isLetter }) {
            read = [ParsedClause(text: corrected.trimmingCharacters(in: .whitespacesAndNewlines), operations: [], problem: .notUnderstood(suggestion: nil))]
        }
        clauses += read
        clauses = Self.applyingVagueRemoval(clauses)
        clauses = Self.applyingSpokenLanguage(clauses)
        clauses = Self.droppingMootClauses(clauses)
        clauses = Self.settlingCompression(clauses, message: text)
        clauses = Self.checkingContradictions(clauses)
        clauses = Self.yieldingToRefusedSpeed(clauses)
        clauses = Self.joiningOpenKeeps(clauses)
        let readings = clauses.flatMap(\.readings)
        return ParsedRequest(clauses: clauses, corrections: corrections.map { Correction(typed: $0.typed, read: $0.read) } + readings)
    }

    /// The clauses of `text`, each read with the one before it as context.
    func readClauses(_ text: String, quotes: [String]) -> [ParsedClause] {
        var clauses: [ParsedClause] = []
        var previous: ClauseReader?
        for piece in ClauseSplitter.split(text) {
            var reader = ClauseReader(text: piece, quotes: quotes, limits: limits, previous: previous)
            let clause = reader.read()
            if Self.attach(reader, to: &clauses) { previous = reader; continue }
            if !clause.operations.isEmpty || clause.problem != nil { clauses.append(clause) }
            previous = reader
        }
        return clauses
    }

    /// Where a message takes back what came before: "no wait", "scratch that", ", actually",
    /// "I mean", 不对, 我是说.
    static let selfCorrection = SelfCorrection()

    struct SelfCorrection: Sendable {
        let pattern = try! NSRegularExpression(pattern: #"(?i)(?:^|[\s,.;!?…]+)(?:no\s*,?\s*wait|wait\s*,?\s*no|oh\s+wait|scratch\s+that|no\s*,?\s*actually|actually\s*,?\s*no|sorry\s*,?\s*i\s+meant?|i\s+meant?|correction\s*:|(?<=[,.;!?])\s*actually)\b[\s,.:;!]*|(?:不对|不是不是|我是说|我的意思是|说错了)[，,。\s]*"#)

        /// The message cut at each correction; the first part is what came before any.
        func split(_ text: String) -> [String] {
            let ns = text as NSString
            var parts: [String] = []
            var start = 0
            for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                parts.append(ns.substring(with: NSRange(location: start, length: match.range.location - start)))
                start = match.range.location + match.range.length
            }
            parts.append(ns.substring(from: start))
            return parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.isEmpty ? [text] : parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
    }

    // MARK: Skill hints

    static let targetHint = try! NSRegularExpression(pattern: #"\s*\(target: under ([^,()]+), that is [\d,]+ bytes, for ([^()]+)\)\s*$"#)
    static let formatHint = try! NSRegularExpression(pattern: #"\s*\(as an? (\S+) H\.264 MP4 with AAC audio\)\s*$"#)

    /// The note a plugin's `refine` appends, read as what it says.
    static func skillHint(in text: String, limits: [SizeLimit]) -> (rest: String, clause: ParsedClause)? {
        let ns = text as NSString
        if let match = targetHint.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)),
            let bytes = ByteSize.parse(ns.substring(with: match.range(at: 1)))
        {
            let label = ns.substring(with: match.range(at: 2))
            let target: SizeTarget = limits.first { $0.label == label && $0.bytes == bytes }.map { .limit(name: $0.name) } ?? .bytes(bytes)
            return (ns.substring(to: match.range.location), ParsedClause(text: ns.substring(with: match.range), operations: [.sizeTarget(target)], fromSkill: true))
        }
        if let match = formatHint.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
            let resolution = ns.substring(with: match.range(at: 1))
            return (ns.substring(to: match.range.location), ParsedClause(text: ns.substring(with: match.range), operations: [.resolution(resolution)], fromSkill: true))
        }
        return nil
    }

    // MARK: Across clauses

    static let captionColon = try! NSRegularExpression(pattern: #"(?i)((?:captions?|subtitles?|字幕)\s*(?:saying|that\s+say|reading|with\s+the\s+text|with|of)?\s*[:：])\s*([^"“「]+)$"#)

    /// The words after "captions:" are the captions' own, commas and stops included: they are
    /// quoted so no clause split or grammar rule reads inside them.
    static let captionLineEdit = try! NSRegularExpression(pattern: #"(?i)((?:fix|change|edit|correct|set|update|rewrite|make)\s+(?:the\s+)?(?:caption|subtitle|line)\s*(?:#|no\.?\s*|number\s*)?\d+\s*(?:to\s+read|to|:|：|=|so\s+it\s+(?:says|reads))?|(?:把)?第\s*\d+\s*(?:条|句|行|个)字幕(?:改成|改为|换成)[:：]?)\s*([^"“「]+)$"#)

    static func protectingCaptionText(_ text: String) -> String {
        let edit = text as NSString
        if let match = captionLineEdit.firstMatch(in: text, range: NSRange(location: 0, length: edit.length)) {
            // "fix caption 3: the words, as they should be": the rest of the line is its words.
            let words = edit.substring(with: match.range(at: 2)).trimmingCharacters(in: .whitespaces)
            if !words.isEmpty, !words.contains("\"") {
                return edit.substring(to: match.range(at: 2).location) + "\"" + words + "\""
            }
        }
        let ns = text as NSString
        guard let match = captionColon.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return text }
        let words = ns.substring(with: match.range(at: 2)).trimmingCharacters(in: .whitespaces)
        guard !words.isEmpty, !words.contains("\"") else { return text }
        return ns.substring(to: match.range(at: 2).location) + "\"" + words + "\""
    }

    /// A clause that only finishes the one before it ("…, at the top", "…，音量20%", "vertical,
    /// cropped") adds to that clause instead of standing alone.
    static func attach(_ reader: ClauseReader, to clauses: inout [ParsedClause]) -> Bool {
        guard let last = clauses.indices.last else { return false }
        if let position = reader.lonePosition, let index = clauses[last].operations.lastIndex(where: { if case .text = $0 { return true } else { return false } }),
            case .text(var overlay) = clauses[last].operations[index]
        {
            overlay.position = position
            clauses[last].operations[index] = .text(overlay)
            return true
        }
        if let fit = reader.loneFit,
            let index = clauses[last].operations.lastIndex(where: {
                if case .aspect = $0 { return true }
                return $0 == .resolution("vertical")
            })
        {
            switch clauses[last].operations[index] {
            case .aspect(let ratio, _): clauses[last].operations[index] = .aspect(ratio: ratio, fit: fit)
            default: clauses[last].operations[index] = .aspect(ratio: "9:16", fit: fit)
            }
            return true
        }
        if reader.loneLevel, clauses[last].operations.contains(where: { if case .volume = $0 { return true } else { return false } }) {
            return true
        }
        if reader.loneRemove, clauses[last].operations.isEmpty || clauses[last].operations == [.music(.add(volume: nil))],
            clauses[last].text.range(of: #"(?i)\b(?:music|song|track|bgm|soundtrack)\b|音乐|配乐|歌"#, options: .regularExpression) != nil
        {
            // "the music is copyrighted, take it out".
            clauses[last].operations = [.music(.remove)]
            clauses[last].problem = nil
            clauses[last].vagueKind = nil
            return true
        }
        // A level for the track the clause before named: "…too loud, turn it down to 30%", "…too
        // quiet, double it", "…super loud, turn it down a lot".
        let loneLevel: VolumeEdit.Level? =
            reader.loneVolumeLevel.map { .percent($0) } ?? reader.loneVolumeFactor.map { .percent($0 * 100) } ?? reader.loneDegree.map { .factor($0) }
        if let loneLevel, let index = clauses[last].operations.lastIndex(where: { if case .volume = $0 { return true } else { return false } }),
            case .volume(var edit) = clauses[last].operations[index]
        {
            edit.level = loneLevel
            clauses[last].operations[index] = .volume(edit)
            return true
        }
        if let length = reader.loneTime, clauses[last].operations.isEmpty {
            // "开头有一段黑屏，大概两秒": how long the part named before is.
            let text = clauses[last].text.lowercased()
            let atEnd = text.range(of: #"\b(?:the\s+)?(?:end|ending|outro)\b|结尾|最后|片尾"#, options: .regularExpression) != nil
            let atStart = text.range(of: #"\b(?:the\s+)?(?:start|beginning|intro|opening)\b|开头|片头|最前面"#, options: .regularExpression) != nil
            if atEnd != atStart {
                clauses[last].operations = [.trim(.remove(atEnd ? TimeSpan(from: .beforeEnd(length), to: .end) : TimeSpan(from: .start, to: .at(length))))]
                clauses[last].problem = nil
                clauses[last].vagueKind = nil
                return true
            }
        }
        if let before = reader.loneBefore {
            // "the good part starts at 0:12, remove everything before that".
            if clauses[last].operations.isEmpty, let point = clauses[last].describedPoint {
                clauses[last].operations = [.trim(.remove(before ? TimeSpan(from: .start, to: .at(point)) : TimeSpan(from: .at(point), to: .end)))]
                clauses[last].problem = nil
                return true
            }
            // "精彩部分从第10秒开始，前面的都删掉": the part kept already leaves that out.
            if clauses[last].operations.contains(where: {
                guard case .trim(.keep(let span)) = $0 else { return false }
                return before ? span.to == .end : (span.from == .start || span.from == .at(0))
            }) {
                return true
            }
        }
        if reader.loneRemove, clauses[last].operations == [.captions(.fromSpeech(language: nil))],
            clauses[last].text.range(of: #"(?i)\b(?:captions?|subtitles?|subs)\b[^,;]*\b(?:are|is|were|was|look|looks|seem|seems)\b|字幕(?:有|都|全)?(?:错|不对|不准)"#, options: .regularExpression) != nil
        {
            // "the captions you made earlier are wrong, just remove them".
            clauses[last].operations = [.captions(.remove)]
            return true
        }
        if reader.loneRemove, !clauses[last].operations.isEmpty, clauses[last].operations.allSatisfy({ if case .unsupported = $0 { return true } else { return false } }) {
            // "the background hum is really annoying, can you remove it": the thing named, refused once.
            return true
        }
        let bareLevel: Double? = {
            if let level = reader.bareVolume { return level }
            // "音乐太大声了，音量调到30": a level that names no track, read for the one before.
            guard reader.operations.count == 1, case .volume(let edit)? = reader.operations.first, edit.span == nil, case .percent(let level) = edit.level,
                reader.original.range(of: #"(?i)\b(?:music|song|track|bgm|voice|voices|game|audio|sound|mic)\b|音乐|配乐|歌|原声|声音|人声|游戏"#, options: .regularExpression) == nil
            else { return nil }
            return level
        }()
        if let level = bareLevel, let index = clauses[last].operations.lastIndex(where: { if case .volume = $0 { return true } else { return false } }),
            case .volume(var edit) = clauses[last].operations[index]
        {
            // "背景音乐太吵了，音量调到百分之二十": the level for the track just named.
            edit.level = .percent(level)
            clauses[last].operations[index] = .volume(edit)
            return true
        }
        if let value = reader.loneValue, clauses[last].operations.isEmpty,
            clauses[last].text.range(of: #"(?i)(?<![a-z])(?:fps|frame\s*rate|framerate|frames\s+per\s+second)\b|帧率|帧数"#, options: .regularExpression) != nil
        {
            // "帧率不知道多少，改成30": the frame rate named before.
            clauses[last].operations = [value.value >= 1 && value.value <= 120 ? .frameRate(value.value) : .refused("A frame rate of \(value.written) fps isn't possible here; choose between 1 and 120 fps, e.g. 30fps.")]
            clauses[last].problem = nil
            return true
        }
        if reader.loneMute {
            // "there's a notification sound at 0:18 to 0:20, can you mute just that bit".
            if clauses[last].operations.isEmpty, let span = clauses[last].describedSpan {
                clauses[last].operations = [.volume(VolumeEdit(track: .original, level: .percent(0), span: span))]
                clauses[last].problem = nil
                return true
            }
            if let index = clauses[last].operations.lastIndex(where: { if case .trim = $0 { return true } else { return false } }),
                // Only a part named, not one already cut or kept: "cut 0:10 to 0:20 and mute it"
                // mutes the rest.
                clauses[last].text.range(of: #"(?i)\b(?:only|keep|need|want|cut|trim|remove|delete|chop|drop|skip|lose|just)\b|只要|只留|保留|留下|剪|删|去掉|不要"#, options: .regularExpression) == nil
            {
                let span: TimeSpan
                switch clauses[last].operations[index] {
                case .trim(.keep(let s)), .trim(.remove(let s)): span = s
                default: return false
                }
                clauses[last].operations[index] = .volume(VolumeEdit(track: .original, level: .percent(0), span: span))
                return true
            }
        }
        if reader.loneKeep {
            // "…at around 0:25 to 0:35, can you keep only that part".
            if clauses[last].operations.contains(where: { if case .trim(.keep) = $0 { return true } else { return false } }) { return true }
            if clauses[last].operations.isEmpty, let span = clauses[last].describedSpan {
                clauses[last].operations = [.trim(.keep(span))]
                clauses[last].problem = nil
                return true
            }
            if let index = clauses[last].operations.lastIndex(where: { if case .trim(.remove) = $0 { return true } else { return false } }),
                case .trim(.remove(let span)) = clauses[last].operations[index]
            {
                clauses[last].operations[index] = .trim(.keep(span))
                return true
            }
        }
        // ("trim that" alone asks which part; after a part described, it is that part.)
        let trimsThat = reader.original.range(of: #"(?i)^(?:please\s+)?(?:trim|cut)\s+(?:that|it|this|them)(?:\s+(?:off|out|away))?(?:\s+(?:please|pls))?\s*[?!.]*$"#, options: .regularExpression) != nil
        if reader.loneRemove || trimsThat, clauses[last].operations.isEmpty, let span = clauses[last].describedSpan {
            // "the clip starts with 4 seconds of my desktop, please trim that".
            clauses[last].operations = [.trim(.remove(span))]
            clauses[last].problem = nil
            return true
        }
        if reader.loneRemove, clauses[last].operations.contains(where: { if case .trim(.remove) = $0 { return true } else { return false } }) {
            // "结尾那里有十秒是黑屏，剪掉": the removal just read, said again.
            return true
        }
        if reader.loneRemove, let index = clauses[last].operations.lastIndex(where: { if case .trim(.keep) = $0 { return true } else { return false } }),
            case .trim(.keep(let span)) = clauses[last].operations[index],
            // Not after a keep said in words: "I only need 0:30 to 0:50, can you cut that out"
            // asks for that part.
            clauses[last].text.range(of: #"(?i)\b(?:only|keep|need|want)\b|只要|只留|只保留|保留|留下"#, options: .regularExpression) == nil
        {
            // "the part from 0:40 to 0:50 is boring, cut it".
            clauses[last].operations[index] = .trim(.remove(span))
            return true
        }
        if let level = reader.bareVolume, let index = clauses[last].operations.lastIndex(of: .music(.add(volume: nil))) {
            clauses[last].operations[index] = .music(.add(volume: level))
            return true
        }
        return false
    }

    /// "把intro剪掉，前5秒", "cut the intro, the first 5 seconds": a removal that names no time,
    /// then a span from the start or to the end, is that span removed.
    static func applyingVagueRemoval(_ clauses: [ParsedClause]) -> [ParsedClause] {
        var result = clauses
        var index = 0
        while index + 1 < result.count {
            let vague = result[index], next = result[index + 1]
            let removes =
                vague.text.range(of: #"(?i)剪掉|去掉|删掉|删除|不要|不想要|不需要|\b(?:cut|remove|drop|delete|lose|skip|get\s+rid\s+of)\b"#, options: .regularExpression) != nil
                // Not "the rest goes, keep only the first 10 s": the rest is what the keep leaves,
                // and a span said with its own keep word stays kept.
                && vague.text.range(of: #"(?i)^(?:其他|其余|剩下|别的|后面|后边|后头)|\b(?:the\s+rest|everything\s+else)\b"#, options: .regularExpression) == nil
                && next.text.range(of: #"(?i)只留|只要|只保留|保留|留下|留着|\b(?:keep|only|just)\b"#, options: .regularExpression) == nil
            let unclear: Bool
            switch vague.problem {
            case .notUnderstood?: unclear = true
            // "中间那段我不想要，从15秒到25秒": the next clause says which middle.
            case .question(let text)? where text.hasPrefix("Which part is the middle?"): unclear = true
            default: unclear = vague.vagueKind == "trim"
            }
            if unclear, vague.operations.isEmpty, removes, next.operations.count == 1,
                case .trim(.keep(let span)) = next.operations[0],
                span.from == .start || span.from == .at(0) || span.to == .end
                    // "cut out the part where I die, it's from 0:32 to 0:38": the part, then where it is.
                    || (vague.text.range(of: #"(?i)\b(?:part|bit|section|scene|moment|clip)\s+(?:where|when|with)\b|\bthe\s+middle\b|中间|那段|这段"#, options: .regularExpression) != nil
                        && next.text.range(of: #"(?i)^(?:(?:it'?s|its|it\s+is|that'?s|that\s+is|which\s+is|from|between|at)\b|从|在|是)"#, options: .regularExpression) != nil)
            {
                result[index + 1].operations = [.trim(.remove(span))]
                result.remove(at: index)
                continue
            }
            index += 1
        }
        // "视频里有一段不想要的，从20秒到25秒，删掉", "there's a bit I don't want, cut 0:20-0:25":
        // a part said to be unwanted, with no time, beside a removal that gives the times.
        let removes = result.contains { $0.operations.contains { if case .trim(.remove) = $0 { return true } else { return false } } }
        if removes {
            result.removeAll { clause in
                clause.operations.isEmpty && (clause.vagueKind == "trim" || { if case .notUnderstood? = clause.problem { return true } else { return false } }())
                    && clause.text.range(of: #"(?i)\d|[零一二三四五六七八九十两]+秒"#, options: .regularExpression) == nil
                    && clause.text.range(of: #"(?i)(?:有|是)?(?:一段|一部分|一些|几段|一小段)[^，,。]{0,6}(?:不想要|不要|不需要|没用|多余)|\b(?:a|one|some)\s+(?:part|bit|section|piece|moment)s?\s+(?:i|we)\s+(?:don'?t|do\s+not)\s+(?:want|need|like)\b"#, options: .regularExpression) != nil
            }
        }
        return result
    }

    /// "add captions please, it's in english", "说的是中文，加字幕": a clause that only says what
    /// language is spoken sets the language of the captions asked for in another.
    static func applyingSpokenLanguage(_ clauses: [ParsedClause]) -> [ParsedClause] {
        guard let captioned = clauses.firstIndex(where: { $0.operations.contains(.captions(.fromSpeech(language: nil))) }) else { return clauses }
        var result = clauses
        for index in result.indices where index != captioned && result[index].operations.isEmpty {
            let text = result[index].text.trimmingCharacters(in: .whitespaces)
            let ns = text as NSString
            guard let match = spokenLanguage.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { continue }
            let name = ns.substring(with: match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range(at: 2)).lowercased()
            let operation: EditOperation
            switch name {
            case "english", "英文", "英语": operation = .captions(.fromSpeech(language: "en"))
            case "chinese", "mandarin", "中文", "汉语", "普通话", "华语", "国语": operation = .captions(.fromSpeech(language: "zh"))
            default: operation = .refused("Captions here are in English or 中文; \(name.capitalized) isn't available.")
            }
            result[captioned].operations = result[captioned].operations.map { $0 == .captions(.fromSpeech(language: nil)) ? operation : $0 }
            result.remove(at: index)
            return result
        }
        return result
    }

    static let spokenLanguage = try! NSRegularExpression(
        pattern: #"(?i)^(?:(?:and|but|so|btw|oh)[\s,]+)?(?:it'?s|its|it\s+is|this\s+is|the\s+(?:audio|speech|talking|voice|voices|video|clip|dialogue|dialog|language)\s+is|(?:they|we|i|he|she|everyone|people|my\s+friends?)\s+(?:speak|speaks|talk|talks|are\s+(?:speaking|talking)|'re\s+(?:speaking|talking)|am\s+(?:speaking|talking)|'m\s+(?:speaking|talking)|was\s+(?:speaking|talking)|were\s+(?:speaking|talking))|spoken)\s+(?:all\s+|mostly\s+|only\s+|entirely\s+)?(?:in\s+)?(english|chinese|mandarin|spanish|french|german|japanese|korean|russian|portuguese|italian|arabic|hindi)\b(?:\s+(?:audio|speech|only))?\s*[.!]*$|^(?:(?:说|讲|用)的是|语言是|(?:视频|音频|声音)?(?:里)?(?:说|讲)的是?|是)\s*(中文|英文|英语|汉语|普通话|国语|华语|日语|韩语|法语|德语|西班牙语)(?:的)?(?:话)?\s*[。.!]*$"#)

    /// Narration and pleas that only frame a request made in another clause: "so basically i
    /// have this clip from last night", "can you fix that", "lower it" after "it's too loud".
    static let framing = try! NSRegularExpression(
        pattern: "(?i)"
            + [
                #"^(?:(?:ok|okay|so|well|basically|hey|um|alright)[\s,]+)*(?:i|we)\s+(?:have|got|recorded|made|filmed|captured|clipped)\s+(?:this|a|an|my|some|the)\b.*$"#,
                #"^(?:(?:so|and|ok|please)\s+)?(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:fix|sort|handle|do|help\s+with)\s+(?:that|this|it)(?:\s+(?:for\s+me|please|pls|plz))?\s*[?!.]*$"#,
                #"^(?:please\s+)?(?:fix|sort)(?:\s+(?:that|this|it))?(?:\s+(?:out|up))?(?:\s+(?:for\s+me|please|pls|plz))?\s*[?!.]*$"#,
                #"^(?:(?:so|and|ok|please)\s+)?(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:help(?:\s+(?:me|us))?(?:\s+(?:with\s+(?:this|that|it)|out))?|balance\s+(?:it|that|them|the\s+(?:audio|sound|levels?)))(?:\s+please)?\s*[?!.]*$"#,
                #"^(?:(?:i'?m\s+)?not\s+(?:sure|certain|100%)|i\s+(?:think|guess|believe)(?:\s+so)?|idk|dunno|probably|or\s+so|something\s+like\s+that|whatever)\s*[.!?]*$"#,
                #"^(?:just|only)\s+(?:the\s+)?(?:game\s+sounds?|game\s+audio|original\s+(?:sound|audio)|my\s+voice|voices?)\s*$"#,
                #"^(?:原声|声音|人声)(?:要)?保留(?:着)?$"#,
                #"^(?:群里|discord|服务器|微信)?(?:上)?(?:发不了|发不出去|传不上去?|上传不了)(?:了)?$"#,
                #"^(?:太|有点|很)?(?:拖沓|拖|磨叽)了?$"#,
                #"^(?:(?:ok|okay|so|well)[\s,]+)*(?:funny|long|quick|short|true|weird)\s+story\b.*$"#,
                #"^(?:which|that|as)\s+it\s+(?:already\s+)?is(?:\s+already)?\s*[!.]*$"#,
                // "i have nitro, the big one", "nitro basic, the cheap one": which plan, said again.
                #"^(?:(?:the|not\s+the)\s+(?:big|full|real|proper|expensive|cheap|small|basic|\$\d+|\d+\s*(?:dollar|buck)s?)\s+one|the\s+(?:full|regular|normal|basic)\s+(?:plan|version|tier|nitro))\s*[!.]*$"#,
                #"^(?:the\s+)?(?:ending|end|outro|intro|beginning|start)\s+(?:drags(?:\s+on)?|is\s+(?:too\s+|way\s+too\s+|a\s+bit\s+|kinda\s+)?(?:long|slow|boring))\s*[!.]*$|^(?:结尾|开头|片头|片尾)(?:有点|有些|太|很)?(?:长|拖|拖沓)了?$"#,
                #"^(?:when|once|after)\s+(?:you'?re|you\s+are|it'?s|it\s+is|that'?s)\s+(?:done|finished|ready)(?:\s+with\s+(?:that|this|it))?\s*$"#,
                #"^(?:and\s+)?everything\s+else\s+(?:is|'s)\s+(?:junk|trash|garbage|useless|boring|rubbish|filler)\s*[!.]*$"#,
                #"^(?:please\s+)?(?:lower|reduce|turn\s+down|quieten|raise|boost|turn\s+up)\s+(?:it|that|them)(?:\s+(?:down|up|a\s+bit|a\s+little|please))*\s*[!.]*$"#,
                #"^(?:so\s+)?(?:under|below|less\s+than|within)\s+(?:that|it|this|the\s+limit)\s*[!.]*$"#,
                #"^(?:make\s+it\s+)?(?:a\s+)?(?:lower|smaller|less|reduced?)\s+(?:the\s+)?res(?:olution)?\s*[!.]*$"#,
                #"^(?:(?:so|and|ok|please)\s+)?(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?(?:cut|trim|clip)\s+(?:that|this|it)(?:\s+out)?(?:\s+for\s+me)?\s*[?!.]*$"#,
                #"^keep\s+(?:my|the)\s+(?:voice|voices|sound|audio|original\s+(?:sound|audio))(?:\s+as\s+(?:it\s+)?is)?\s*[!.]*$"#,
                #"^(?:(?:ok|okay|alright|right)[\s,]+)?(?:finish(?:\s+(?:it|up))?|wrap\s+(?:it\s+)?up|i'?m\s+done|that'?s\s+it|done)\s*[!.]*$"#,
                #"^(?:这个)?(?:视频|文件|它)?(?:有点|有些|太|很|比较|实在)(?:太)?大(?:了)?(?:啊|呀)?$"#,
                #"^(?:i\s+(?:just\s+)?)?(?:finished|made|recorded|edited)\b.*$"#,
                #"^(?:and\s+)?(?:i'?d\s+like|i\s+want|i\s+wanna)\s+to\s+(?:share|post|send|upload)\b.*$"#,
                #"^(?:我)?(?:有|录了|做了)(?:一个|一段|个)\S*视频$"#,
                #"^(?:想|要|我想|我要)?(?:发到|发在|传到)\s*discord\s*上?$"#,
                #"^(?:给|为了?|是给)\s*discord\s*(?:用|发|的|上用)?$"#,
                // "…, the rest can go" beside a part kept.
                #"^(?:其他|其余|剩下|别的|后面|后边|后头)(?:的|部分)?(?:都|全)?(?:不要|删掉|去掉|剪掉|不用|扔掉)(?:了)?$"#,
                // "视频太长了，剪成20秒": why, beside what to do.
                #"^(?:这个)?(?:视频|文件|它)?(?:有点|有些|太|很|比较|实在)(?:太)?(?:长|久)(?:了)?(?:啊|呀)?$"#,
                #"^(?:(?:it'?s|its|it\s+is|the\s+(?:video|clip)\s+is)\s+)?(?:way\s+|a\s+bit\s+|kinda\s+)?too\s+long\s*[!.]*$"#,
                #"^(?:适合|方便|为了)?(?:在)?手机(?:上)?(?:看|观看|播放|刷)(?:的)?$"#,
                #"^(?:要|想|我要|我想|准备)?(?:放|发|传|上传|发布)(?:到|在)?\s*(?:抖音|快手|b站|哔哩哔哩|小红书|微信|朋友圈|视频号|微博|tiktok|youtube|instagram|ins)\s*(?:上)?(?:去)?$"#,
                // "i need this clip for a presentation", "it's for my mom": what it is for.
                #"^(?:so\s+)?(?:(?:it'?s|its|this\s+is|it\s+is|(?:i|we)\s+(?:need|want)\s+(?:it|this|this\s+(?:clip|video)|the\s+(?:clip|video)))\s+)?for\s+(?:a|an|my|our|the|his|her)\s+[a-z']+(?:\s+[a-z']+){0,3}\s*$"#,
                // "the music is copyrighted", "there's some dead air": what the next clause fixes.
                #"^(?:the\s+)?(?:music|song|track|bgm)\s+(?:is|'s)\s+(?:copyrighted|annoying|bad|too\s+\w+|not\s+mine)\s*$"#,
                #"^(?:and\s+)?(?:(?:get\s+rid\s+of|cut|drop|lose|remove|delete|ditch|scrap)\s+(?:the\s+rest|everything\s+else)|the\s+rest\s+(?:can|should|must)\s+go|nothing\s+else)\s*[!.]*$"#,
            ].joined(separator: "|")
    )

    static let discordContext = try! NSRegularExpression(pattern: #"(?i)^(?:(?:anyway|anyways|so|and|but|basically|well)[\s,]+)?(?:(?:i|we|this|it|the\s+(?:video|clip|file))\s+)?(?:(?:want|wants|need|needs|have|has|got|gotta|wanna|is\s+going)\s+(?:to\s+)?)?(?:be\s+able\s+to\s+)?(?:send|post|share|upload|put|go|be\s+(?:posted|sent|uploaded|shared))?\s*(?:it\s+|this\s+)?(?:to|on|in|for|into)?\s*(?:my\s+|the\s+|a\s+)?(?:discord|server|friends?|channel|group\s*chat)(?:\s+(?:server|chat|channel))?\s*[!.]*$|^(?:要|想|我要|我想)?(?:能|可以)?在\s*discord\s*上?(?:发|发布|分享|用)$|^discord\s*(?:要用|用的?|上用)$|^要用在\s*discord(?:上)?$|^(?:要|想|我要|我想)?(?:能|可以)?(?:发|发到|传到|分享到?|上传到)\s*(?:discord|群里?|服务器)$|^(?:(?:it|the\s+server|my\s+server|we)\s+)?(?:'s\s+got|has\s+got|has|have|got|is|are)\s+(?:(?:a|the|level\s+\d|tier\s+\d|server)\s+)?boost(?:s|ed)?(?:\s+(?:level|tier)\s+\d)?\s*[!.]*$|^(?:it'?s|its)\s+(?:got\s+)?(?:server\s+)?boost(?:s|ed)?$|^(?:boosted|with\s+boost)(?:\s+server)?$"#)

    static let reasonWords = try! NSRegularExpression(pattern: #"\b(?:hard\s+to\s+hear|can'?t\s+hear|too\s+(?:loud|quiet|soft)|nobody\s+wants)\b|太吵|听不(?:见|清)"#)

    /// What an operation changes, so two clauses can be seen to speak of the same thing.
    static func kind(_ operation: EditOperation) -> String {
        switch operation {
        case .volume(let edit): return "volume-" + edit.track.rawValue
        case .speed: return "speed"
        case .trim: return "trim"
        case .sizeTarget, .compress: return "size"
        case .frameRate: return "fps"
        case .aspect, .resolution: return "shape"
        default: return "\(operation)"
        }
    }

    /// "I made a montage of my best kills", "my friend is hard of hearing", 这是教程视频: a clause
    /// that tells the story around a request. Set aside only when another clause acts, and only
    /// when it asks for nothing: no command word, no "can you", no unread number.
    static func isNarration(_ text: String) -> Bool {
        let lower = text.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".!,;")))
        let whole = NSRange(location: 0, length: (lower as NSString).length)
        if describesSource(lower) { return true }
        guard narrationStart.firstMatch(in: lower, range: whole) != nil else { return false }
        return commandCue.firstMatch(in: lower, range: whole) == nil && lower.range(of: #"\d"#, options: .regularExpression) == nil
    }

    /// "it was filmed at 60", "we shot this at 4k", "i recorded it in 1440p": how the source was
    /// made. Its numbers are the source's, never a setting asked for.
    static func describesSource(_ lower: String) -> Bool {
        let whole = NSRange(location: 0, length: (lower as NSString).length)
        return sourceDescription.firstMatch(in: lower, range: whole) != nil && commandCue.firstMatch(in: lower, range: whole) == nil
    }

    static let sourceDescription = try! NSRegularExpression(
        pattern: #"^(?:(?:so|and|but|well|basically|ok|okay|like|i\s+think)[\s,]+)*(?:i|we|my\s+\w+|it|this|that|the\s+(?:video|clip|footage|original|source|recording|file))\s+(?:was\s+|were\s+|got\s+|is\s+)?(?:originally\s+)?(?:filmed|recorded|shot|captured|exported|rendered|streamed)\b(?:\s+(?:this|it|that|the\s+(?:video|clip)))?(?:\s+(?:originally|on\s+my\s+\w+))?\s+(?:at|in|on|with)\b(?:(?!\bbut\b)[^,;])*(?:\bbut\b[^,;\d]*)?$"#)

    static let narrationStart = try! NSRegularExpression(
        pattern: #"^(?:(?:so|ok|okay|well|basically|also|and|but|hey|btw|like|lol|lmao|haha|ugh|oof|bruh|honestly|tbh)[\s,]+)*(?:i|i'?m|im|i'?ve|i\s+am|i\s+was|my|mine|it|it'?s|its|this|that|these|those|there'?s|there\s+(?:is|are|was)|here'?s|we|we'?re|our|he|she|they|nobody|no\s+one|everyone|someone|the\s+\w+(?:\s+\w+){0,2}\s+(?:is|are|was|were|has|have|had|keeps?|came|looks?|sounds?))\b|^(?:这|那|我|我们|他|她|它|视频|这段|这个|那段|原视频|文件|昨天|今天|前天|刚才|刚刚|上次|上周|前几天|录(?:视频)?的时候|拍(?:摄|视频)?的时候|(?:我)?(?:朋友|同学|老师|老板|客户|家人|爸妈|他们|大家)(?:们)?(?:说|觉得|嫌|都说))|^给.{1,6}(?:看|用)的"#)

    /// Words that ask for something: a clause with one is a request the parser did not read, and
    /// is named as such rather than set aside.
    static let commandCue = try! NSRegularExpression(
        pattern: #"\b(?:please|pls|plz|can\s+(?:you|u)|could\s+(?:you|u)|would\s+(?:you|u)|make|cut|trim|remove|delete|add|put|change|set|turn|mute|lower|raise|increase|decrease|reduce|shorten|speed(?=\s+(?:it|this|that|up|everything|the))|slow(?=\s+(?:it|this|that|down|everything|the))|fix|balance|edit|crop|rotate|flip|need\s+(?:it|this|you)\s+to|want\s+(?:it|this|you)\s+to|should\s+be|has\s+to\s+be|needs\s+to\s+be)\b|帮|请|麻烦|把|给我(?:导|发|弄|做|压|剪|加|改|出)|改|加|去掉|删|剪|压|调(?:到|成|整|高|低|大|小|快|慢|一下)|换|弄|要(?!用)|想要"#)

    /// Clauses that only give context once another clause acts: "trim it" beside "the last 5
    /// seconds", "i need to send it on discord" beside "it's too big".
    static func droppingMootClauses(_ clauses: [ParsedClause]) -> [ParsedClause] {
        var kinds: Set<String> = []
        for operation in clauses.flatMap(\.operations) {
            switch operation {
            case .trim: kinds.insert("trim")
            case .speed: kinds.insert("speed")
            case .aspect, .resolution: kinds.insert("shape")
            default: break
            }
        }
        let acts = clauses.contains { !$0.operations.isEmpty }
        // "some boring parts in the middle, from 0:20 to 0:35": the times say which middle.
        let trims = clauses.contains { $0.operations.contains { if case .trim = $0 { return true } else { return false } } }
        let located = clauses.filter { clause in
            guard trims, case .question(let text)? = clause.problem else { return true }
            return !text.hasPrefix("Which part is the middle?")
        }
        let edits = clauses.contains { $0.operations.contains { if case .talk = $0 { return false } else { return true } } }
        // "make my voice a little louder, it's hard to hear", "twice as fast, nobody wants to
        // watch this at normal speed": a reason that restates a kind of edit asked for elsewhere.
        let reasons = Set(
            located.indices.filter { index in
                let clause = located[index]
                let text = clause.text.lowercased()
                guard !clause.operations.isEmpty,
                    isNarration(clause.text) || reasonWords.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
                else { return false }
                // Only levels and speeds: a story clause that names a size or a limit ("i don't
                // have nitro") carries what the request needs.
                let kinds = Set(clause.operations.map(Self.kind))
                guard kinds.allSatisfy({ $0.hasPrefix("volume") || $0 == "speed" }) else { return false }
                return located.indices.contains { $0 != index && !Set(located[$0].operations.map(Self.kind)).isDisjoint(with: kinds) && !isNarration(located[$0].text) }
            })
        // "背景音乐太吵了，听不清说话，调小一点", "the song is so loud I can't hear myself, turn it
        // down": not hearing the voice is why the music goes down, not a second order.
        let musicLowered = located.contains { clause in
            clause.operations.contains { operation in
                guard case .volume(let edit) = operation, edit.track == .music else { return false }
                switch edit.level {
                case .factor(let factor): return factor < 1
                case .percent(let percent): return percent < 100
                }
            }
        }
        let drowned = Set(
            located.indices.filter { index in
                let clause = located[index]
                let text = clause.text.lowercased()
                let whole = NSRange(location: 0, length: (text as NSString).length)
                return musicLowered && !clause.operations.isEmpty
                    && clause.operations.allSatisfy { if case .volume(let edit) = $0 { return edit.track == .original } else { return false } }
                    && text.range(of: #"听不(?:清|见|到)|\bcan'?t\s+hear\b|\bhard\s+to\s+hear\b|\bdrown"#, options: .regularExpression) != nil
                    && commandCue.firstMatch(in: text, range: whole) == nil
            })
        let reasoned = located.enumerated().filter { !reasons.contains($0.offset) && !drowned.contains($0.offset) }.map(\.element)
        // "我朋友听不清，麻烦加个英文字幕": not hearing well is why captions are asked for.
        let captions = reasoned.contains { $0.operations.contains { if case .captions(.fromSpeech) = $0 { return true } else { return false } } }
        let clauses = reasoned.compactMap { clause -> ParsedClause? in
            guard captions, clause.text.range(of: #"(?i)听不(?:清|见|到)|hard\s+of\s+hearing|\bdeaf\b|can'?t\s+hear"#, options: .regularExpression) != nil,
                clause.text.range(of: #"(?i)\b(?:sound|audio|voice|volume)\b|声音|音量|人声"#, options: .regularExpression) == nil
            else { return clause }
            var clause = clause
            clause.operations.removeAll { if case .volume(let edit) = $0 { return edit.track == .original } else { return false } }
            return clause.operations.isEmpty ? nil : clause
        }
        var said: [[EditOperation]] = []
        return clauses.compactMap { clause -> ParsedClause? in
            // "Hi! Could you…", "…, help": a greeting or a plea beside a request needs no answer of its own.
            if edits, [[.talk(.greeting)], [.talk(.help)], [.talk(.praise)]].contains(clause.operations) { return nil }
            return clause
        }.filter { clause in
            if let kind = clause.vagueKind, kinds.contains(kind) { return false }
            if acts, clause.operations.isEmpty, case .notUnderstood? = clause.problem {
                let text = clause.text.trimmingCharacters(in: .whitespaces)
                let whole = NSRange(location: 0, length: (text as NSString).length)
                if discordContext.firstMatch(in: text, range: whole) != nil || framing.firstMatch(in: text, range: whole) != nil { return false }
                if isNarration(text) { return false }
            }
            // "Slow mo please, half speed": the same change said twice is made once.
            if !clause.operations.isEmpty {
                if said.contains(clause.operations) { return false }
                said.append(clause.operations)
            }
            return true
        }
    }

    /// "Compress it" with no size names none; when the message names Discord that means its
    /// free limit, and when another clause names a size, that size.
    static func settlingCompression(_ clauses: [ParsedClause], message: String) -> [ParsedClause] {
        var result = clauses
        // "大概60兆，想发到discord上，帮我压缩一下": a size no word marks, larger than Discord's
        // free limit, in a message that compresses for Discord, is the file's size now.
        let compresses = clauses.contains { $0.operations.contains(.compress) }
        if message.lowercased().contains("discord"), compresses, !message.lowercased().contains("nitro"), !message.contains("会员") {
            for index in result.indices where result[index].guessedTarget {
                result[index].operations = result[index].operations.map { operation in
                    if case .sizeTarget(.bytes(let bytes)) = operation, bytes > 10_000_000 { return .currentSize(bytes) }
                    return operation
                }
                result[index].guessedTarget = false
            }
        }
        let hasTarget = result.contains { !$0.fromSkill && $0.operations.contains { if case .sizeTarget = $0 { return true } else { return false } } }
        let discord = message.lowercased().contains("discord")
        let hasCurrent = result.contains { $0.operations.contains { if case .currentSize = $0 { return true } else { return false } } }
        if discord, hasCurrent, !hasTarget, let index = result.firstIndex(where: { $0.operations.contains { if case .currentSize = $0 { return true } else { return false } } }) {
            // "it's 35 MB and it has to go on Discord": the size now, and Discord's free limit.
            result[index].operations.append(.sizeTarget(.limit(name: "discord-free")))
        }
        var seen: [SizeTarget] = []
        var compressed = false, exported = false
        for index in result.indices {
            result[index].operations = result[index].operations.compactMap { operation in
                switch operation {
                case .compress:
                    if hasTarget || compressed { return nil }
                    compressed = true
                    if discord {
                        if seen.contains(.limit(name: "discord-free")) { return nil }
                        seen.append(.limit(name: "discord-free"))
                        return .sizeTarget(.limit(name: "discord-free"))
                    }
                    return operation
                case .export:
                    // "finish it up and give me the file": one export.
                    if exported { return nil }
                    exported = true
                    return operation
                case .sizeTarget(let target):
                    if seen.contains(target) { return nil }
                    seen.append(target)
                    return operation
                default:
                    return operation
                }
            }
        }
        return result
    }

    // MARK: Quotes

    static let quotePairs: [Character: Character] = ["\"": "\"", "“": "”", "「": "」", "『": "』", "«": "»", "‘": "’", "`": "`", "„": "“", "”": "”"]

    /// Quoted passages replaced by ⟦0⟧, ⟦1⟧…, so no grammar rule reads inside a title. A
    /// single quote opens a passage only after a space or the start, so "Don't" stays a word.
    static func extractQuotes(_ text: String) -> (String, [String]) {
        let chars = Array(text)
        var out = ""
        var quotes: [String] = []
        var index = 0
        while index < chars.count {
            let c = chars[index]
            var close: Character?
            if let pair = quotePairs[c] { close = pair }
            if c == "'", index == 0 || chars[index - 1].isWhitespace || "(:：,".contains(chars[index - 1]) { close = "'" }
            if let close {
                var end = index + 1
                while end < chars.count {
                    if chars[end] == close || (close == "\"" && chars[end] == "”") || (close == "'" && chars[end] == "’") {
                        // A closing single quote must end a word: "'Don't stop'" closes at the last one.
                        if close == "'", end + 1 < chars.count, chars[end + 1].isLetter { end += 1; continue }
                        break
                    }
                    end += 1
                }
                if end < chars.count, end > index + 1 {
                    let passage = String(chars[(index + 1)..<end]).trimmingCharacters(in: .whitespaces)
                    if !passage.isEmpty {
                        out += "⟦\(quotes.count)⟧"
                        quotes.append(passage)
                        index = end + 1
                        continue
                    }
                }
            }
            out.append(c)
            index += 1
        }
        return (out, quotes)
    }

    /// "go to 0:10 and keep till 0:50": a keep from a time to the end and a keep from the start
    /// to a later time are one range, not two trims one after the other.
    static func joiningOpenKeeps(_ clauses: [ParsedClause]) -> [ParsedClause] {
        func keep(_ operation: EditOperation) -> TimeSpan? {
            if case .trim(.keep(let span)) = operation { return span }
            return nil
        }
        var fromIndex: (Int, Int, Double)?, toIndex: (Int, Int, Double)?
        for (c, clause) in clauses.enumerated() {
            for (o, operation) in clause.operations.enumerated() {
                guard let span = keep(operation) else { continue }
                if case .at(let from) = span.from, span.to == .end { fromIndex = (c, o, from) }
                if span.from == .start || span.from == .at(0), case .at(let to) = span.to { toIndex = (c, o, to) }
            }
        }
        guard let (fc, fo, from) = fromIndex, let (tc, to_, to) = toIndex, (fc, fo) != (tc, to_), from < to else { return clauses }
        var result = clauses
        result[fc].operations[fo] = .trim(.keep(TimeSpan(from: .at(from), to: .at(to))))
        result[tc].operations.remove(at: to_)
        if result[tc].operations.isEmpty, result[tc].problem == nil { result.remove(at: tc) }
        return result
    }

    // MARK: Contradictions

    /// "slow motion, quarter speed": the speed the user named is out of range, so no other
    /// speed (slow motion's usual half) is applied in its place.
    static func yieldingToRefusedSpeed(_ clauses: [ParsedClause]) -> [ParsedClause] {
        let refusedSpeed = clauses.contains { $0.operations.contains { if case .refused(let sentence) = $0 { return sentence.hasPrefix(ClauseReader.speedRefusal) } else { return false } } }
        guard refusedSpeed else { return clauses }
        return clauses.map { clause in
            var clause = clause
            clause.operations.removeAll { if case .speed = $0 { return true } else { return false } }
            return clause
        }
    }

    /// Two different size targets in one message: ask which, and apply nothing.
    static func checkingContradictions(_ clauses: [ParsedClause]) -> [ParsedClause] {
        var clauses = clauses
        // A size no word marked as the target, beside one that is marked (or named), is the
        // file's size now: "大概100兆，…，压到discord能发的".
        let marked = clauses.contains { !$0.fromSkill && !$0.guessedTarget && $0.operations.contains { if case .sizeTarget = $0 { return true } else { return false } } }
        if marked {
            for index in clauses.indices where clauses[index].guessedTarget {
                clauses[index].operations = clauses[index].operations.map { operation in
                    if case .sizeTarget(.bytes(let bytes)) = operation { return .currentSize(bytes) }
                    return operation
                }
                clauses[index].guessedTarget = false
            }
        }
        var userTargets: [(SizeTarget, Int)] = []
        for (index, clause) in clauses.enumerated() where !clause.fromSkill {
            for case .sizeTarget(let target) in clause.operations where !userTargets.contains(where: { $0.0 == target }) {
                userTargets.append((target, index))
            }
        }
        var result = clauses
        if !userTargets.isEmpty {
            // What the user said wins over a skill's note.
            for index in result.indices where result[index].fromSkill {
                result[index].operations.removeAll { if case .sizeTarget = $0 { return true } else { return false } }
            }
        }
        let explicit = userTargets.filter { if case .limit = $0.0 { return false } else { return true } }
        let named = userTargets.filter { if case .limit = $0.0 { return true } else { return false } }
        if explicit.count > 1 || (explicit.isEmpty && named.count > 1) {
            let options = (explicit.isEmpty ? named : explicit).map { Self.describe($0.0) }
            let question = "Which size should it fit: \(options.dropLast().joined(separator: ", ")) or \(options.last ?? "")?"
            result[(explicit.isEmpty ? named : explicit)[1].1].problem = .question(question)
        } else if explicit.count == 1, !named.isEmpty {
            // "under 8MB for Discord": the written size is the target; the name is the reason.
            for (_, index) in named {
                result[index].operations.removeAll { if case .sizeTarget(.limit) = $0 { return true } else { return false } }
            }
        }
        return result
    }

    static func describe(_ target: SizeTarget) -> String {
        switch target {
        case .bytes(let bytes): return ByteSize.describe(bytes)
        case .fraction(let share): return "\(Int((share * 100).rounded()))% of its size"  // checked: a share between 0 and 1
        case .limit(let name): return discordLimits.first { $0.name == name }?.label ?? name
        }
    }
}
