import Foundation
import SkillKit

/// The local studio's editing agent: no model and no network, a parser and a set of tools.
///
/// A message is read by ``RequestParser`` into clauses and typed operations; each operation is
/// checked against the project (is there a video, does the time exist, does the size fit) and
/// applied as a tool step. The reply accounts for every clause: what was done, what was not
/// understood (with a suggestion), what cannot be done here. An ambiguous or contradictory
/// request gets one question and changes nothing. Replies read like the cloud agent's, in
/// editor words ("click Export", "preview it in the timeline"), and a configurable share of
/// edit turns ends with no text at all.
public struct EditingAgent: Sendable {
    /// The share of edit turns that end without text (0...1).
    public var silentShare: Double
    public var parser: RequestParser

    public init(silentShare: Double = 0, limits: [SizeLimit] = []) {
        self.silentShare = silentShare
        self.parser = RequestParser(limits: limits)
    }

    /// Examples for greetings, help and requests that were not understood.
    static let examples = [
        "size: \"compress it under 10MB for Discord\", \"8 megs\", \"half the size\", \"for Nitro Basic\"",
        "trim: \"keep 0:12 to 0:48\", \"cut the first 5 seconds\", \"just the last 10 seconds\"",
        "text: \"add the title 'GG' at the top for 3 seconds\", \"put NICE in the corner\"",
        "captions: \"add captions\" (from the speech), or \"add captions: your own words\"",
        "sound: \"music at 30%\", \"the original sound at 80%\", \"mute it\" (upload a song for music)",
        "picture: \"make it 9:16\" (padded or cropped), \"square\", \"720p\", \"30fps\", \"2x speed\"",
        "project: \"status\" to see it, \"export\" when it's ready",
    ]

    public func respond(to message: String, draft original: Draft, assets: [AgentAsset] = [], random: Double = Double.random(in: 0..<1)) -> AgentReply {
        respond(to: parser.parse(message), draft: original, assets: assets, random: random)
    }

    /// The reply to a message already read by ``parser`` (the studio reads it once, to know
    /// whether to listen to the speech first).
    public func respond(to request: ParsedRequest, draft original: Draft, assets: [AgentAsset] = [], random: Double = Double.random(in: 0..<1)) -> AgentReply {
        var turn = AgentTurn(draft: original, assets: assets, request: request, limits: parser)
        if let question = request.question {
            return AgentReply(steps: [.text(question)], draft: original, edited: false)
        }
        let operations = request.operations
        let edits = operations.filter(Self.isEdit)
        if !edits.isEmpty, !original.hasVideo, !edits.allSatisfy(Self.worksWithoutVideo) {
            return AgentReply(steps: [.text("There is no video in this project yet. Drop your video file here to upload it, then tell me what to do.")], draft: original, edited: false)
        }
        // Trims first, on the timeline as it was; the rest of the request then works on the cut.
        turn.applyTrims()
        if let stop = turn.stop { return AgentReply(steps: [.text(stop)], draft: original, edited: false) }
        for clause in request.clauses {
            turn.apply(clause)
            if let stop = turn.stop { return AgentReply(steps: [.text(stop)], draft: original, edited: false) }
        }
        return reply(to: request, turn: turn, random: random)
    }

    static func isEdit(_ operation: EditOperation) -> Bool {
        switch operation {
        case .talk, .status, .unsupported, .refused, .currentSize, .export: return false
        default: return true
        }
    }

    static func worksWithoutVideo(_ operation: EditOperation) -> Bool {
        switch operation {
        case .resolution, .aspect, .frameRate, .sizeTarget(.bytes), .sizeTarget(.limit), .exportMode: return true
        default: return false
        }
    }

