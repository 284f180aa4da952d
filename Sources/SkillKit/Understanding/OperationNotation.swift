import Foundation

/// A compact, stable spelling of what a request was read as, for the development set and the
/// understanding benchmark: `target 10000000 ; keep 12-48 ; text title "GG" top 0-3`.
/// Times are resolved on a timeline `length` ms long and written in seconds.
public enum OperationNotation {
    public static func describe(_ request: ParsedRequest, length: Int = 60_000) -> [String] {
        if request.question != nil { return ["question"] }
        var items: [String] = []
        for clause in request.clauses {
            switch clause.problem {
            case .question?: items.append("question"); continue
            case .notUnderstood?, .unreadValues?, .needsValue?: items.append("?")
            case nil: break
            }
            items += clause.operations.map { describe($0, length: length) }
        }
        return items
    }

    public static func describe(_ operation: EditOperation, length: Int) -> String {
        func seconds(_ ms: Int) -> String { TimelineSummary.seconds(ms) }
        func span(_ span: TimeSpan) -> String {
            "\(seconds(span.from.resolved(length: length)))-\(seconds(span.to.resolved(length: length)))"
        }
        switch operation {
        case .sizeTarget(.bytes(let bytes)): return "target \(bytes)"
        case .sizeTarget(.fraction(let share)): return "target \(Int((share * 100).rounded()))%"  // checked: a share between 0 and 1
        case .sizeTarget(.limit(let name)): return "target \(name)"
        case .currentSize(let bytes): return "current \(bytes)"
        case .compress: return "compress"
        case .trim(.keep(let s)): return "keep \(span(s))"
        case .trim(.remove(let s)): return "cut \(span(s))"
        case .text(let overlay):
            var start = 0
            var end = overlay.role == .title ? min(length, 3000) : length
            if let s = overlay.span {
                start = s.from.resolved(length: length)
                end = s.to.resolved(length: length)
            }
            if let duration = overlay.duration { end = CheckedNumber.clamped(Double(start) + duration, to: 0...length) }
            let position = overlay.position ?? (overlay.role == .title ? "center" : "bottom")
            return "text \(overlay.role.rawValue) \"\(overlay.text)\" \(position) \(seconds(start))-\(seconds(end))"
        case .captions(.fromSpeech(let language)): return "captions speech" + (language.map { " \($0)" } ?? "")
        case .captions(.fromText): return "captions text"
        case .captions(.remove): return "captions remove"
        case .volume(let edit):
            let part = edit.span.map { " " + span($0) } ?? ""
            switch edit.level {
            case .percent(let value): return "volume \(edit.track.rawValue) \(ExportSettings.number(value))" + part
            case .factor(let factor): return "volume \(edit.track.rawValue) x\(ExportSettings.number(factor))" + part
            }
        case .music(.add(let volume)): return "music add" + (volume.map { " \(ExportSettings.number($0))" } ?? "")
        case .music(.remove): return "music remove"
        case .aspect(let ratio, let fit): return "aspect \(ratio)" + (fit.map { " \($0.rawValue)" } ?? "")
        case .resolution(let value): return "resolution \(value)"
        case .frameRate(let fps): return "fps \(ExportSettings.number(fps))"
        case .speed(let factor): return "speed \(ExportSettings.number(factor))"
        case .exportMode(let separately): return separately ? "separately" : "joined"
        case .export(let format): return "export" + (format.map { " \($0)" } ?? "")
        case .status: return "status"
        case .talk(let kind): return "talk \(kind)"
        case .captionEdit(.line(let number, let text)): return "caption \(number) \"\(text)\""
        case .captionEdit(.replace(let old, let new)): return "replace \"\(old)\" \"\(new)\""
        case .unsupported: return "unsupported"
        case .refused: return "refused"
        }
    }

    /// One notation for edits that are the same: on the 60 s timeline, cutting the end off
    /// ("cut 45-60") is keeping the start ("keep 0-45"), and cutting the start off is keeping
    /// the end.
    static func canonical(_ item: String, length: Int = 60) -> String {
        let parts = item.split(separator: " ")
        guard parts.count == 2, parts[0] == "cut" else { return item }
        let bounds = parts[1].split(separator: "-")
        guard bounds.count == 2, let from = Double(bounds[0]), let to = Double(bounds[1]) else { return item }
        if from == 0, to < Double(length) { return "keep \(bounds[1])-\(length)" }
        if to == Double(length), from > 0 { return "keep 0-\(bounds[0])" }
        return item
    }

    /// Cutting both ends ("cut 0-2 ; cut 58-60", canonically "keep 2-60 ; keep 0-58") is keeping
    /// the middle ("keep 2-58").
    static func joinedEnds(_ items: [String], length: Int = 60) -> [String] {
        let tail = "-\(length)"
        guard let fromStart = items.firstIndex(where: { $0.hasPrefix("keep ") && $0.hasSuffix(tail) && !$0.hasPrefix("keep 0-") }),
            let toEnd = items.firstIndex(where: { $0.hasPrefix("keep 0-") && !$0.hasSuffix(tail) })
        else { return items }
        let from = items[fromStart].dropFirst(5).dropLast(tail.count)
        let to = items[toEnd].dropFirst(7)
        guard let start = Double(from), let end = Double(to), start < end else { return items }
        var result = items
        result[fromStart] = "keep \(from)-\(to)"
        result.remove(at: toEnd)
        return result
    }

    /// How a reading compares with what was meant.
    public enum Verdict: String, Sendable, CaseIterable {
        /// Everything meant, nothing else.
        case understood
        /// Some of it, and the rest named as not understood.
        case partly
        /// Something applied that was not meant.
        case misunderstood
        /// Nothing applied, and said so.
        case notUnderstood = "not understood"
    }

    /// `expected` and `actual` as notations; "?" and "question" are the honest answers.
    public static func verdict(expected: [String], actual: [String]) -> Verdict {
        let expected = joinedEnds(expected.map { canonical($0) }), actual = joinedEnds(actual.map { canonical($0) })
        let markers: Set<String> = ["?", "question"]
        if expected.sorted() == actual.sorted() { return .understood }
        // The same operations, and honest about the rest either way ("?" once or twice).
        let expectedOperations = expected.filter { !markers.contains($0) }.sorted()
        let actualOperations = actual.filter { !markers.contains($0) }.sorted()
        if expectedOperations == actualOperations, expected.contains(where: markers.contains) == actual.contains(where: markers.contains), !expected.contains("question") {
            return .understood
        }
        var remaining = expected
        var wrong = false
        // Saying plainly that something can't be done here is honest, like "?" and a question.
        let honest = markers.union(["unsupported", "refused"])
        for item in actual where !honest.contains(item) {
            if let index = remaining.firstIndex(of: item) { remaining.remove(at: index) } else { wrong = true }
        }
        if wrong { return .misunderstood }
        let applied = actual.contains { !honest.contains($0) }
        return applied ? .partly : .notUnderstood
    }
}
