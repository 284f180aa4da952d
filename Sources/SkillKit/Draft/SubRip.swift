import Foundation

/// Caption lines as SubRip (.srt), the file every player and Discord client's helpers read.
public enum SubRip {
    /// The track's lines, numbered from 1, timed `00:00:02,000 --> 00:00:04,500`.
    public static func text(_ track: DraftTrack) -> String {
        track.placedSegments.enumerated().map { number, placed in
            let text = (placed.segment.text ?? "").replacingOccurrences(of: "\r", with: "")
            return "\(number + 1)\n\(timestamp(placed.start)) --> \(timestamp(placed.end))\n\(text)\n"
        }.joined(separator: "\n")
    }

    /// 62500 → "00:01:02,500".
    static func timestamp(_ milliseconds: Int) -> String {
        let value = max(0, milliseconds)
        return String(format: "%02d:%02d:%02d,%03d", value / 3_600_000, value / 60_000 % 60, value / 1000 % 60, value % 1000)
    }
}
