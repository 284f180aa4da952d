import Foundation

/// Decides what a line the user typed asks for: a direct API action or a chat turn.
///
/// The line is split into clauses ("trim the clip, add captions, and export it"); each clause
/// is a direct action only when it is phrased as one and asks for no edit, so "compress this
/// video under 10MB for Discord upload" stays a chat request. Neighbouring chat clauses are
/// sent together, with the user's own wording.
public struct IntentRouter: Sendable {
    let paths: PathDetector

    public init(paths: PathDetector = PathDetector()) {
        self.paths = paths
    }

    /// The steps to run for `line`, in order; empty for a blank line.
    public func route(_ line: String) -> [Intent] {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }

        // "upload ~/Videos/my clip.mp4": a path with spaces, unquoted, that exists as written.
        if let path = wholePath(in: trimmed) { return [.upload([path])] }

        let words = ShellWords.split(trimmed)
        var found: [String] = []
        var remainder = trimmed
        for word in words.reversed() {
            guard let path = paths.path(in: word) else { continue }
            found.insert(path, at: 0)
            remainder.replaceSubrange(word.range, with: " ")
        }
        guard !found.isEmpty else { return routeText(trimmed) }

        let rest = Self.removingUploadWords(remainder)
        var steps: [Intent] = [.upload(found)]
        steps += routeText(rest).filter { $0 != .upload([]) }
        return steps
    }

    private func routeText(_ text: String) -> [Intent] {
        var steps: [Intent] = []
        var chatSpan: Range<String.Index>?

        func flushChat() {
            guard let span = chatSpan else { return }
            let message = Self.trimConnectors(Self.core(of: String(text[span])) == "" ? "" : Self.dropLeadingConnectors(String(text[span])))
            if !message.isEmpty { steps.append(.chat(message)) }
            chatSpan = nil
        }

        for clause in Self.clauses(of: text) {
            let core = Self.core(of: String(text[clause]))
            guard !core.isEmpty else { continue }
            if let command = Self.command(for: core) {
                flushChat()
                if steps.last != command { steps.append(command) }
            } else {
                chatSpan = chatSpan.map { $0.lowerBound..<clause.upperBound } ?? clause
            }
        }
        flushChat()
        return steps
    }

    static let uploadPrefix = try! NSRegularExpression(pattern: #"^(?:(?:please|pls)\s+)?(?:upload|上传)\s*(.+)$"#, options: [.caseInsensitive])

    /// The one existing file a line names when it is a path with unescaped spaces, alone or
    /// after "upload"/上传; `nil` otherwise.
    func wholePath(in line: String) -> String? {
        var candidate = line
        let ns = line as NSString
        if let match = Self.uploadPrefix.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) {
            candidate = ns.substring(with: match.range(at: 1)).trimmingCharacters(in: .whitespaces)
        }
        guard candidate.contains(" "), candidate.hasPrefix("/") || candidate.hasPrefix("~/") || candidate.hasPrefix("./") || candidate.hasPrefix("../") else { return nil }
        let word = ShellWords.Word(text: candidate, raw: candidate, wasQuotedOrEscaped: true, range: candidate.startIndex..<candidate.endIndex)
        guard let path = paths.path(in: word), paths.fileExists(path) else { return nil }
        return path
    }

    /// A direct action for one clause, or `nil` when the clause belongs to the agent.
    static func command(for clause: String) -> Intent? {
        let lower = clause.lowercased()
        let words = englishWords(lower)
        let isChinese = lower.unicodeScalars.contains { $0.properties.isIdeographic }
        // "export captions" saves the caption lines as a file; it asks the agent for nothing.
        if lower.range(of: Self.captionExport, options: .regularExpression) != nil { return .export(ExportRequest(captions: true)) }
        let asksForEdit =
            words.contains(where: isEditWord)
            || IntentVocabulary.chineseEditWords.contains(where: lower.contains)
        guard !asksForEdit else { return nil }
        let first = words.first ?? ""

        if IntentVocabulary.exportVerbs.contains(first)
            || IntentVocabulary.exportPhrases.contains(where: { lower.hasPrefix($0) })
            || (isChinese && (lower.contains("导出") || lower.contains("下载")))
        {
            return .export(ExportRequest(parsing: lower))
        }
        if first == "upload" || (isChinese && lower.contains("上传")) {
            // "upload it to Discord" is a wish the agent should answer, not a file upload.
            if words.contains(where: IntentVocabulary.externalDestinations.contains) { return nil }
            return .upload([])
        }
        let short = words.count <= 8 && !(isChinese && lower.count > 16)
        guard short else { return nil }
        if words.contains(where: { $0 == "status" || $0 == "state" })
            || IntentVocabulary.statePhrases.contains(where: { lower == $0 || lower.hasPrefix($0 + " ") || lower.hasSuffix(" " + $0) })
            || lower.contains("状态") || lower.contains("时间线") || lower.contains("轨道")
        {
            return .state
        }
        if words.contains(where: { ["credits", "credit", "balance"].contains($0) })
            || lower.contains("积分") || lower.contains("余额")
        {
            return .credits
        }
        // Other ways of asking for the file or the project's state ("gimme the file", "what's
        // going on with my project"), as the request parser reads them.
        let operations = RequestParser().parse(clause).operations
        if operations.count == 1, case .export(let format)? = operations.first, format == nil || format == "mp4" {
            return .export(ExportRequest(parsing: lower))
        }
        if operations == [.status] { return .state }
        return nil
    }

    static let captionExport = #"^(?:please\s+)?(?:export|save|download|give\s+me|send\s+me)\s+(?:the\s+|my\s+)?(?:captions?|subtitles?|subs|srt)(?:\s+(?:file|as\s+(?:an?\s+)?srt(?:\s+file)?))?(?:\s+(?:too|as\s+well|please))?$|^(?:请)?(?:导出|保存|下载)(?:一下)?字幕(?:文件)?$"#

    /// Splits text at punctuation and at "and", "then", 然后 and similar joins.
    static func clauses(of text: String) -> [Range<String.Index>] {
        let pattern = #"[,;!?，。；！？、\n]+|\.(?=\s|$)|\s+(?:and then|and|then|after that)\s+|然后|并且|接着|之后|，?再(?=[\p{Han}])"#
        // try?: the table's patterns are literals; the router tests compile every one.
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
            return [text.startIndex..<text.endIndex]
        }
        var ranges: [Range<String.Index>] = []
        var start = text.startIndex
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let separator = Range(match.range, in: text) else { continue }
            if start < separator.lowerBound { ranges.append(start..<separator.lowerBound) }
            start = separator.upperBound
        }
        if start < text.endIndex { ranges.append(start..<text.endIndex) }
        return ranges
    }

    /// The clause without fillers and edge punctuation, for classification.
    static func core(of clause: String) -> String {
        var text = clause.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        var changed = true
        while changed {
            changed = false
            let lower = text.lowercased()
            for filler in IntentVocabulary.leadingFillers where lower.hasPrefix(filler) {
                let rest = text.dropFirst(filler.count)
                let isWordEnd = rest.first.map { $0.isWhitespace || $0.isPunctuation || isCJK($0) } ?? true
                if isWordEnd || filler.unicodeScalars.contains(where: { $0.properties.isIdeographic }) {
                    text = rest.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
                    changed = true
                    break
                }
            }
            let lowered = text.lowercased()
            for filler in IntentVocabulary.trailingFillers where lowered.hasSuffix(filler) && lowered.count > filler.count {
                text = String(text.dropLast(filler.count)).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
                changed = true
                break
            }
        }
        return text
    }

    static func englishWords(_ text: String) -> [String] {
        text.split { !($0.isLetter && $0.isASCII) && $0 != "'" }.map(String.init)
    }

    static func isEditWord(_ word: String) -> Bool {
        if IntentVocabulary.editWords.contains(word) { return true }
        for suffix in ["ing", "ed", "es", "s", "d"] where word.hasSuffix(suffix) && word.count > suffix.count + 2 {
            let stem = String(word.dropLast(suffix.count))
            if IntentVocabulary.editWords.contains(stem) || IntentVocabulary.editWords.contains(stem + "e") { return true }
            // Doubled consonants: "trimmed", "cutting".
            if let last = stem.last, stem.dropLast().last == last, IntentVocabulary.editWords.contains(String(stem.dropLast())) {
                return true
            }
        }
        return false
    }

    private static func isCJK(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.properties.isIdeographic }
    }

    /// Drops trailing joins such as ", and" or "然后" from a chat message.
    static func trimConnectors(_ text: String) -> String {
        var result = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let endings = [",", "，", ";", "；", " and", " then", "然后", "并且", "、"]
        var changed = true
        while changed {
            changed = false
            for ending in endings where result.lowercased().hasSuffix(ending) {
                result = String(result.dropLast(ending.count)).trimmingCharacters(in: .whitespacesAndNewlines)
                changed = true
            }
        }
        return result
    }

    /// Drops joins that open a chat message ("and compress it" → "compress it").
    static func dropLeadingConnectors(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?i)^\s*(?:(?:and\s+then|and|then|also)\s+|然后|并且|接着)"#, with: "", options: .regularExpression)
    }

    /// The text left once paths are gone, without the words that only said "upload this".
    static func removingUploadWords(_ text: String) -> String {
        let pattern = #"(?i)^\s*(please\s+)?(upload|上传)(\s+(these|this|the|my|a)\b)?(\s*(files?|videos?|clips?)\b|\s*(文件|视频))?\s*"#
        return text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
