import Foundation
import SkillKit

/// Reads a media file's streams with ffprobe.
public struct MediaProbe: Sendable {
    let ffprobe: String

    public init(ffprobe: String) {
        self.ffprobe = ffprobe
    }

    /// Probes `file`; throws ``StudioError/unreadableMedia`` when it is not media ffprobe can read.
    public func probe(_ file: URL) async throws -> MediaInfo {
        let ext = file.pathExtension.lowercased()
        if ["srt", "ass", "vtt"].contains(ext) { return MediaInfo(kind: "subtitle") }
        let result = try await ProcessRunner.run(
            ffprobe,
            [
                "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
            ] + MediaInput.options(for: file) + [file.path], deadline: .seconds(60))
        guard result.status == 0, let json = JSONValue.parse(result.standardOutput) else {
            throw StudioError.unreadableMedia(name: file.lastPathComponent)
        }
        let streams = json["streams"]?.arrayValue ?? []
        let video = streams.first { $0["codec_type"]?.stringValue == "video" && $0["disposition"]?["attached_pic"]?.intValue != 1 }
        let audio = streams.first { $0["codec_type"]?.stringValue == "audio" }
        guard video != nil || audio != nil else { throw StudioError.unreadableMedia(name: file.lastPathComponent) }
        let duration = json["format"]?["duration"]?.doubleValue ?? video?["duration"]?.doubleValue ?? audio?["duration"]?.doubleValue
        // A header may claim anything; a file that says it lasts over 100 hours is not taken.
        if let duration, !(duration.isFinite && duration >= 0 && duration * 1000 <= Double(CheckedNumber.maximumMilliseconds)) {
            throw StudioError.unreadableMedia(name: file.lastPathComponent)
        }
        var width = video?["width"]?.intValue, height = video?["height"]?.intValue
        if let width, let height, !(1...16_384).contains(width) || !(1...16_384).contains(height) {
            throw StudioError.unreadableMedia(name: file.lastPathComponent)
        }
        // A phone stores a portrait video as landscape frames with a quarter turn to apply; ffmpeg
        // turns the frames when it decodes them, so the size the studio plans with is the turned one.
        if let turn = video.flatMap(Self.rotation), turn.magnitude % 180 == 90 {
            swap(&width, &height)
        }
        let isImage = ["jpg", "jpeg", "png", "gif", "webp"].contains(ext) && (duration ?? 0) < 0.5
        let kind = isImage ? "image" : (video != nil ? "video" : "audio")
        return MediaInfo(
            kind: kind,
            duration: isImage ? nil : duration,
            width: width,
            height: height,
            fps: video.flatMap { Self.rate($0["avg_frame_rate"]?.stringValue) ?? Self.rate($0["r_frame_rate"]?.stringValue) },
            hasAudio: audio != nil,
            hasVideo: video != nil,
            videoBitrate: video?["bit_rate"]?.intValue,
            audioBitrate: audio?["bit_rate"]?.intValue,
            audioChannels: audio?["channels"]?.intValue
        )
    }

    /// The quarter turns a video stream asks for, in degrees: the display matrix's rotation, or
    /// the older "rotate" tag.
    static func rotation(of stream: JSONValue) -> Int? {
        for entry in stream["side_data_list"]?.arrayValue ?? [] {
            if let degrees = entry["rotation"]?.doubleValue, degrees.isFinite, abs(degrees) <= 360 { return Int(degrees.rounded()) }  // checked: bounded on this line
        }
        return stream["tags"]?["rotate"]?.stringValue.flatMap { Int($0) }
    }

    /// "30000/1001" → 29.97.
    static func rate(_ text: String?) -> Double? {
        guard let text else { return nil }
        let parts = text.split(separator: "/")
        guard parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator > 0, numerator > 0 else {
            return Double(text).flatMap { $0 > 0 ? $0 : nil }
        }
        let rate = (numerator / denominator * 1000).rounded() / 1000
        return rate.isFinite && rate <= 1000 ? rate : nil
    }
}
