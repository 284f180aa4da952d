import Foundation
import SkillKit

/// The local studio's editing agent: a rule-based interpreter of requests, no model, no network.
///
/// It reads the requests it knows (size targets, presets, trims, text, volume) out of a
/// message, applies each to the draft as a tool step, and answers as the cloud agent does,
/// sometimes in editor words ("preview it in the timeline") and, for a configurable share of
/// edit turns, with no text at all.
public struct EditingAgent: Sendable {
    /// The share of edit turns that end without text (0...1).
    public var silentShare: Double

    public init(silentShare: Double = 0) {
        self.silentShare = silentShare
    }

    /// What the agent can do, for answers to requests it does not understand.
    static let abilities = [
        "compress under a size (\"under 10MB for Discord\", Nitro, any KB/MB/GB)",
        "export presets: 720p, 1080p, vertical 1080x1920",
        "trim (\"first 20 seconds\", \"from 0:05 to 0:30\", \"cut the first 3 seconds\")",
        "text and titles with times and position (add title \"GG\" for 3 seconds at the top)",
        "mute, or set the volume in percent",
        "captions from your text (add captions: …) or from an uploaded .srt",
        "background music from an uploaded audio file, at a volume in percent",
        "aspect ratio 16:9, 9:16 or 1:1, padded (blurred background) or cropped",
    ]

