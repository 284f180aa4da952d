import Foundation
import SkillKit

/// One turn of the editing agent: the operations of a request applied to a draft, with what
/// was done, what was said and what went wrong, for the reply.
struct AgentTurn {
    let original: Draft
    var draft: Draft
    let assets: [AgentAsset]
    let parser: RequestParser
    var steps: [AgentStep] = []
    var done: [String] = []
    var said: [String] = []
    var problems: [String] = []
    /// Set when the request cannot be applied at all: the reply is this sentence and nothing changes.
    var stop: String?
    var wantsExport = false
    /// Set when a clause was not understood and no example fits it: the reply lists what can be done.
    var wantsHelp = false
    var changedSettings = false

    /// Every trim of the request, applied together before anything else (``applyTrims()``).
    private let allTrims: [TrimEdit]

    init(draft: Draft, assets: [AgentAsset], request: ParsedRequest, limits parser: RequestParser) {
        original = draft
        self.draft = draft
        self.assets = assets
        self.parser = parser
        allTrims = request.operations.compactMap { if case .trim(let edit) = $0 { return edit } else { return nil } }
    }

    mutating func tool(_ name: String, _ arguments: [String: JSONValue]) {
        steps.append(.tool(name: name, arguments: .object(arguments), response: .object(["ok": .bool(true)])))
    }

    var settings: ExportSettings {
        get { ExportSettings(draft: draft) }
        set {
            newValue.write(to: &draft)
            changedSettings = true
        }
    }

