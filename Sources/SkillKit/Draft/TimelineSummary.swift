import Foundation

/// A readable summary of a draft, in the form
/// `Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) …`.
public struct TimelineSummary: Sendable, Equatable {
    /// One entry a track.
    public struct Entry: Sendable, Equatable {
        /// "Video", "BGM", "Title", "Captions"…
        public var label: String
        /// The clip's name, the quoted text, or a count such as "12 lines".
        public var content: String
        /// "0-10s", or "0-10s, 35%"; empty for an empty track.
        public var detail: String

        /// "Video: city timelapse (0-10s)".
        public var text: String {
            detail.isEmpty ? "\(label): \(content)" : "\(label): \(content) (\(detail))"
        }
    }

    public var entries: [Entry]
    /// Timed lines of every text track with more than one segment (captions), for the detailed view.
    public var timedLines: [String]
    /// What the export will do, when the agent recorded settings: "Export: under 10 MB, 720p".
    public var exportLine: String?

    public init(_ draft: Draft) {
        entries = draft.tracks.map(Self.entry(for:))
        exportLine = ExportSettings(draft: draft).summary.map { "Export: \($0)" }
        timedLines = draft.tracks.filter { $0.kind == .text && $0.segments.count > 1 }.flatMap { track in
            // Numbered, so a line can be named: "fix caption 3: …".
            track.placedSegments.enumerated().map { number, placed in
                "\(number + 1). \(Self.clock(placed.start))-\(Self.clock(placed.end))  \"\(placed.segment.text ?? "")\""
            }
        }
    }

    /// The whole summary on one line, as the skills' documents show it.
    public var oneLine: String {
        guard !entries.isEmpty else { return "Timeline is empty." }
        let items = entries.enumerated().map { "\($0.offset + 1). \($0.element.text)" }
        return "\(header): " + items.joined(separator: " ")
    }

    /// The summary one track a line, for a terminal.
    public var lines: [String] {
        guard !entries.isEmpty else { return ["Timeline is empty."] }
        return ["\(header):"] + entries.enumerated().map { "  \($0.offset + 1). \($0.element.text)" } + (exportLine.map { ["  \($0)"] } ?? [])
    }

    private var header: String { "Timeline (\(entries.count) \(entries.count == 1 ? "track" : "tracks"))" }

    static func label(for track: DraftTrack) -> String {
        let role = track.role
        switch track.kind {
        case .video: return role == "overlay" ? "Overlay" : "Video"
        case .audio:
            switch role {
            case "bgm", "music": return "BGM"
            case "voice", "voiceover": return "Voiceover"
            default: return "Audio"
            }
        case .text:
            switch role {
            case "title": return "Title"
            case "caption", "captions", "subtitle", "subtitles": return "Captions"
            default: return "Text"
            }
        case .other(let code): return "Track type \(code)"
        case nil: return "Track"
        }
    }

    static func entry(for track: DraftTrack) -> Entry {
        let label = label(for: track)
        let placed = track.placedSegments
        guard let first = placed.first else {
            return Entry(label: label, content: "empty", detail: "")
        }
        let content: String
        if track.kind == .text {
            content = placed.count == 1 ? "\"\(first.segment.text ?? first.segment.name ?? "")\"" : "\(placed.count) lines"
        } else if placed.count == 1 {
            content = displayName(first.segment) ?? track.name ?? "clip"
        } else {
            let names = placed.compactMap { displayName($0.segment) }
            content =
                names.count == placed.count && placed.count <= 3
                ? names.joined(separator: " + ")
                : "\(placed.count) clips"
        }
        var detail = "\(seconds(placed.map(\.start).min() ?? 0))-\(seconds(placed.map(\.end).max() ?? 0))s"
        if let volume = placed.compactMap(\.segment.volume).first {
            if track.kind == .audio || volume != 100 {
                detail += volume == 0 ? ", muted" : ", \(percent(volume))"
            }
        }
        return Entry(label: label, content: content, detail: detail)
    }

    static func displayName(_ segment: DraftSegment) -> String? {
        if let name = segment.name, !name.isEmpty { return name }
        if let source = segment.source, !source.isEmpty {
            let last = source.split(separator: "/").last.map(String.init) ?? source
            return last.count > 40 ? String(last.prefix(40)) + "…" : last
        }
        return nil
    }

    /// Milliseconds as seconds with at most one decimal: 10000 → "10", 2500 → "2.5".
    public static func seconds(_ milliseconds: Int) -> String {
        let tenths = Int((Double(milliseconds) / 100).rounded())  // checked: an Int divided by 100
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// Milliseconds as m:ss.t.
    static func clock(_ milliseconds: Int) -> String {
        let tenths = Int((Double(milliseconds) / 100).rounded())  // checked: an Int divided by 100
        let minutes = tenths / 600
        let rest = tenths % 600
        let secondsText = rest / 10 < 10 ? "0\(rest / 10)" : "\(rest / 10)"
        return "\(minutes):\(secondsText).\(rest % 10)"
    }

    static func percent(_ value: Double) -> String {
        value.rounded() == value ? "\(ExportSettings.number(value))%" : String(format: "%.1f%%", value)
    }
}