    public func respond(to message: String, draft original: Draft, assets: [AgentAsset] = [], random: Double = Double.random(in: 0..<1)) -> AgentReply {
        let lower = message.lowercased()
        var draft = original
        var steps: [AgentStep] = []
        var done: [String] = []

        func tool(_ name: String, _ arguments: [String: JSONValue]) {
            steps.append(.tool(name: name, arguments: .object(arguments), response: .object(["ok": .bool(true)])))
        }

        let wantsEdit = Self.editRequested(lower)
        guard draft.hasVideo || !wantsEdit else {
            return AgentReply(steps: [.text("There is no video in this project yet. Drop your video file here to upload it, then tell me what to do.")], draft: draft, edited: false)
        }

        if let target = Self.sizeTarget(in: lower), draft.timelineEnd > 0 {
            // Say so before anything is encoded when the size cannot hold the clip at all.
            let probe = PlanInput(duration: Double(draft.timelineEnd) / 1000, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: target.bytes)
            do {
                _ = try EncodePlanner.plan(probe)
            } catch {
                return AgentReply(steps: [.text(error.description)], draft: original, edited: false)
            }
        }
        if let target = Self.sizeTarget(in: lower) {
            var settings = draft.exportSettings
            settings["target_size_bytes"] = .number(Double(target.bytes))
            draft.exportSettings = settings
            tool("set_export_target", ["target_size_bytes": .number(Double(target.bytes))])
            done.append("the export will fit under \(ByteSize.describe(target.bytes))\(target.label.map { " (\($0))" } ?? "")")
        }
        if let preset = Self.preset(in: lower) {
            var settings = draft.exportSettings
            settings["resolution"] = .string(preset)
            draft.exportSettings = settings
            tool("set_export_preset", ["resolution": .string(preset)])
            done.append(preset == "vertical" ? "it will export vertical, up to 1080x1920" : "it will export at \(preset)")
        }
        if let separately = ExportRequest(parsing: lower).separately, draft.videoSources.count > 1 {
            var settings = draft.exportSettings
            settings["separately"] = .bool(separately)
            draft.exportSettings = settings
            tool("set_export_mode", ["separately": .bool(separately)])
            done.append(separately ? "each of the \(draft.videoSources.count) videos will export as its own file" : "the videos will export joined into one")
        }
        if let range = Self.trimRange(in: lower, timelineEnd: draft.timelineEnd) {
            draft.trim(from: range.lowerBound, to: range.upperBound)
            tool("trim_video", ["start_ms": .number(Double(range.lowerBound)), "end_ms": .number(Double(range.upperBound))])
            done.append("trimmed to \(Self.clock(range.lowerBound))–\(Self.clock(range.upperBound)) (\(TimelineSummary.seconds(range.upperBound - range.lowerBound)) s)")
        }
        if let text = Self.textOverlay(in: message, timelineEnd: draft.timelineEnd) {
            draft.addText(text.text, role: text.role, start: text.start, end: text.end, position: text.position)
            tool("add_text", ["text": .string(text.text), "start_ms": .number(Double(text.start)), "end_ms": .number(Double(text.end)), "position": .string(text.position)])
            done.append("added the \(text.role == "title" ? "title" : "text") \"\(text.text)\" from \(Self.clock(text.start)) to \(Self.clock(text.end)) at the \(text.position)")
        }
        if let aspect = Self.aspect(in: lower) {
            var settings = draft.exportSettings
            settings["aspect"] = .string(aspect.ratio)
            settings["fit"] = .string(aspect.fit)
            draft.exportSettings = settings
            tool("set_aspect_ratio", ["aspect": .string(aspect.ratio), "fit": .string(aspect.fit)])
            done.append("it will export at \(aspect.ratio), \(aspect.fit == "crop" ? "cropped to fill the frame" : "padded with a blurred background")")
        }
        if Self.asksForCaptions(lower) {
            if let text = Self.captionText(in: message) {
                let lines = CaptionLines.fromText(text, duration: draft.timelineEnd)
                draft.setCaptions(lines)
                tool("add_captions", ["lines": .number(Double(lines.count))])
                done.append("added \(lines.count) caption line\(lines.count == 1 ? "" : "s")")
            } else if draft.tracks.contains(where: { $0.kind == .text && $0.role == "caption" }) {
                done.append("the captions from your subtitle file are on the timeline")
            } else if assets.contains(where: { $0.speech != nil }) {
                let lines = CaptionLines.fromWords(Self.spokenWords(on: draft, assets: assets))
                guard !lines.isEmpty else {
                    return AgentReply(steps: steps + [.text("I couldn't hear any speech in the clip. Give me the words (add captions: your text here) or upload an .srt file.")], draft: draft, edited: !steps.isEmpty)
                }
                draft.setCaptions(lines)
                tool("transcribe_speech", ["lines": .number(Double(lines.count)), "words": .number(Double(lines.map { $0.text.split(separator: " ").count }.reduce(0, +)))])
                done.append("added \(lines.count) caption line\(lines.count == 1 ? "" : "s") from the speech (type status to read them; say \"add captions: …\" to replace them with your own words)")
            } else {
                let reason = SpeechTranscriber.locate() == nil
                    ? "Captions from speech need the pocketsphinx and pocketsphinx-en-us packages, which are not installed. "
                    : ""
                return AgentReply(steps: steps + [.text(reason + "Give me the words (add captions: your text here) or upload an .srt file, and I'll put them on the timeline.")], draft: draft, edited: !steps.isEmpty)
            }
        }
        if Self.asksForMusic(lower) {
            guard let music = assets.last(where: { $0.kind == "audio" }) else {
                return AgentReply(steps: steps + [.text("Upload the music first (an mp3, wav, m4a or aac file), then ask again.")], draft: draft, edited: !steps.isEmpty)
            }
            let volume = Self.percent(in: lower) ?? 30
            draft.setMusic(source: "media:\(music.hash)", name: PathText.stem(music.filename), volume: volume)
            tool("add_background_music", ["source": .string(music.filename), "volume": .number(volume)])
            done.append("added \(music.filename) as background music at \(Int(volume))%")
        }
        if !Self.asksForMusic(lower), let volume = Self.volume(in: lower) {
            draft.setSourceVolume(volume)
            tool("set_volume", ["percent": .number(volume)])
            done.append(volume == 0 ? "muted the original sound" : "set the original sound to \(Int(volume))%")
        }

        guard !done.isEmpty else {
            let list = Self.abilities.map { "- \($0)" }.joined(separator: "\n")
            return AgentReply(steps: [.text("I can't do that here yet. What I can do:\n\(list)")], draft: draft, edited: false)
        }
        if random < silentShare {
            return AgentReply(steps: steps, draft: draft, edited: true)
        }
        var answer = "Done: " + done.joined(separator: "; ") + "."
        if lower.range(of: #"\b(export|render|download)\b|导出"#, options: .regularExpression) != nil {
            answer += " Click Export to render it."
        } else if draft.tracks.count > 1 || draft.exportSettings["target_size_bytes"] == nil {
            answer += " Preview it in the timeline, then say export when it looks right."
        } else {
            answer += " Say export when you're ready."
        }
        steps.append(.text(answer))
        return AgentReply(steps: steps, draft: draft, edited: true)
    }

