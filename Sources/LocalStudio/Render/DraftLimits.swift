import Foundation
import SkillKit

/// What a draft sent from outside may hold, checked before it is stored or rendered: a draft
/// over these limits is refused with the first reason, never clamped into something else.
public enum DraftLimits {
    static let maximumTracks = 32
    static let maximumSegmentsPerTrack = 2_000
    static let maximumTextCharacters = 500
    static let maximumMilliseconds = CheckedNumber.maximumMilliseconds

    /// Why `json` cannot be rendered, or `nil` when it can.
    public static func problem(in json: JSONValue) -> String? {
        guard let members = json.objectValue else { return "the draft must be a JSON object." }
        let tracks = members["t"]?.arrayValue ?? []
        if tracks.count > maximumTracks { return "the draft has \(tracks.count) tracks; at most \(maximumTracks) are allowed." }
        for (trackIndex, track) in tracks.enumerated() {
            let segments = track["sg"]?.arrayValue ?? []
            if segments.count > maximumSegmentsPerTrack {
                return "track \(trackIndex + 1) has \(segments.count) segments; at most \(maximumSegmentsPerTrack) are allowed."
            }
            var total = 0.0
            for (segmentIndex, segment) in segments.enumerated() {
                let place = "track \(trackIndex + 1), segment \(segmentIndex + 1)"
                for key in ["st", "in", "d"] {
                    guard let value = segment[key] else { continue }
                    guard let number = value.doubleValue, number.isFinite, number >= 0, number <= Double(maximumMilliseconds) else {
                        return "\(place): \(key) must be a time from 0 to \(maximumMilliseconds) ms."
                    }
                }
                total += segment["d"]?.doubleValue ?? 0
                if total > Double(maximumMilliseconds) { return "track \(trackIndex + 1) lasts over 100 hours." }
                if let volume = segment["vol"], !(volume.doubleValue.map { $0.isFinite && $0 >= 0 && $0 <= 1000 } ?? false) {
                    return "\(place): vol must be a percentage from 0 to 1000."
                }
                if let text = segment["txt"]?.stringValue, text.count > maximumTextCharacters {
                    return "\(place): the text is \(text.count) characters; at most \(maximumTextCharacters) are allowed."
                }
            }
        }
        let export = members["m"]?["export"]
        if let aspect = export?["aspect"]?.stringValue {
            let parts = aspect.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 2, parts.allSatisfy({ $0.isFinite && $0 > 0 }), (0.1...10).contains(parts[0] / parts[1]) else {
                return "the aspect \(aspect.prefix(20)) is not a shape between 1:10 and 10:1, such as 16:9 or 9:16."
            }
        }
        if let target = export?["target_size_bytes"], !(target.doubleValue.map { $0.isFinite && $0 >= 1 && $0 < 4.6e18 } ?? false) {
            return "target_size_bytes must be a positive number of bytes."
        }
        if let speed = export?["speed"], !(speed.doubleValue.map { $0 >= 0.5 && $0 <= 4 } ?? false) { return "speed must be from 0.5 to 4." }
        if let fps = export?["max_fps"], !(fps.doubleValue.map { $0 >= 1 && $0 <= 120 } ?? false) { return "max_fps must be from 1 to 120." }
        return nil
    }
}
