import Foundation

/// What changed between two drafts, said in sentences, for turns that end without text.
public struct DraftDiff: Sendable, Equatable {
    /// One sentence a change, in track order.
    public var changes: [String]

    public init(from before: Draft, to after: Draft) {
        let old = Self.keyed(before)
        let new = Self.keyed(after)
        var changes: [String] = []
        for (key, track) in new {
            let entry = TimelineSummary.entry(for: track)
            guard let previous = old.first(where: { $0.key == key })?.track else {
                changes.append("Added \(Self.article(entry.label)) \(Self.noun(entry.label)) track: \(entry.content)\(entry.detail.isEmpty ? "" : " (\(entry.detail))").")
                continue
            }
            changes += Self.compare(previous, track, label: entry.label)
        }
        for (key, track) in old where !new.contains(where: { $0.key == key }) {
            let entry = TimelineSummary.entry(for: track)
            changes.append("Removed the \(Self.noun(entry.label)) track (\(entry.content)).")
        }
        self.changes = changes
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// The changes as one paragraph, or a plain statement that nothing changed.
    public var sentence: String {
        changes.isEmpty ? "The timeline did not change." : changes.joined(separator: " ")
    }

    /// Pairs tracks with a key that survives reordering: `m.id`, else type, role and ordinal.
    private static func keyed(_ draft: Draft) -> [(key: String, track: DraftTrack)] {
        var ordinals: [String: Int] = [:]
        return draft.tracks.map { track in
            if let identifier = track.identifier { return ("id:\(identifier)", track) }
            let base = "\(track.kind?.code ?? -1)/\(track.role ?? "")"
            let ordinal = ordinals[base, default: 0]
            ordinals[base] = ordinal + 1
            return ("\(base)#\(ordinal)", track)
        }
    }

    private static func compare(_ before: DraftTrack, _ after: DraftTrack, label: String) -> [String] {
        guard before != after else { return [] }
        let old = TimelineSummary.entry(for: before)
        let new = TimelineSummary.entry(for: after)
        var changes: [String] = []
        let name = label == "BGM" ? "BGM" : "The \(noun(label))"
        if old.content != new.content {
            if after.kind == .text {
                changes.append("\(name) now reads \(new.content) (was \(old.content)).")
            } else {
                changes.append("\(name) is now \(new.content) (was \(old.content)).")
            }
        }
        let oldRange = old.detail.split(separator: ",").first.map(String.init) ?? ""
        let newRange = new.detail.split(separator: ",").first.map(String.init) ?? ""
        if oldRange != newRange, !newRange.isEmpty {
            changes.append("\(name) now runs \(newRange) (was \(oldRange.isEmpty ? "empty" : oldRange)).")
        }
        let oldVolume = before.segments.compactMap(\.volume).first
        let newVolume = after.segments.compactMap(\.volume).first
        if oldVolume != newVolume, let newVolume {
            let was = oldVolume.map(TimelineSummary.percent) ?? "100%"
            changes.append(newVolume == 0 ? "\(name) is muted (was \(was))." : "\(name) volume is now \(TimelineSummary.percent(newVolume)) (was \(was)).")
        }
        if changes.isEmpty {
            changes.append("\(name) track was edited.")
        }
        return changes
    }

    private static func noun(_ label: String) -> String {
        label == "BGM" ? label : label.lowercased()
    }

    private static func article(_ label: String) -> String {
        let first = noun(label).first.map { String($0).lowercased() } ?? ""
        return label == "BGM" || !"aeiou".contains(first) ? "a" : "an"
    }
}
