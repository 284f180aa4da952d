import Foundation

/// The export settings the agent records in a draft (`m.export`), typed.
public struct ExportSettings: Sendable, Equatable {
    public var targetBytes: Int64?
    /// What the target is, for messages ("Discord free").
    public var targetLabel: String?
    /// "720p", "1080p", "vertical"…
    public var resolution: String?
    /// "16:9", "9:16", "1:1", "4:5".
    public var aspect: String?
    /// "pad" or "crop".
    public var fit: String?
    public var separately: Bool?
    /// The highest frame rate the export may have.
    public var maxFPS: Double?
    /// Playback speed, 1 unchanged.
    public var speed: Double?

    public init() {}

    public init(draft: Draft) {
        let json = draft.metadata["export"] ?? .object([:])
        targetBytes = json["target_size_bytes"]?.doubleValue.flatMap { CheckedNumber.bytes($0) }
        targetLabel = json["target_label"]?.stringValue
        resolution = json["resolution"]?.stringValue
        aspect = json["aspect"]?.stringValue
        fit = json["fit"]?.stringValue
        separately = json["separately"]?.boolValue
        maxFPS = json["max_fps"]?.doubleValue.flatMap { $0.isFinite && $0 >= 1 && $0 <= 120 ? $0 : nil }
        speed = json["speed"]?.doubleValue.flatMap { $0.isFinite && $0 >= 0.5 && $0 <= 4 ? $0 : nil }
    }

    /// Writes these settings into `draft`, keeping keys this version does not know.
    public func write(to draft: inout Draft) {
        var members = draft.metadata["export"]?.objectValue ?? [:]
        func set(_ key: String, _ value: JSONValue?) { members[key] = value }
        set("target_size_bytes", targetBytes.map { .number(Double($0)) })
        set("target_label", targetLabel.map(JSONValue.string))
        set("resolution", resolution.map(JSONValue.string))
        set("aspect", aspect.map(JSONValue.string))
        set("fit", fit.map(JSONValue.string))
        set("separately", separately.map(JSONValue.bool))
        set("max_fps", maxFPS.map(JSONValue.number))
        set("speed", speed.flatMap { $0 == 1 ? nil : .number($0) })
        members = members.filter { if case .null = $0.value { return false } else { return true } }
        draft.metadata["export"] = members.isEmpty ? nil : .object(members)
    }

    public var isEmpty: Bool { self == ExportSettings() }

    /// "under 10 MB (Discord free), 720p, 9:16 padded, up to 30 fps, 2x speed".
    public var summary: String? {
        var parts: [String] = []
        if let targetBytes { parts.append("under \(ByteSize.describe(targetBytes))" + (targetLabel.map { " (\($0))" } ?? "")) }
        if let resolution { parts.append(resolution == "vertical" ? "vertical (up to 1080x1920)" : resolution) }
        if let aspect { parts.append("\(aspect) \(fit == "crop" ? "cropped" : "padded")") }
        if let maxFPS { parts.append("up to \(Self.number(maxFPS)) fps") }
        if let speed, speed != 1 { parts.append("\(Self.number(speed))x speed") }
        if let separately { parts.append(separately ? "one file per video" : "videos joined") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// 2 → "2", 1.5 → "1.5".
    public static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)  // checked: below 1e15 on this line
    }
}