    private func reply(to request: ParsedRequest, turn: AgentTurn, random: Double) -> AgentReply {
        var lines: [String] = []
        let edited = turn.draft != turn.original || !turn.steps.isEmpty
        if !turn.done.isEmpty {
            var done = "Done: " + turn.done.joined(separator: "; ") + "."
            let readings = request.corrections.map { "'\($0.typed)' as \($0.read)" }
            if !readings.isEmpty { done += " (I read " + readings.joined(separator: ", ") + ".)" }
            lines.append(done)
        } else if !request.corrections.isEmpty, !turn.said.isEmpty {
            lines.append("(I read " + request.corrections.map { "'\($0.typed)' as \($0.read)" }.joined(separator: ", ") + ".)")
        }
        lines += turn.said
        lines += turn.problems
        if turn.done.isEmpty, turn.said.isEmpty, turn.problems.isEmpty || turn.wantsHelp {
            lines.append(turn.problems.isEmpty ? "I didn't catch what to do with that. " + Self.helpText : Self.helpText)
        }
        // The settings as a whole, when there is more to them than what this turn just said.
        if edited, let settings = ExportSettings(draft: turn.draft).summary, turn.changedSettings, settings.contains(",") {
            lines.append("Export settings: \(settings).")
        }
        if edited {
            if turn.wantsExport {
                lines.append("Click Export to render it.")
            } else if turn.draft.tracks.count > 1 || ExportSettings(draft: turn.draft).targetBytes == nil {
                lines.append("Preview it in the timeline, then say export when it looks right.")
            } else {
                lines.append("Say export when you're ready.")
            }
        } else if turn.wantsExport, turn.problems.isEmpty {
            lines.append("Click Export to render it.")
        }
        if edited, turn.problems.isEmpty, turn.said.isEmpty, random < silentShare {
            return AgentReply(steps: turn.steps, draft: turn.draft, edited: true)
        }
        return AgentReply(steps: turn.steps + [.text(lines.joined(separator: " "))], draft: turn.draft, edited: edited)
    }

    static var helpText: String {
        "Here's what I can do:\n" + examples.map { "- \($0)" }.joined(separator: "\n")
    }

    /// Captions that must come from the speech: what `request` asks for when it gives no words
    /// and the timeline has no subtitle file yet.
    public struct SpeechCaptions: Sendable, Equatable {
        /// "zh" (中文 captions), "en" (English, translated when needed), or `nil` for the
        /// language spoken.
        public var language: String?
    }

    public static func speechCaptions(in request: ParsedRequest, draft: Draft) -> SpeechCaptions? {
        guard !draft.tracks.contains(where: { $0.kind == .text && $0.role == "caption" }) else { return nil }
        for case .captions(.fromSpeech(let language)) in request.operations { return SpeechCaptions(language: language) }
        return nil
    }

    /// The heard words of the timeline's clips, in timeline milliseconds: each clip keeps the
    /// words inside its cut, moved to where the clip sits on the timeline.
    static func spokenWords(on draft: Draft, assets: [AgentAsset]) -> [(text: String, start: Int, end: Int)] {
        guard let track = draft.tracks.first(where: { $0.kind == .video && !$0.segments.isEmpty }) else { return [] }
        var words: [(text: String, start: Int, end: Int)] = []
        for placed in track.placedSegments {
            guard let source = placed.segment.source, source.hasPrefix("media:"),
                let speech = assets.first(where: { "media:\($0.hash)" == source })?.speech
            else { continue }
            let inPoint = placed.segment.inPoint ?? 0
            let outPoint = CheckedNumber.sum(inPoint, placed.end - placed.start)
            for word in speech {
                let start = CheckedNumber.clamped(word.start * 1000, to: 0...CheckedNumber.maximumMilliseconds)
                let end = CheckedNumber.clamped(word.end * 1000, to: 0...CheckedNumber.maximumMilliseconds)
                // A word belongs to the cut when most of it is inside.
                guard (start + end) / 2 >= inPoint, (start + end) / 2 < outPoint else { continue }
                words.append((word.text, placed.start + max(0, start - inPoint), placed.start + min(outPoint, end) - inPoint))
            }
        }
        return words
    }

    static func clock(_ milliseconds: Int) -> String {
        let seconds = milliseconds / 1000
        let tenths = (milliseconds % 1000) / 100
        let base = String(format: "%d:%02d", seconds / 60, seconds % 60)
        return tenths == 0 ? base : base + ".\(tenths)"
    }
}