    static func editRequested(_ lower: String) -> Bool {
        lower.range(of: #"\b(compress|shrink|trim|cut|add|title|text|mute|volume|720p|1080p|vertical|export|first|under|captions?|subtitles?|music|square)\b|压缩|剪|标题|文字|静音|音量|字幕|音乐|比例"#, options: .regularExpression) != nil
    }

    static func sizeTarget(in lower: String) -> (bytes: Int64, label: String?)? {
        if let bytes = ByteSize.find(in: lower) { return (bytes, nil) }
        if lower.contains("nitro basic") { return (50_000_000, "Nitro Basic") }
        if lower.range(of: #"\bsafe\s+size\b|\bsafe\s+for\s+(free\s+)?discord\b"#, options: .regularExpression) != nil { return (8_000_000, "8 MB safe size") }
        if lower.contains("nitro") { return (500_000_000, "Nitro") }
        if lower.range(of: #"\b(compress|shrink|smaller)\b|压缩"#, options: .regularExpression) != nil, lower.contains("discord") {
            return (10_000_000, "Discord free")
        }
        return nil
    }

    static func preset(in lower: String) -> String? {
        if let match = lower.range(of: #"\b(1080|720|540|480|360)p\b"#, options: .regularExpression) { return String(lower[match]) }
        if lower.range(of: #"\bvertical\b|\bportrait\b|竖屏"#, options: .regularExpression) != nil { return "vertical" }
        return nil
    }

    static func trimRange(in lower: String, timelineEnd: Int) -> Range<Int>? {
        // Times also place text ("a title for the first 3 seconds"): only a trim verb trims.
        let asksToTrim = lower.range(of: #"\b(trim\w*|cut|keep|shorten\w*|only|remove|drop|delete|skip)\b|剪|保留|截取|只要"#, options: .regularExpression) != nil
        guard asksToTrim else { return nil }
        let time = TimeExpression.pattern
        let end = max(timelineEnd, 1)
        if let parts = TimeExpression.captures(#"(?:first|前)\s*"# + time, in: lower), let length = TimeExpression.milliseconds(parts[0]) {
            let prefix = lower.range(of: #"(cut|remove|drop|delete|skip)\s+(off\s+)?the\s+first"#, options: .regularExpression)
            return prefix != nil ? min(length, end - 1)..<end : 0..<min(length, end)
        }
        if let parts = TimeExpression.captures(#"(?:cut|remove|drop|delete)\s+(?:off\s+)?the\s+last\s*"# + time, in: lower),
           let length = TimeExpression.milliseconds(parts[0]) {
            return 0..<max(1, end - length)
        }
        if let range = TimeExpression.range(in: lower), range.lowerBound < end {
            return range.lowerBound..<min(range.upperBound, end)
        }
        if let parts = TimeExpression.captures(#"(?:trim|shorten|cut|keep)\b[^0-9]*?(?:to|down to)\s+"# + time, in: lower),
           let length = TimeExpression.milliseconds(parts[0]) {
            return 0..<min(length, end)
        }
        return nil
    }

    static func textOverlay(in message: String, timelineEnd: Int) -> (text: String, role: String, start: Int, end: Int, position: String)? {
        let pattern = #"(?:add|put|insert|show|overlay|添加|加)\s*(?:a|an|the)?\s*(title|text|caption|label|标题|文字)\s*(?:that\s+says|saying|reading|with|of)?\s*[:：]?\s*["“「'‘]([^"”」'’]{1,200})["”」'’]"#
        guard let parts = TimeExpression.captures(pattern, in: message) else { return nil }
        let role = ["title", "标题"].contains(parts[0].lowercased()) ? "title" : "overlay"
        let lower = message.lowercased()
        let time = TimeExpression.pattern
        var start = 0
        var end = min(timelineEnd, 3000)
        if let range = TimeExpression.range(in: lower) {
            start = range.lowerBound
            end = range.upperBound
        } else if let length = TimeExpression.captures(#"(?:for|during)\s+(?:the\s+first\s+)?"# + time, in: lower),
                  let duration = TimeExpression.milliseconds(length[0]) {
            end = duration
        } else if role == "overlay" {
            end = max(timelineEnd, 1000)
        }
        if timelineEnd > 0 { end = min(end, timelineEnd) }
        var position = role == "title" ? "center" : "bottom"
        if lower.range(of: #"\b(at|on|to)\s+the\s+top\b|\btop\b|顶部|上方"#, options: .regularExpression) != nil { position = "top" }
        if lower.range(of: #"\b(at|on|to)\s+the\s+bottom\b|\bbottom\b|底部|下方"#, options: .regularExpression) != nil { position = "bottom" }
        if lower.range(of: #"\b(center|centre|middle)\b|中间|居中"#, options: .regularExpression) != nil { position = "center" }
        return (parts[1], role, start, max(start + 100, end), position)
    }

    static func asksForCaptions(_ lower: String) -> Bool {
        lower.range(of: #"\b(captions?|subtitles?|subs)\b|字幕"#, options: .regularExpression) != nil
    }

    /// Whether `message` asks for captions that must come from the speech: no words given and
    /// no subtitle file on the timeline.
    public static func wantsSpeechCaptions(_ message: String, draft: Draft) -> Bool {
        asksForCaptions(message.lowercased()) && captionText(in: message) == nil
            && !draft.tracks.contains { $0.kind == .text && $0.role == "caption" }
    }

    /// The heard words of the timeline's clips, in timeline milliseconds: each clip keeps the
    /// words inside its cut, moved to where the clip sits on the timeline.
    static func spokenWords(on draft: Draft, assets: [AgentAsset]) -> [(text: String, start: Int, end: Int)] {
        guard let track = draft.tracks.first(where: { $0.kind == .video && !$0.segments.isEmpty }) else { return [] }
        var words: [(text: String, start: Int, end: Int)] = []
        for placed in track.placedSegments {
            guard let source = placed.segment.source, source.hasPrefix("media:"),
                  let speech = assets.first(where: { "media:\($0.hash)" == source })?.speech else { continue }
            let inPoint = placed.segment.inPoint ?? 0
            let outPoint = inPoint + (placed.end - placed.start)
            for word in speech {
                let start = Int(word.start * 1000), end = Int(word.end * 1000)
                // A word belongs to the cut when most of it is inside.
                guard (start + end) / 2 >= inPoint, (start + end) / 2 < outPoint else { continue }
                words.append((word.text, placed.start + max(0, start - inPoint), placed.start + min(outPoint, end) - inPoint))
            }
        }
        return words
    }

    /// The words after "captions:" or in quotes after "captions".
    static func captionText(in message: String) -> String? {
        if let parts = TimeExpression.captures(#"(?:captions?|subtitles?|字幕)\s*(?:saying|that say|reading|with the text|with)?\s*[:：]\s*(.+)$"#, in: message) {
            let text = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "\"“”「」' ").union(.whitespaces))
            return text.isEmpty ? nil : text
        }
        if let parts = TimeExpression.captures(#"(?:captions?|subtitles?|字幕)[^"“「]{0,30}["“「]([^"”」]{1,2000})["”」]"#, in: message) {
            return parts[0]
        }
        return nil
    }

    static func asksForMusic(_ lower: String) -> Bool {
        lower.range(of: #"\b(music|bgm|soundtrack|song)\b|背景音乐|配乐|音乐"#, options: .regularExpression) != nil
    }

    static func percent(in lower: String) -> Double? {
        TimeExpression.captures(#"(\d{1,3})\s*%"#, in: lower).flatMap { Double($0[0]) }.map { min($0, 200) }
    }

    static func aspect(in lower: String) -> (ratio: String, fit: String)? {
        var ratio: String?
        if let parts = TimeExpression.captures(#"(?<![0-9])(16:9|9:16|1:1|4:5)(?![0-9])"#, in: lower) { ratio = parts[0] }
        else if lower.range(of: #"\bsquare\b|方形"#, options: .regularExpression) != nil { ratio = "1:1" }
        else if lower.range(of: #"\b(widescreen|landscape)\b|横屏"#, options: .regularExpression) != nil { ratio = "16:9" }
        guard let ratio else { return nil }
        let fit = lower.range(of: #"\b(crop|cropped|fill)\b|裁剪|裁切"#, options: .regularExpression) != nil ? "crop" : "pad"
        return (ratio, fit)
    }

    static func volume(in lower: String) -> Double? {
        if lower.range(of: #"\bmute\b|\b(remove|drop)\s+the\s+(audio|sound)\b|\bno\s+sound\b|静音"#, options: .regularExpression) != nil { return 0 }
        if let parts = TimeExpression.captures(#"(?:volume|音量)\D{0,12}?(\d{1,3})\s*%"#, in: lower), let value = Double(parts[0]) {
            return min(value, 400)
        }
        return nil
    }

    static func clock(_ milliseconds: Int) -> String {
        let seconds = milliseconds / 1000
        let tenths = (milliseconds % 1000) / 100
        let base = String(format: "%d:%02d", seconds / 60, seconds % 60)
        return tenths == 0 ? base : base + ".\(tenths)"
    }
}
