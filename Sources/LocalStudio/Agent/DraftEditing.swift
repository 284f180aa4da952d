import Foundation
import SkillKit

/// Edits on a draft, as the agent's tools perform them.
extension Draft {
    /// The export settings the agent has recorded (`m.export`).
    var exportSettings: [String: JSONValue] {
        get { metadata["export"]?.objectValue ?? [:] }
        set { metadata["export"] = .object(newValue) }
    }

    /// The end of the last segment on any track, in ms.
    var timelineEnd: Int {
        tracks.flatMap { $0.placedSegments.map(\.end) }.max() ?? 0
    }

    /// Keeps these parts of the timeline, in order, played one after the other from zero.
    mutating func keep(_ parts: [Range<Int>]) {
        let ordered = parts.sorted { $0.lowerBound < $1.lowerBound }
        tracks = tracks.map { track in
            var kept = track
            var cursor = 0
            var segments: [DraftSegment] = []
            for part in ordered {
                for placed in track.placedSegments {
                    let segmentStart = max(placed.start, part.lowerBound)
                    let segmentEnd = min(placed.end, part.upperBound)
                    guard segmentEnd > segmentStart else { continue }
                    var segment = placed.segment
                    if segment.source != nil { segment.inPoint = (segment.inPoint ?? 0) + (segmentStart - placed.start) }
                    segment.start = cursor + (segmentStart - part.lowerBound)
                    segment.duration = segmentEnd - segmentStart
                    if ordered.count > 1 { segment.id = segment.id.map { "\($0)_\(segments.count)" } }
                    segments.append(segment)
                }
                cursor += part.upperBound - part.lowerBound
            }
            kept.segments = segments
            return kept
        }
        duration = timelineEnd
    }

    /// Keeps only [from, to) of the timeline and moves it to start at zero.
    mutating func trim(from start: Int, to end: Int) {
        let lower = max(0, start)
        let upper = max(lower, end)
        tracks = tracks.map { track in
            var trimmed = track
            trimmed.segments = track.placedSegments.compactMap { placed in
                let segmentStart = max(placed.start, lower)
                let segmentEnd = min(placed.end, upper)
                guard segmentEnd > segmentStart else { return nil }
                var segment = placed.segment
                segment.inPoint = (segment.inPoint ?? 0) + (segmentStart - placed.start)
                segment.start = segmentStart - lower
                segment.duration = segmentEnd - segmentStart
                return segment
            }
            return trimmed
        }
        duration = timelineEnd
    }

    /// Adds a text segment on a text track with the given role, creating the track if needed.
    mutating func addText(_ text: String, role: String, start: Int, end: Int, position: String) {
        let segment = DraftSegment(id: "txt_\(tracks.count)_\(start)", start: start, duration: max(100, end - start), text: text, position: position)
        if let index = tracks.firstIndex(where: { $0.kind == .text && $0.role == role && role == "caption" }) {
            tracks[index].segments.append(segment)
        } else {
            tracks.append(DraftTrack(kind: .text, segments: [segment], metadata: ["role": .string(role)]))
        }
    }

    /// Sets the volume of the video's own sound, in percent.
    mutating func setSourceVolume(_ percent: Double) {
        for index in tracks.indices where tracks[index].kind == .video {
            for segment in tracks[index].segments.indices {
                tracks[index].segments[segment].volume = percent
            }
        }
    }

    /// Sets the video's own sound to `percent` over `range` (ms on the timeline) only, splitting
    /// the clips at its ends; the rest keeps its level.
    mutating func setSourceVolume(_ percent: Double, in range: Range<Int>) {
        for index in tracks.indices where tracks[index].kind == .video {
            var segments: [DraftSegment] = []
            for placed in tracks[index].placedSegments {
                let inside = (max(placed.start, min(placed.end, range.lowerBound)), max(placed.start, min(placed.end, range.upperBound)))
                let bounds = [placed.start, inside.0, inside.1, placed.end]
                for (lower, upper) in zip(bounds, bounds.dropFirst()) where upper > lower {
                    var piece = placed.segment
                    piece.inPoint = (piece.inPoint ?? 0) + (lower - placed.start)
                    piece.start = lower
                    piece.duration = upper - lower
                    if lower >= range.lowerBound, upper <= range.upperBound { piece.volume = percent }
                    if upper - lower < placed.end - placed.start { piece.id = piece.id.map { "\($0)_\(lower)" } }
                    segments.append(piece)
                }
            }
            tracks[index].segments = segments
        }
    }

    /// Appends a clip at the end of the video track.
    mutating func appendClip(source: String, name: String, duration clipDuration: Int) {
        let segment = DraftSegment(id: "clip_\(source.suffix(8))_\(timelineEnd)", source: source, name: name, inPoint: 0, duration: clipDuration)
        if let index = tracks.firstIndex(where: { $0.kind == .video }) {
            var placed = segment
            placed.start = tracks[index].placedSegments.last?.end ?? 0
            tracks[index].segments.append(placed)
        } else {
            var placed = segment
            placed.start = 0
            tracks.insert(DraftTrack(kind: .video, segments: [placed], metadata: ["role": .string("main")]), at: 0)
        }
        duration = timelineEnd
    }

    /// Replaces the caption track with these lines.
    mutating func setCaptions(_ lines: [CaptionLines.Line]) {
        tracks.removeAll { $0.kind == .text && $0.role == "caption" }
        let segments = lines.enumerated().map { index, line in
            DraftSegment(id: "cap_\(index)", start: line.start, duration: max(100, line.end - line.start), text: line.text, position: "bottom")
        }
        tracks.append(DraftTrack(kind: .text, segments: segments, metadata: ["role": .string("caption")]))
    }

    /// Puts music under the whole timeline at `volume` percent, replacing earlier music.
    mutating func setMusic(source: String, name: String, volume: Double) {
        tracks.removeAll { $0.kind == .audio && $0.role == "bgm" }
        let length = max(timelineEnd, 1)
        tracks.append(DraftTrack(kind: .audio, segments: [DraftSegment(id: "bgm", source: source, name: name, start: 0, inPoint: 0, duration: length, volume: volume)], metadata: ["role": .string("bgm")]))
    }

    var hasVideo: Bool { tracks.contains { $0.kind == .video && !$0.segments.isEmpty } }
}
