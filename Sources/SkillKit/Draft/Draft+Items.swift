import Foundation

extension Draft {
    /// The sources of the video track's clips, in the order they first appear.
    public var videoSources: [String] {
        guard let track = tracks.first(where: { $0.kind == .video && !$0.segments.isEmpty }) else { return [] }
        var seen: [String] = []
        for segment in track.segments {
            let source = segment.source ?? segment.name ?? ""
            if !seen.contains(source) { seen.append(source) }
        }
        return seen
    }

    /// The draft as one draft per source video, for exporting each on its own (a batch).
    ///
    /// Each item keeps its own clips, moved to start at 0; the text whose time falls within
    /// them, moved with them; the other tracks as they are (music is fitted to each item's
    /// length at render); and the draft's settings. A draft with one source is one item.
    public func itemsBySource() -> [Draft] {
        guard let index = tracks.firstIndex(where: { $0.kind == .video && !$0.segments.isEmpty }), videoSources.count > 1 else {
            return [self]
        }
        let placed = tracks[index].placedSegments
        return videoSources.map { source in
            var ranges: [(from: Int, to: Int, at: Int)] = []
            var clips: [DraftSegment] = []
            var cursor = 0
            for entry in placed where (entry.segment.source ?? entry.segment.name ?? "") == source {
                var clip = entry.segment
                clip.start = cursor
                clips.append(clip)
                ranges.append((entry.start, entry.end, cursor))
                cursor += entry.end - entry.start
            }
            var item = self
            item.tracks[index].segments = clips
            for (trackIndex, track) in tracks.enumerated() where trackIndex != index && track.kind == .text {
                var moved: [DraftSegment] = []
                for text in track.placedSegments {
                    for range in ranges {
                        let start = max(text.start, range.from), end = min(text.end, range.to)
                        guard end > start else { continue }
                        var copy = text.segment
                        copy.start = range.at + start - range.from
                        copy.duration = end - start
                        moved.append(copy)
                    }
                }
                item.tracks[trackIndex].segments = moved
            }
            item.tracks.removeAll { $0.kind == .text && $0.segments.isEmpty }
            item.duration = cursor
            return item
        }
    }
}
