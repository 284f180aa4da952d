import Foundation

/// The project's timeline as the backend keeps it: `t` tracks, `d` duration (ms), `m` metadata.
///
/// Decoding never fails: a missing key reads as empty, and keys this version does not know are
/// kept so the draft can be sent back unchanged.
public struct Draft: Sendable, Equatable {
    public var tracks: [DraftTrack]
    public var duration: Int?
    public var metadata: [String: JSONValue]
    public var extra: [String: JSONValue]

    static let knownKeys: Set<String> = ["t", "d", "m"]

    public init(tracks: [DraftTrack] = [], duration: Int? = nil, metadata: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]) {
        self.tracks = tracks
        self.duration = duration
        self.metadata = metadata
        self.extra = extra
    }

    public init(json: JSONValue) {
        let members = json.objectValue ?? [:]
        self.init(
            tracks: members["t"]?.arrayValue?.map(DraftTrack.init(json:)) ?? [],
            duration: members["d"]?.doubleValue.map { CheckedNumber.clamped($0, to: 0...CheckedNumber.maximumMilliseconds) },
            metadata: members["m"]?.objectValue ?? [:],
            extra: members.filter { !Self.knownKeys.contains($0.key) }
        )
    }

    public var json: JSONValue {
        var members = extra
        members["t"] = .array(tracks.map(\.json))
        members["d"] = duration.map { .number(Double($0)) }
        if !metadata.isEmpty { members["m"] = .object(metadata) }
        return .object(members)
    }

    /// A draft can be exported once some track has a segment.
    public var isExportable: Bool { tracks.contains { !$0.segments.isEmpty } }
}
