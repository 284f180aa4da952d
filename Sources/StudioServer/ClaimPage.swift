import Foundation
import LocalStudio
import SkillKit

/// The read-only page a claim link opens: the project's timeline drawn as tracks on a time axis,
/// and its exports playable in the browser. Everything from the project is HTML-escaped.
enum ClaimPage {
    static let width = 960.0
    static let labelWidth = 150.0
    static let rowHeight = 40.0
    static let axisHeight = 28.0

    static func html(for project: ClaimedProject, token: String) -> String {
        let tracks = project.draft.tracks
        let placed = tracks.map(\.placedSegments)
        let end = min(max(placed.flatMap { $0.map(\.end) }.max() ?? 0, project.draft.duration ?? 0, 1_000), CheckedNumber.maximumMilliseconds)
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>SkillShell project</title>
            <style>
            body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; background: #fafafa; color: #222; }
            h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
            .empty { color: #666; } video { max-width: 640px; width: 100%; background: #000; display: block; margin: 8px 0 4px; }
            svg text { font: 12px system-ui, sans-serif; }
            </style></head><body>
            <h1>Project timeline</h1>
            <p>Read-only view of session \(escape(project.sessionID)); this link works until \(escape(Self.date(project.expiresAt))).</p>

            """
        if tracks.isEmpty {
            page += "<p class=\"empty\" id=\"empty-timeline\">The timeline is empty.</p>\n"
        } else {
            page += timeline(tracks: tracks, placed: placed, end: end)
        }
        page += "<h2>Exports</h2>\n"
        if project.exports.isEmpty {
            page += "<p class=\"empty\" id=\"no-exports\">Nothing has been exported yet.</p>\n"
        }
        for render in project.exports {
            let source = "/workspace/claim/export/\(percentEncoded(render.id))?ct=\(percentEncoded(token))"
            var facts: [String] = []
            if let size = render.size { facts.append(ByteSize.describe(size)) }
            if let duration = render.duration { facts.append(String(format: "%.1f s", duration)) }
            page += """
                <figure><video controls preload="metadata" src="\(escape(source))"></video>
                <figcaption>\(escape(render.id))\(facts.isEmpty ? "" : " · " + escape(facts.joined(separator: ", ")))</figcaption></figure>

                """
        }
        page += "</body></html>\n"
        return page
    }

    /// One row per track, each segment a bar from its start to its end.
    static func timeline(tracks: [DraftTrack], placed: [[(segment: DraftSegment, start: Int, end: Int)]], end: Int) -> String {
        let height = axisHeight + rowHeight * Double(tracks.count) + 8
        let scale = (width - labelWidth - 40) / Double(end)  // room for the last tick's label
        var svg = "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Timeline\">\n"  // checked: fixed widths and a row count
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"  // checked: as above
        // The time axis: a tick at a round step, about eight of them.
        let step = [500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000].first { end / $0 <= 8 } ?? (end / 8 + 1)
        for index in 0...9 {
            let tick = index * step  // checked: end is clamped above, so at most nine steps of end/8
            guard tick <= end else { break }
            let x = labelWidth + Double(tick) * scale
            svg += "<line x1=\"\(f(x))\" y1=\"18\" x2=\"\(f(x))\" y2=\"\(f(height))\" stroke=\"#e3e3e3\"/>"
            svg += "<text x=\"\(f(x + 2))\" y=\"14\" fill=\"#555\">\(escape(TimelineSummary.seconds(tick)))s</text>\n"
        }
        for (row, track) in tracks.enumerated() {
            let y = axisHeight + rowHeight * Double(row)
            let (label, colour) = describe(track)
            svg += "<text x=\"4\" y=\"\(f(y + rowHeight / 2 + 4))\" fill=\"#222\">\(escape(label))</text>\n"
            for item in placed[row] {
                let x = labelWidth + Double(item.start) * scale
                let w = max(2, Double(item.end - item.start) * scale)
                let title = item.segment.text ?? item.segment.name ?? label
                svg += "<g><title>\(escape(title))</title>"
                svg += "<rect class=\"segment\" x=\"\(f(x))\" y=\"\(f(y + 6))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 12))\" rx=\"4\" fill=\"\(colour)\"/>"
                if w > 40 {
                    svg += "<text x=\"\(f(x + 6))\" y=\"\(f(y + rowHeight / 2 + 4))\" fill=\"#fff\">\(escape(String(title.prefix(Int(w / 7)))))</text>"  // checked: w is at most the page width
                }
                svg += "</g>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// A track's label and bar colour.
    static func describe(_ track: DraftTrack) -> (String, String) {
        switch track.kind {
        case .video?: return (track.name ?? "Video", "#3b7dd8")
        case .audio?: return (track.name ?? (track.role == "bgm" || track.role == "music" ? "Music" : "Audio"), "#2e9d5b")
        case .text?: return (track.name ?? (track.role == "captions" || track.role == "subtitle" ? "Captions" : "Text"), "#d98e1c")
        default: return (track.name ?? "Track", "#8a63c7")
        }
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func date(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }

    /// Text safe in HTML content and in double-quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                // Control characters other than tab and line breaks have no business in a page.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
