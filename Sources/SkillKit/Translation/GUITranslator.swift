import Foundation

/// Turns the agent's editor language ("click Export", "drag the music onto the timeline")
/// into this shell's words and actions, so no GUI instruction reaches the user as written.
public struct GUITranslator: Sendable {
    public init() {}

    /// Translates whole text, sentence by sentence.
    public func translate(_ text: String) -> GUITranslation {
        var output = ""
        var actions: [ShellAction] = []
        for sentence in SentenceSplitter.sentences(of: text) {
            let translated = translateSentence(sentence)
            output += translated.text
            for action in translated.actions where !actions.contains(action) {
                actions.append(action)
            }
        }
        if actions.contains(.previewTimeline) { actions.removeAll { $0 == .showState } }
        return GUITranslation(text: output, actions: actions)
    }

    /// Translates one sentence, keeping its trailing whitespace.
    public func translateSentence(_ sentence: String) -> GUITranslation {
        let body = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { return GUITranslation(text: sentence) }
        let trailing = String(sentence[sentence.index(sentence.startIndex, offsetBy: sentence.count - trailingWhitespaceCount(sentence))...])
        let chinese = body.unicodeScalars.contains { $0.properties.isIdeographic }
        // "Preview it in the timeline, then click Export" holds two instructions.
        let clauses = Self.clauses(of: body)
        var texts: [String] = []
        var actions: [ShellAction] = []
        var translatedAny = false
        for clause in clauses {
            if let result = rule(for: clause, chinese: chinese) {
                translatedAny = true
                texts.append(result.text)
                for action in result.actions where !actions.contains(action) { actions.append(action) }
            } else {
                texts.append(clause)
            }
        }
        guard translatedAny else { return GUITranslation(text: sentence) }
        let joined = clauses.count == 1 ? texts[0] : texts.map(Self.asSentence).joined(separator: chinese ? "" : " ")
        return GUITranslation(text: joined + trailing, actions: actions)
    }

    /// Splits at ", then", "and then", ";" and 然后, where one instruction follows another.
    static func clauses(of sentence: String) -> [String] {
        let pattern = #"\s*(?:,\s*(?:and\s+)?then\s+|\s+and\s+then\s+|;\s*|，?然后|，再)\s*"#
        // try?: the patterns are literals in this file; tests compile every one.
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [sentence] }
        var parts: [String] = []
        var start = sentence.startIndex
        for match in regex.matches(in: sentence, range: NSRange(sentence.startIndex..., in: sentence)) {
            guard let range = Range(match.range, in: sentence) else { continue }
            parts.append(String(sentence[start..<range.lowerBound]))
            start = range.upperBound
        }
        parts.append(String(sentence[start...]))
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Capitalises a clause and ends it with a full stop, so joined clauses read as sentences.
    static func asSentence(_ clause: String) -> String {
        var text = clause.trimmingCharacters(in: .whitespaces)
        if let first = text.first, first.isLowercase { text = first.uppercased() + text.dropFirst() }
        if let last = text.last, !".!?。！？".contains(last) {
            text += text.unicodeScalars.contains { $0.properties.isIdeographic } ? "。" : "."
        }
        return text
    }

