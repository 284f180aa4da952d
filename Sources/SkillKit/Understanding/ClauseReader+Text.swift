import Foundation

/// Text on the picture: what it says (quoted, after "saying", or the words placed somewhere),
/// where it goes and when it shows.
extension ClauseReader {
    static let textVerb = #"(?:add|put|insert|show|write|overlay|place|stick|slap|display|type|include|throw|drop|pop|stamp|burn|give\s+it|加上?|添加|写上?|放上?|打上|显示|插入|加个|来个)"#
    static let textNoun = #"(?:title|heading|headline|text|caption|label|words?|banner|tagline|message|note|sign|subtitle(?!s)|标题|文字|文本|字(?!幕))"#
    static let quotedText = rx(#"(?:(?:(?:a|an|the|some|big|small|bold|little)\s+)*("# + textNoun + #")\s*(?:that\s+says|which\s+says|saying|that\s+reads|reading|with\s+the\s+(?:words?|text)|with|of|是|为|叫|写(?:着|上|成)?|内容(?:是|为)|[:：])?\s*)?⟦(\d+)⟧(?:\s*(?:as\s+(?:a|the)\s+)?("# + textNoun + #"))?"#)
    /// "text on screen: follow for more": after a colon, the words to the end (or to a place).
    static let colonText = rx(#"("# + textNoun + #")(?:\s+on\s+(?:the\s+)?(?:screen|video|picture))?\s*[:：]\s*(.+?)\s*(?=\s+(?:at|in|on)\s+the\s+(?:top|bottom|middle|center|centre|corner|start|beginning|end)\b|$)"#)
    static let sayingText = rx(#"("# + textNoun + #")(?:\s+on\s+(?:the\s+)?(?:screen|video|picture))?\s*(?:that\s+says|which\s+says|saying|that\s+reads|reading|with\s+the\s+(?:words?|text)|:|：|是|为|叫|写(?:着|上|成)?|内容(?:是|为))\s*(.+?)\s*(?=\b(?:at|on|in|for|from|during|until|till|across|over|to\s+the|near|along)\b|在|于|放在|$)"#)
    /// "add text at the bottom that says follow me": the words after a place, to the clause's end.
    static let lateSayingText = rx(#"\b"# + textNoun + #"\b[^⟦]{1,40}?\b(that\s+says|which\s+says|saying|that\s+reads)\s+(.+?)\s*[.!]*$"#)
    static let placedText = rx(textVerb + #"\s+(.+?)\s+(?:in|on|at|across|over|to|into|near|along)\s+(?:the\s+)?(?:very\s+)?(?:top|bottom|middle|center|centre|corner|upper|lower|left|right|screen|start|beginning|end|intro)"#)
    static let chinesePlacedText = rx(#"(?:在|于)\s*(?:视频|画面)?的?\s*(?:顶部|底部|中间|中央|左上角|右上角|左下角|右下角|角落|上方|下方|上面|下面|开头|结尾)\s*(?:写|加|放|打|显示)(?:上|个)?\s*(?:标题|文字|字)?\s*[:：]?\s*(.+)$"#)
    /// "加标题 第三天", "加个文字 GG": the words after the noun, with nothing between.
    static let chineseBareText = rx(#"^(?:请|帮我)?(?:加|添加|放|打)(?:个|一个|上)?\s*(标题|文字|字)\s+(.+)$"#)
    static let titleWord = rx(#"^(?:title|heading|headline|banner|标题)$"#)
    static let notText: Set<String> = ["it", "this", "that", "them", "a title", "the title", "text", "some text", "a text", "the text", "music", "captions", "subtitles", "a caption", "a label", "my name", "the name", "a logo", "the logo", "a watermark", "an image", "the image", "emoji", "sticker", "a sticker"]

    static let positionWords = rx(#"\b(?:(?:top|upper)[\s-]+(left|right)|(?:bottom|lower)[\s-]+(left|right)|(top|upper\s+part|above)|(bottom|lower\s+part|below)|(center|centre|middle)|(?:the\s+)?(corner))\b(?:\s+(?:corner|of\s+the\s+(?:screen|frame|video)|part))?|(左上角?)|(右上角?)|(左下角?)|(右下角?)|(顶部|上方|上面|顶端|上边|顶上|上头)|(底部|下方|下面|底端|下边|底下|下头)|(中间|居中|正中|中央)|(角落)"#)
    static let textTiming = rx(#"\b(?:for|during|on|over|in)\s+(?:the\s+)?(first|last|opening|final)?\s*⟨[tm](\d+)⟩|\b(?:from|between)\s+⟨[tnm](\d+)⟩\s*(?:to|until|till|and|-|–)\s*⟨[tnm](\d+)⟩|⟨[tnm](\d+)⟩\s*(?:-|–|to|until)\s*⟨[tnm](\d+)⟩|\b(?:at|starting\s+at|after|from)\s+⟨[tnm](\d+)⟩|(?:前|最后|后)\s*⟨[tnm](\d+)⟩|\bfor\s+(?:the\s+)?(whole|entire|full|complete)\s+(?:video|clip|time|thing|duration)|\b(throughout|the\s+whole\s+(?:video|time|way)|all\s+the\s+way\s+through|the\s+entire\s+(?:video|time))\b|\b(?:at|in)\s+the\s+(start|beginning|opening|intro|end|ending|outro)\b|(开头|结尾|最后|全程|整个视频)|(?<=⟧)\s*(?:显示|持续|停留|出现)?\s*⟨[tnm](\d+)⟩|(?:显示|持续|停留)\s*⟨[tnm](\d+)⟩"#)

    mutating func readText() {
        var found: (text: String, role: TextOverlay.Role, range: Range<Int>)?
        let speechCaptions = c.lower.range(of: #"\b(?:captions|subtitles|subs)\b|字幕"#, options: .regularExpression) != nil
        if let match = c.fresh(Self.quotedText).first, let quoteIndex = Int(c.text(match.group(1))), quoteIndex < c.quotes.count {
            let noun = c.text(match.group(0)).isEmpty ? c.text(match.group(2)) : c.text(match.group(0))
            // Quoted words after "captions" are the captions' words, not a text overlay.
            // (With a place, "底下加字幕写“求关注”", they are words set on the picture.)
            let captionWords = noun.isEmpty && speechCaptions && !has(Self.positionWords)
            if noun.isEmpty, speechCaptions, !captionWords {
                for word in c.matches(Self.captionWords) { c.use(word.range) }
            }
            if !captionWords {
                let role: TextOverlay.Role = c.first(Self.titleWord).map { _ in .title } ?? (noun.range(of: #"title|heading|headline|banner|标题"#, options: .regularExpression) != nil ? .title : .overlay)
                found = (c.quotes[quoteIndex], noun.isEmpty && has(Self.titleAnywhere) ? .title : role, match.range)
            }
        } else if let match = c.fresh(Self.colonText).first ?? c.fresh(Self.sayingText).first, let textRange = match.group(1) {
            let text = restoring(c.casedText(textRange)).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,!")))
            if !text.isEmpty, !Self.notText.contains(text.lowercased()) {
                let noun = c.text(match.group(0))
                found = (text, noun.range(of: #"title|heading|headline|banner|标题"#, options: .regularExpression) != nil ? .title : .overlay, match.range)
            }
        } else if let match = c.fresh(Self.lateSayingText).first, let said = match.group(0), let textRange = match.group(1) {
            // Only "that says …" is taken here: the place said before it is read as a place.
            let text = restoring(c.casedText(textRange)).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,!")))
            if !text.isEmpty, !Self.notText.contains(text.lowercased()), text.count <= 80 {
                found = (text, has(Self.titleAnywhere) ? .title : .overlay, said.lowerBound..<textRange.upperBound)
            }
        } else if let match = c.fresh(Self.chineseBareText).first, let textRange = match.group(1) {
            let text = restoring(c.casedText(textRange)).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, text.count <= 80 { found = (text, c.text(match.group(0)) == "标题" ? .title : .overlay, match.range) }
        } else if let match = c.fresh(Self.placedText).first ?? c.fresh(Self.chinesePlacedText).first, let textRange = match.group(0) {
            var text = restoring(c.casedText(textRange)).trimmingCharacters(in: .whitespacesAndNewlines)
            text = text.replacingOccurrences(of: #"^(?:the\s+)?(?:words?|text|title)\s+"#, with: "", options: [.regularExpression, .caseInsensitive])
            if !text.isEmpty, !Self.notText.contains(text.lowercased()), text.count <= 80,
                text.range(of: #"(?i)\b(?:logo|image|picture|photo|watermark|sticker|emoji|music|song|video|clip|captions?|fade|transitions?|effects?|filters?|blur|zoom|glitch|animations?|countdown|timer|border|frame)\b"#, options: .regularExpression) == nil,
                // "a fade out", "some sparkles": a thing to add, not words to write.
                text.range(of: #"^(?:a|an|some|my|the|this|that)\s"#, options: [.regularExpression, .caseInsensitive]) == nil
            {
                found = (text, has(Self.titleAnywhere) ? .title : .overlay, textRange)
            }
        }
        // "put my channel name @fragking in the bottom right": a handle or hashtag is the words.
        if found == nil, has(Self.textVerbAtom), let match = c.fresh(Self.handleText).first, let textRange = match.group(0) {
            found = (c.casedText(textRange), .overlay, (match.group(1) ?? textRange).lowerBound..<textRange.upperBound)
        }
        guard let found else {
            // "…, at the top": a place for the text of the clause before.
            if let match = c.first(Self.lonePositionPattern), let position = c.first(Self.positionWords) {
                lonePosition = positionName(position)
                c.use(match.range)
            }
            return
        }
        c.use(found.range)
        c.use(c.first(Self.textVerbAtom)?.range)
        var overlay = TextOverlay(text: found.text, role: found.role)
        if let match = c.fresh(Self.positionWords).first {
            c.use(match.range)
            overlay.position = positionName(match)
        }
        // Every timing said: "at the end for 5 seconds" is an anchor and a length.
        for match in c.fresh(Self.textTiming) {
            c.use(match.range)
            overlay = timed(overlay, match)
        }
        add(.text(overlay))
        for match in c.matches(Self.textNounAtom) { c.use(match.range) }
    }

    static let lonePositionPattern = rx(#"^(?:and\s+)?(?:(?:put|place|show|move)\s+(?:it|them)\s+)?(?:at|in|on|to)?\s*(?:the\s+)?(?:very\s+)?(?:top|bottom|middle|center|centre|corner|upper|lower)[\w\s-]*$|^(?:放在|放到|位置在|在)?\s*(?:顶部|底部|中间|中央|左上角|右上角|左下角|右下角|角落|上方|下方|上面|下面)\s*$"#)

    func positionName(_ match: ClauseText.Match) -> String? {
        let names = ["top-", "bottom-", "top", "bottom", "center", "corner", "top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom", "center", "corner"]
        for (index, name) in names.enumerated() {
            guard let group = match.group(index) else { continue }
            let word = c.text(group)
            switch name {
            case "top-", "bottom-": return name + (word.contains("left") ? "left" : "right")
            case "corner": return "bottom-right"
            default: return name
            }
        }
        return nil
    }

    static let handleText = rx(#"(?:\b(?:my|our|the|his|her|their)\s+(?:channel(?:\s+name)?|handle|username|user\s*name|tag|twitch|youtube|insta(?:gram)?|tiktok|twitter|socials?)(?:\s+(?:name|handle))?\s+)?((?<![\w@#])[@#][\w.]{2,30}[\w])"#)
    static let titleAnywhere = rx(#"\b(?:title|heading|headline)\b|标题"#)
    static let textVerbAtom = rx(textVerb)
    static let textNounAtom = rx(#"\b(?:a|an|the|some)?\s*"# + textNoun + #"|\b(?:on|in|at|of)\s+the\s+(?:screen|video|frame|picture)\b|在|上"#)

    private func timed(_ overlay: TextOverlay, _ match: ClauseText.Match) -> TextOverlay {
        var result = overlay
        func ms(_ group: Int, partner: Int? = nil) -> Double? {
            guard let (_, quantity) = quantity(match.group(group)) else { return nil }
            return milliseconds(quantity, partner: partner.flatMap { self.quantity(match.group($0))?.quantity })
        }
        if let length = ms(1) {
            switch c.text(match.group(0)) {
            case "last", "final": result.span = TimeSpan(from: .beforeEnd(length), to: .end)
            default:
                result.duration = length
                result.span = Self.stretched(result.span, to: length)
            }
        } else if let a = ms(2, partner: 3), let b = ms(3, partner: 2) {
            result.span = TimeSpan(from: .at(a), to: .at(b))
        } else if let a = ms(4, partner: 5), let b = ms(5, partner: 4) {
            result.span = TimeSpan(from: .at(a), to: .at(b))
        } else if let start = ms(6) {
            result.span = TimeSpan(from: .at(start), to: .at(start + 3000))
            if c.text(match.range).hasPrefix("after") || c.text(match.range).hasPrefix("from") { result.span = TimeSpan(from: .at(start), to: .end) }
        } else if let length = ms(7) {
            result.span = c.text(match.range).hasPrefix("前") ? TimeSpan(from: .start, to: .at(length)) : TimeSpan(from: .beforeEnd(length), to: .end)
        } else if match.group(8) != nil || match.group(9) != nil {
            result.span = TimeSpan(from: .start, to: .end)
        } else if let length = ms(12) ?? ms(13) {
            result.duration = length
            result.span = Self.stretched(result.span, to: length)
        } else if let word = match.group(10).map({ c.text($0) }) ?? match.group(11).map({ c.text($0) }) {
            // "At the end for 5 seconds": the length said beside the anchor, else three seconds.
            let length = result.duration ?? 3000
            switch word {
            case "end", "ending", "outro", "结尾", "最后": result.span = TimeSpan(from: .beforeEnd(length), to: .end)
            case "全程", "整个视频": result.span = TimeSpan(from: .start, to: .end)
            default: result.span = TimeSpan(from: .start, to: .at(length))
            }
        }
        return result
    }

    /// A span anchored at the start or the end, given the length said beside the anchor.
    static func stretched(_ span: TimeSpan?, to length: Double) -> TimeSpan? {
        guard let span else { return nil }
        switch (span.from, span.to) {
        case (.beforeEnd, .end): return TimeSpan(from: .beforeEnd(length), to: .end)
        case (.start, .at): return TimeSpan(from: .start, to: .at(length))
        default: return span
        }
    }
}
