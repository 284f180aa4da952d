import Foundation

/// How an export is rendered: the skill's defaults, overridden by what the user asked for.
public struct ExportOptions: Sendable, Equatable {
    public var format: String
    public var quality: String
    /// "720p", "1080p", "vertical"…; `nil` lets the backend choose.
    public var resolution: String?
    /// The size the file must stay under, if any.
    public var targetBytes: Int64?
    /// What the target is, for messages ("Discord free").
    public var targetLabel: String?

    public init(format: String = "mp4", quality: String = "high", resolution: String? = nil, targetBytes: Int64? = nil, targetLabel: String? = nil) {
        self.format = format
        self.quality = quality
        self.resolution = resolution
        self.targetBytes = targetBytes
        self.targetLabel = targetLabel
    }

    /// These options with the user's request laid over them.
    public func applying(_ request: ExportRequest) -> ExportOptions {
        var options = self
        if let resolution = request.resolution { options.resolution = resolution }
        if let format = request.format { options.format = format }
        if let target = request.targetBytes {
            options.targetBytes = target
            options.targetLabel = nil
        }
        return options
    }

    /// The `output` object of the render request. The cloud reads format and quality; the
    /// local backend also honours resolution and target size.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["format": .string(format), "quality": .string(quality)]
        if let resolution { members["resolution"] = .string(resolution) }
        if let targetBytes { members["target_size_bytes"] = .number(Double(targetBytes)) }
        return .object(members)
    }

    /// Reads options back from a render request's `output` object.
    public init(json: JSONValue) {
        self.init(
            format: json["format"]?.stringValue ?? "mp4",
            quality: json["quality"]?.stringValue ?? "high",
            resolution: json["resolution"]?.stringValue,
            targetBytes: json["target_size_bytes"]?.intValue.map(Int64.init)
        )
    }

    /// "720p MP4 under 10 MB (Discord free)".
    public var summary: String {
        var parts: [String] = []
        if let resolution { parts.append(resolution) }
        parts.append(format.uppercased())
        if let targetBytes {
            parts.append("under \(ByteSize.describe(targetBytes))" + (targetLabel.map { " (\($0))" } ?? ""))
        }
        return parts.joined(separator: " ")
    }
}