    private func rule(for sentence: String, chinese: Bool) -> GUITranslation? {
        let lower = sentence.lowercased()
        let words = ShellPhrases(chinese: chinese)

        // Preview in the timeline.
        if matches(lower, #"\b(preview|check|see|view|review|play|watch)\b.*\b(in|on) (the |your )?timeline\b"#)
            || matches(sentence, #"(在)?时间线(上|中)?(预览|查看)|预览"#)
        {
            return GUITranslation(text: words.timeline, actions: [.previewTimeline])
        }

        // Drag and drop.
        if matches(lower, #"\b(drag|drop|dragging|dropping)\b"#) || matches(sentence, #"拖拽|拖动|拖入|拖到|拖放"#) {
            if matches(lower, #"\b(file|files|video|videos|clip|clips|footage|media|recording)\b.*\b(here|upload|editor|window|library|area|canvas|app|workspace)\b"#)
                || matches(lower, #"\b(drag|drop)\b.*\b(here|upload area|upload box)\b"#)
                || matches(sentence, #"(文件|视频|素材).*(这里|此处|上传|编辑器|窗口)"#)
            {
                return GUITranslation(text: words.uploadHint, actions: [.promptUpload])
            }
            let edit = editFromDrag(sentence, chinese: chinese)
            return GUITranslation(text: words.sendingEdit(edit), actions: [.sendEdit(edit)])
        }

        // Click, tap, press, select.
        if let label = clickedLabel(in: sentence) {
            return translateClick(label: label, words: words)
        }

        // "the Export button", "导出" as a control.
        if matches(lower, #"\bexport (button|panel|menu|option|dialog|tab)\b"#) || matches(sentence, #"导出(按钮|选项|面板)"#) {
            return GUITranslation(text: words.exporting, actions: [.export])
        }

        // Open a panel, the project, the editor.
        if matches(lower, #"(^|\b(then|now|please|just|first|next|simply|can|could|to)\s+)(open|go to|navigate to|switch to)\b"#)
            || sentence.contains("打开")
        {
            return GUITranslation(text: words.currentProject, actions: [.showState])
        }

        // Anything else that speaks of a visual interface.
        if matches(lower, #"\b(button|menu|panel|toolbar|sidebar|dropdown|drop-down|checkbox|slider|icon|scroll|hover|right-click|double-click|settings tab|inspector)\b"#)
            || matches(sentence, #"按钮|菜单|面板|工具栏|侧边栏|界面|滑块|图标"#)
        {
            return GUITranslation(text: words.sayIt(quotedLabel(in: sentence)))
        }
        return nil
    }

    private func translateClick(label: String, words: ShellPhrases) -> GUITranslation {
        let key = label.lowercased()
        if matches(key, #"^(export|download|render|save|share)\b|导出|下载|保存"#) {
            return GUITranslation(text: words.exporting, actions: [.export])
        }
        if matches(key, #"^(upload|import|add media|add files?|browse)\b|上传|导入"#) {
            return GUITranslation(text: words.uploadHint, actions: [.promptUpload])
        }
        if matches(key, #"^(preview|play|timeline)\b|预览|播放|时间线"#) {
            return GUITranslation(text: words.timeline, actions: [.previewTimeline])
        }
        if matches(key, #"^(apply|ok|okay|confirm|done|save changes|update|确定|确认|应用|完成)$"#) {
            return GUITranslation(text: words.applied)
        }
        return GUITranslation(text: words.sayIt(label))
    }

    /// The control named after click/tap/press/select, or after 点击.
    private func clickedLabel(in sentence: String) -> String? {
        let english = #"(?i)\b(?:click|tap|press|hit|select|choose|double-click|right-click)(?:\s+on)?\s+(?:the\s+)?["“'‘]?([^"”'’.,!?;:]{1,40}?)["”'’]?(?:\s+(?:button|tab|menu|icon|option|link|panel))?(?=\s+(?:to|and|in|at|on|from|then|when|once|so)\b|[.,!?;:]|$)"#
        if let label = firstCapture(english, in: sentence) {
            return label.trimmingCharacters(in: .whitespaces)
        }
        let chinese = #"点击\s*[“"「『]?([^”"」』，。！？、\s]{1,12}?)[”"」』]?(?:按钮|选项|菜单)?(?=[，。！？、\s]|即可|就|来|以|$)"#
        if let label = firstCapture(chinese, in: sentence) {
            return label
        }
        return nil
    }

    /// The first quoted or capitalised phrase in a sentence, to suggest as words to say.
    private func quotedLabel(in sentence: String) -> String? {
        firstCapture(#"["“「'‘]([^"”」'’]{1,40})["”」'’]"#, in: sentence)
            ?? firstCapture(#"\b(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\s+(?:button|menu|panel|tab|slider|option)"#, in: sentence)
    }

    /// "Drag the music onto the timeline" → "add the music to the timeline".
    private func editFromDrag(_ sentence: String, chinese: Bool) -> String {
        if chinese {
            var edit = sentence.trimmingCharacters(in: CharacterSet(charactersIn: "。！？.!? "))
            let target = matches(edit, #"时间线|轨道"#) ? "添加到" : "移动到"
            edit = edit.replacingOccurrences(of: #"(拖拽|拖动|拖放|拖)(到|入|至)?"#, with: target, options: .regularExpression)
            return edit
        }
        let pattern = #"(?i)\b(?:drag(?:\s+and\s+drop)?|drop)\s+(.+?)\s+(?:onto|on to|into|to|on|over|above|below)\s+(.+?)[.!?]*$"#
        // try?: the patterns are literals in this file; tests compile every one.
        if let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: sentence, range: NSRange(sentence.startIndex..., in: sentence)),
            let objectRange = Range(match.range(at: 1), in: sentence),
            let targetRange = Range(match.range(at: 2), in: sentence)
        {
            let object = String(sentence[objectRange])
            let target = String(sentence[targetRange])
            if matches(target.lowercased(), #"\b(timeline|track)\b"#) {
                return "add \(object) to \(target)"
            }
            return "move \(object) to \(target)"
        }
        return sentence.replacingOccurrences(of: #"(?i)\bdrag(\s+and\s+drop)?\b|\bdrop\b"#, with: "move", options: .regularExpression)
            .trimmingCharacters(in: CharacterSet(charactersIn: ".!? "))
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
    }

    private func firstCapture(_ pattern: String, in text: String) -> String? {
        // try?: the patterns are literals in this file; tests compile every one.
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            match.numberOfRanges > 1, let range = Range(match.range(at: 1), in: text)
        else { return nil }
        let value = text[range].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    private func trailingWhitespaceCount(_ text: String) -> Int {
        text.reversed().prefix { $0.isWhitespace }.count
    }
}

/// The shell's own wording for translated sentences, in the sentence's language.
struct ShellPhrases {
    let chinese: Bool

    var exporting: String { chinese ? "现在开始导出。" : "Starting the export now." }
    var timeline: String { chinese ? "当前时间线如下。" : "Here is the timeline." }
    var currentProject: String { chinese ? "当前项目如下。" : "Here is the current project." }
    var uploadHint: String {
        chinese ? "输入或拖入文件路径即可上传。" : "Type or drop a file path here to upload it."
    }
    var applied: String { chinese ? "修改已自动应用。" : "Changes are applied as soon as you ask for them." }

    func sendingEdit(_ edit: String) -> String {
        chinese ? "已作为编辑发送：\(edit)" : "Sending that as an edit: \(edit)."
    }

    func sayIt(_ label: String?) -> String {
        guard let label, !label.isEmpty else {
            return chinese ? "直接告诉我要改什么即可。" : "Just tell me in words what you want changed."
        }
        let phrase = chinese ? label : label.lowercased()
        return chinese ? "直接说「\(phrase)」，我来完成。" : "Say \"\(phrase)\" and I'll do it."
    }
}
