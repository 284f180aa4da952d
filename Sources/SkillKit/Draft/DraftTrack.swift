import Foundation

/// A track of the draft: `tt` type, `sg` segments, `m` metadata (role, name, id).
public struct DraftTrack: Sendable, Equatable {
    /// The track types the contract names.
    public enum Kind: Sendable, Equatable {
        case video, audio, text
        case other(Int)

        public init(code: Int) {
            switch code {
            case 0: self = .video
            case 1: self = .audio
            case 7: self = .text
            default: self = .other(code)
            }
        }

        public var code: Int {
            switch self {
            case .video: return 0
            case .audio: return 1
            case .text: return 7
            case .other(let code): return code
            }
        }
    }

    /// `nil` when the draft did not say.
    public var kind: Kind?
    public var segments: [DraftSegment]
    public var metadata: [String: JSONValue]
    public var extra: [String: JSONValue]

    static let knownKeys: Set<String> = ["tt", "sg", "m"]

    public init(kind: Kind?, segments: [DraftSegment] = [], metadata: [String: JSONValue] = [:], extra: [String: JSONValue] = [:]) {
        self.kind = kind
        self.segments = segments
        self.metadata = metadata
        self.extra = extra
    }

    public init(json: JSONValue) {
        let members = json.objectValue ?? [:]
        self.init(
            kind: members["tt"]?.intValue.map(Kind.init(code:)),
            segments: members["sg"]?.arrayValue?.map(DraftSegment.init(json:)) ?? [],
            metadata: members["m"]?.objectValue ?? [:],
            extra: members.filter { !Self.knownKeys.contains($0.key) }
        )
    }

    public var json: JSONValue {
        var members = extra
        members["tt"] = kind.map { .number(Double($0.code)) }
        members["sg"] = .array(segments.map(\.json))
        if !metadata.isEmpty { members["m"] = .object(metadata) }
        return .object(members)
    }

    /// What the track is for (`bgm`, `voice`, `title`, `caption`, `overlay`), from `m.role`.
    public var role: String? { metadata["role"]?.stringValue?.lowercased() }

    /// A stable identity from `m.id`, when the backend gives one.
    public var identifier: String? { metadata["id"]?.stringValue }

    /// The track's name from `m.name`.
    public var name: String? { metadata["name"]?.stringValue }

    /// Segments laid out on the timeline, a missing start meaning "right after the previous one".
    public var placedSegments: [(segment: DraftSegment, start: Int, end: Int)] {
        var cursor = 0
        return segments.map { segment in
            let start = max(0, segment.start ?? cursor)
            // Saturating: a draft built in code may hold any Int; none of them traps here.
            let end = CheckedNumber.sum(start, max(0, segment.duration ?? 0))
            cursor = end
            return (segment, start, end)
        }
    }
}
