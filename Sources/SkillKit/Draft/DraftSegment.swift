import Foundation

/// One piece on a track: a clip, a sound or a line of text.
///
/// Keys (documented in `docs/draft-format.md`): `id`, `src` media reference, `n` display name,
/// `st` start on the timeline (ms), `in` in-point in the source (ms), `d` duration (ms),
/// `vol` volume in percent, `txt` text, `pos` position, `m` metadata. Unknown keys are kept.
public struct DraftSegment: Sendable, Equatable {
    public var id: String?
    public var source: String?
    public var name: String?
    public var start: Int?
    public var inPoint: Int?
    public var duration: Int?
    public var volume: Double?
    public var text: String?
    public var position: String?
    public var metadata: [String: JSONValue]
    /// Keys this version does not know, kept for the round trip.
    public var extra: [String: JSONValue]

    static let knownKeys: Set<String> = ["id", "src", "n", "st", "in", "d", "vol", "txt", "pos", "m"]

    public init(
        id: String? = nil, source: String? = nil, name: String? = nil, start: Int? = nil, inPoint: Int? = nil,
        duration: Int? = nil, volume: Double? = nil, text: String? = nil, position: String? = nil,
        metadata: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.source = source
        self.name = name
        self.start = start
        self.inPoint = inPoint
        self.duration = duration
        self.volume = volume
        self.text = text
        self.position = position
        self.metadata = metadata
        self.extra = extra
    }

    static func milliseconds(_ value: Double) -> Int {
        CheckedNumber.clamped(value, to: 0...CheckedNumber.maximumMilliseconds)
    }

    /// Reads a segment from JSON, keeping what it does not understand.
    public init(json: JSONValue) {
        let members = json.objectValue ?? [:]
        self.init(
            id: members["id"]?.stringValue,
            source: members["src"]?.stringValue,
            name: members["n"]?.stringValue,
            // Times are clamped to 0...100 h as they are read, so no sum of them can overflow.
            start: members["st"]?.doubleValue.map(Self.milliseconds),
            inPoint: members["in"]?.doubleValue.map(Self.milliseconds),
            duration: members["d"]?.doubleValue.map(Self.milliseconds),
            volume: members["vol"]?.doubleValue.flatMap { $0.isFinite ? min(max($0, 0), 1000) : nil },
            text: members["txt"]?.stringValue,
            position: members["pos"]?.stringValue,
            metadata: members["m"]?.objectValue ?? [:],
            extra: members.filter { !Self.knownKeys.contains($0.key) }
        )
    }

    public var json: JSONValue {
        var members = extra
        members["id"] = id.map(JSONValue.string)
        members["src"] = source.map(JSONValue.string)
        members["n"] = name.map(JSONValue.string)
        members["st"] = start.map { .number(Double($0)) }
        members["in"] = inPoint.map { .number(Double($0)) }
        members["d"] = duration.map { .number(Double($0)) }
        members["vol"] = volume.map(JSONValue.number)
        members["txt"] = text.map(JSONValue.string)
        members["pos"] = position.map(JSONValue.string)
        if !metadata.isEmpty { members["m"] = .object(metadata) }
        return .object(members)
    }
}