    mutating func apply(_ clause: ParsedClause) {
        switch clause.problem {
        case .notUnderstood(let suggestion)?:
            problems.append("I didn't get \"\(clause.text)\"" + (suggestion.map { "; did you mean \($0)?" } ?? "."))
            if suggestion == nil { wantsHelp = true }
        case .needsValue(let sentence)?:
            problems.append(sentence)
        case .unreadValues(let values)?:
            problems.append("I didn't know what to do with \(values.map { "\"\($0)\"" }.joined(separator: " and ")) in \"\(clause.text)\", so I left that out.")
        default: break
        }
        for operation in clause.operations {
            apply(operation, in: clause)
            if stop != nil { return }
        }
    }

    // MARK: Operations

    mutating func apply(_ operation: EditOperation, in clause: ParsedClause) {
        switch operation {
        case .sizeTarget(let target): setTarget(target)
        case .compress:
            if !targetSet { setTarget(.limit(name: "discord-free"), defaulted: true) }
        case .currentSize(let bytes):
            if !targetSet {
                said.append("Noted: it's \(ByteSize.describe(bytes)) now. Tell me the size it must fit, e.g. \"under 10MB for Discord\".")
            }
        case .trim: break
        case .text(let overlay): addText(overlay)
        case .captions(let request): captions(request, clause: clause)
        case .volume(let edit): volume(edit)
        case .music(let edit): music(edit)
        case .aspect(let ratio, let fit):
            var next = settings
            next.aspect = ratio
            next.fit = (fit ?? .pad).rawValue
            settings = next
            tool("set_aspect_ratio", ["aspect": .string(ratio), "fit": .string(next.fit ?? "pad")])
            done.append("it will export at \(ratio), \(next.fit == "crop" ? "cropped to fill the frame" : "padded with a blurred background")")
        case .resolution(let preset):
            var next = settings
            next.resolution = preset
            settings = next
            tool("set_export_preset", ["resolution": .string(preset)])
            done.append(preset == "vertical" ? "it will export vertical, up to 1080x1920" : "it will export at \(preset)")
        case .frameRate(let fps):
            var next = settings
            next.maxFPS = fps
            settings = next
            tool("set_frame_rate", ["max_fps": .number(fps)])
            done.append("it will export at up to \(ExportSettings.number(fps)) fps")
        case .speed(let factor):
            var next = settings
            next.speed = factor
            settings = next
            tool("set_speed", ["speed": .number(factor)])
            let length = draft.timelineEnd
            done.append(factor == 1 ? "it will play at normal speed" : "it will play at \(ExportSettings.number(factor))x speed (\(TimelineSummary.seconds(length)) s becomes \(TimelineSummary.seconds(Int(Double(length) / factor))) s), sound included")  // checked: speed is at least 0.5
        case .exportMode(let separately):
            guard draft.videoSources.count > 1 else {
                said.append("There's only one video, so it exports as one file.")
                return
            }
            var next = settings
            next.separately = separately
            settings = next
            tool("set_export_mode", ["separately": .bool(separately)])
            done.append(separately ? "each of the \(draft.videoSources.count) videos will export as its own file" : "the videos will export joined into one")
        case .export(let format):
            _ = format
            wantsExport = true
        case .status:
            var text = "Here's the project: " + TimelineSummary(draft).oneLine
            if let export = ExportSettings(draft: draft).summary { text += " Export: \(export)." }
            said.append(text)
        case .talk(let kind): talk(kind)
        case .captionEdit(let edit): editCaptions(edit)
        case .unsupported(let name): problems.append("I can't do \(name) here yet.")
        case .refused(let sentence): problems.append(sentence)
        }
    }

    /// Whether this turn set a size target already.
    private var targetSet = false

    mutating func setTarget(_ target: SizeTarget, defaulted: Bool = false) {
        var bytes: Int64?
        var label: String?
        switch target {
        case .bytes(let value): bytes = value
        case .limit(let name):
            let limit = parser.limit(named: name)
            bytes = limit?.bytes
            label = limit?.label
            if defaulted, let limit { label = "\(limit.label); name a size if you need another" }
        case .fraction(let share):
            let sources = Set(draft.videoSources)
            let sizes = assets.filter { sources.contains("media:\($0.hash)") }.compactMap(\.bytes)
            guard !sizes.isEmpty else {
                problems.append("I don't know how big the file is, so I can't take \(Int((share * 100).rounded()))% of it; name a size, e.g. \"under 10MB\".")  // checked: a share between 0 and 1
                return
            }
            let total = sizes.reduce(0, +)
            bytes = CheckedNumber.bytes(Double(total) * share)
            label = "\(Int((share * 100).rounded()))% of the \(ByteSize.describe(total)) source"  // checked: a share between 0 and 1
        }
        guard let bytes else {
            problems.append("I don't know that size limit; name a size, e.g. \"under 10MB\".")
            return
        }
        if draft.timelineEnd > 0 {
            // Say so before anything is encoded when the size cannot hold the clip at all.
            var duration = Double(draft.timelineEnd) / 1000
            if let speed = settings.speed { duration /= speed }
            let probe = PlanInput(duration: duration, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: bytes)
            do {
                _ = try EncodePlanner.plan(probe)
            } catch {
                stop = error.description
                return
            }
        }
        var next = settings
        next.targetBytes = bytes
        next.targetLabel = label.map { $0.contains(";") ? String($0.prefix { $0 != ";" }) : $0 }
        settings = next
        targetSet = true
        tool("set_export_target", ["target_size_bytes": .number(Double(bytes))])
        done.append("the export will fit under \(ByteSize.describe(bytes))" + (label.map { " (\($0))" } ?? ""))
    }

    // MARK: Trims

    /// Every trim of the request, resolved on the timeline as it was, applied at once: the kept
    /// parts (or all of it) less the parts cut out.
    mutating func applyTrims() {
        guard !allTrims.isEmpty else { return }
        let length = draft.timelineEnd
        guard length > 0 else { return }
        var keeps: [Range<Int>] = []
        var removes: [Range<Int>] = []
        var described: [String] = []
        for edit in allTrims {
            let span: TimeSpan
            let keep: Bool
            switch edit {
            case .keep(let s): span = s; keep = true
            case .remove(let s): span = s; keep = false
            }
            if let problem = Self.outside(span, length: length) {
                problems.append(problem)
                continue
            }
            guard let range = span.resolved(length: length) else { continue }
            if keep { keeps.append(range) } else { removes.append(range) }
            described.append("\(keep ? "trimmed to" : "cut") \(EditingAgent.clock(range.lowerBound))–\(EditingAgent.clock(range.upperBound))")
        }
        guard !keeps.isEmpty || !removes.isEmpty else { return }
        var parts = keeps.isEmpty ? [0..<length] : Self.union(keeps)
        for cut in removes { parts = parts.flatMap { Self.subtract(cut, from: $0) } }
        parts = parts.filter { $0.count >= 100 }
        guard !parts.isEmpty else {
            problems.append("That would leave nothing of the video, so I didn't trim it.")
            return
        }
        draft.keep(parts)
        tool("trim_video", ["parts": .array(parts.map { .array([.number(Double($0.lowerBound)), .number(Double($0.upperBound))]) })])
        done.append(described.joined(separator: ", ") + " (now \(TimelineSummary.seconds(draft.timelineEnd)) s)")
    }

    /// A sentence when a span starts past the end of the video.
    static func outside(_ span: TimeSpan, length: Int) -> String? {
        let end = "the video is only \(EditingAgent.clock(length)) long"
        switch span.from {
        case .at(let ms) where ms >= Double(length):
            return "I didn't trim: \(end), so \(EditingAgent.clock(CheckedNumber.clamped(ms, to: 0...CheckedNumber.maximumMilliseconds))) is past its end."
        case .beforeEnd(let ms) where ms >= Double(length) && span.to == .end:
            return nil
        default:
            return nil
        }
    }

    static func union(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    static func subtract(_ cut: Range<Int>, from part: Range<Int>) -> [Range<Int>] {
        guard cut.overlaps(part) else { return [part] }
        var pieces: [Range<Int>] = []
        if part.lowerBound < cut.lowerBound { pieces.append(part.lowerBound..<cut.lowerBound) }
        if cut.upperBound < part.upperBound { pieces.append(cut.upperBound..<part.upperBound) }
        return pieces
    }

    // MARK: Text, captions, sound

    mutating func addText(_ overlay: TextOverlay) {
        let length = max(draft.timelineEnd, 1)
        var start = 0
        var end = overlay.role == .title ? min(length, 3000) : length
        if let span = overlay.span {
            start = span.from.resolved(length: length)
            end = span.to.resolved(length: length)
        }
        if let duration = overlay.duration {
            end = CheckedNumber.clamped(Double(start) + duration, to: 0...length)
        }
        guard start < length else {
            problems.append("I didn't add \"\(overlay.text)\": the video is only \(EditingAgent.clock(length)) long.")
            return
        }
        end = max(min(end, length), start + 100)
        let position = overlay.position ?? (overlay.role == .title ? "center" : "bottom")
        let text = String(overlay.text.prefix(200))
        draft.addText(text, role: overlay.role.rawValue, start: start, end: end, position: position)
        tool("add_text", ["text": .string(text), "start_ms": .number(Double(start)), "end_ms": .number(Double(end)), "position": .string(position)])
        let place = position.replacingOccurrences(of: "-", with: " ")
        done.append("added the \(overlay.role == .title ? "title" : "text") \"\(text)\" from \(EditingAgent.clock(start)) to \(EditingAgent.clock(end)) at the \(place)")
    }

    /// Removes the tracks `matching` as one tool step; says `none` when there are none.
    mutating func removeTracks(_ matching: (DraftTrack) -> Bool, tool name: String, done sentence: String, none: String) {
        guard draft.tracks.contains(where: matching) else {
            said.append(none)
            return
        }
        draft.tracks.removeAll(where: matching)
        tool(name, [:])
        done.append(sentence)
    }

    mutating func captions(_ request: CaptionRequest, clause: ParsedClause) {
        switch request {
        case .remove:
            removeTracks({ $0.kind == .text && $0.role == "caption" }, tool: "remove_captions", done: "removed the captions", none: "There are no captions to remove.")
        case .fromText(let text):
            let lines = CaptionLines.fromText(text, duration: draft.timelineEnd)
            draft.setCaptions(lines)
            tool("add_captions", ["lines": .number(Double(lines.count))])
            done.append("added \(lines.count) caption line\(lines.count == 1 ? "" : "s")")
        case .fromSpeech(let language):
            if draft.tracks.contains(where: { $0.kind == .text && $0.role == "caption" }) {
                said.append("The captions are on the timeline (type status to read them).")
                return
            }
            _ = language
            guard assets.contains(where: { $0.speech != nil }) else {
                let reason = assets.compactMap(\.speechProblem).first.map { $0 + " " } ?? ""
                problems.append(reason + "Give me the words (add captions: your text here) or upload an .srt file, and I'll put them on the timeline.")
                return
            }
            let lines = CaptionLines.fromWords(EditingAgent.spokenWords(on: draft, assets: assets))
            guard !lines.isEmpty else {
                problems.append("I couldn't hear speech in this clip, so there are no captions. Give me the words (add captions: your text here) or upload an .srt file.")
                return
            }
            draft.setCaptions(lines)
            tool("transcribe_speech", ["lines": .number(Double(lines.count)), "words": .number(Double(lines.map { $0.text.split(separator: " ").count }.reduce(0, +)))])
            done.append("added \(lines.count) caption line\(lines.count == 1 ? "" : "s") from the speech (type status to read them; say \"add captions: …\" to replace them with your own words)")
        }
    }

    mutating func editCaptions(_ edit: CaptionEdit) {
        guard let index = draft.tracks.firstIndex(where: { $0.kind == .text && $0.role == "caption" }), !draft.tracks[index].segments.isEmpty else {
            problems.append("There are no captions yet; say \"add captions\" first.")
            return
        }
        switch edit {
        case .line(let number, let text):
            let count = draft.tracks[index].segments.count
            guard (1...count).contains(number) else {
                problems.append("There \(count == 1 ? "is 1 caption line" : "are \(count) caption lines"), so there is no line \(number); type status to see them numbered.")
                return
            }
            let cleaned = String(text.prefix(200))
            draft.tracks[index].segments[number - 1].text = cleaned
            tool("edit_caption", ["line": .number(Double(number)), "text": .string(cleaned)])
            done.append("caption \(number) now reads \"\(cleaned)\"")
        case .replace(let old, let new):
            var changed = 0
            for segment in draft.tracks[index].segments.indices {
                guard let text = draft.tracks[index].segments[segment].text, text.localizedCaseInsensitiveContains(old) else { continue }
                draft.tracks[index].segments[segment].text = text.replacingOccurrences(of: old, with: new, options: .caseInsensitive)
                changed += 1
            }
            guard changed > 0 else {
                problems.append("No caption has \"\(old)\" in it; type status to read them.")
                return
            }
            tool("replace_in_captions", ["old": .string(old), "new": .string(new), "lines": .number(Double(changed))])
            done.append("replaced \"\(old)\" with \"\(new)\" in \(changed) caption line\(changed == 1 ? "" : "s")")
        }
    }

    mutating func volume(_ edit: VolumeEdit) {
        if let span = edit.span {
            partVolume(edit, span: span)
            return
        }
        switch edit.track {
        case .original:
            let current = draft.tracks.first { $0.kind == .video }?.segments.first?.volume ?? 100
            let level: Double
            switch edit.level {
            case .percent(let value): level = value
            case .factor(let factor): level = min(400, (current * factor).rounded())
            }
            draft.setSourceVolume(level)
            tool("set_volume", ["percent": .number(level)])
            done.append(level == 0 ? "muted the original sound" : "set the original sound to \(Int(level))%")  // checked: a level from 0 to 400
        case .music:
            guard let index = draft.tracks.firstIndex(where: { $0.kind == .audio && $0.role == "bgm" }) else {
                problems.append("There's no music on the timeline yet; upload a song, then say \"add background music\".")
                return
            }
            let current = draft.tracks[index].segments.first?.volume ?? 100
            let level: Double
            switch edit.level {
            case .percent(let value): level = value
            case .factor(let factor): level = min(400, (current * factor).rounded())
            }
            for segment in draft.tracks[index].segments.indices { draft.tracks[index].segments[segment].volume = level }
            tool("set_music_volume", ["percent": .number(level)])
            done.append(level == 0 ? "muted the music" : "set the music to \(Int(level))%")  // checked: a level from 0 to 400
        }
    }

    /// "mute 0:18 to 0:20": the video's own sound over one part of the timeline.
    mutating func partVolume(_ edit: VolumeEdit, span: TimeSpan) {
        guard edit.track == .original else {
            problems.append("The music's level is set for the whole video; say e.g. \"music to 20%\", or mute the video's own sound over a part.")
            return
        }
        let length = draft.timelineEnd
        if let problem = Self.outside(span, length: length) {
            problems.append(problem.replacingOccurrences(of: "I didn't trim", with: "I didn't change the sound"))
            return
        }
        guard let range = span.resolved(length: length), range.count >= 100 else {
            problems.append("That part is too short to change; give its start and end, e.g. \"mute 0:18 to 0:20\".")
            return
        }
        let current = draft.tracks.first { $0.kind == .video }?.placedSegments.first { $0.start <= range.lowerBound && $0.end > range.lowerBound }?.segment.volume ?? 100
        let level: Double
        switch edit.level {
        case .percent(let value): level = value
        case .factor(let factor): level = min(400, (current * factor).rounded())
        }
        draft.setSourceVolume(level, in: range)
        tool("set_volume", ["percent": .number(level), "from_ms": .number(Double(range.lowerBound)), "to_ms": .number(Double(range.upperBound))])
        let part = "from \(EditingAgent.clock(range.lowerBound)) to \(EditingAgent.clock(range.upperBound))"
        done.append(level == 0 ? "muted the original sound \(part)" : "set the original sound to \(Int(level))% \(part)")  // checked: a level from 0 to 400
    }

    mutating func music(_ edit: MusicEdit) {
        switch edit {
        case .remove:
            removeTracks({ $0.kind == .audio && $0.role == "bgm" }, tool: "remove_background_music", done: "removed the music", none: "There's no music to remove.")
        case .add(let volume):
            guard let song = assets.last(where: { $0.kind == "audio" }) else {
                problems.append("Upload the music first (an mp3, wav, m4a or aac file), then ask again.")
                return
            }
            let level = min(400, max(0, volume ?? 30))
            draft.setMusic(source: "media:\(song.hash)", name: PathText.stem(song.filename), volume: level)
            tool("add_background_music", ["source": .string(song.filename), "volume": .number(level)])
            done.append("added \(song.filename) as background music at \(Int(level))%")  // checked: a level from 0 to 400
        }
    }

    mutating func talk(_ kind: SmallTalk) {
        switch kind {
        case .greeting:
            said.append("Hi! I edit your video right here, for Discord and anywhere else. " + EditingAgent.helpText)
        case .help:
            said.append(EditingAgent.helpText)
        case .thanks:
            said.append("You're welcome! Say export when you want the file.")
        case .farewell:
            said.append("Bye! Your project stays here; /resume picks it up again.")
        case .praise:
            said.append("Glad it works for you. Say export when you want the file.")
        case .balance:
            said.append("Your balance isn't something I see from the editor; type credits (or 余额) and the shell shows it.")
        }
    }
}
