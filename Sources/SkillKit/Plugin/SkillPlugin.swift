import Foundation

/// What differs between skills: greeting, wording of requests, export defaults and checks.
///
/// The host runs every skill the same way; a plugin only supplies these decisions. Each
/// method has a default built from the manifest, so a plugin overrides what it cares about.
public protocol SkillPlugin: Sendable {
    /// The manifest of the skill this plugin serves.
    var manifest: SkillManifest { get }

    /// The lines shown when the skill becomes active.
    func greeting() -> [String]

    /// Prompts to suggest in the greeting and in `/help`.
    var examplePrompts: [String] { get }

    /// Turns a loose request into a precise one before it is sent to the agent
    /// ("compress my video" → "… under 10 MB (10,000,000 bytes) for Discord").
    func refine(_ request: String) -> String

    /// What an export uses when the user names no options.
    var exportDefaults: ExportOptions { get }

    /// Whether several uploaded videos are exported as one file each (a batch) unless the user
    /// asks for them joined; otherwise they are joined unless the user asks for one each.
    var exportsEachVideoSeparately: Bool { get }

    /// Checks a finished file and says what the user should know about it.
    func review(_ export: FinishedExport) -> [PluginNote]
}

/// A finished, downloaded export.
public struct FinishedExport: Sendable, Equatable {
    public var file: URL
    public var bytes: Int64
    public var duration: Double?
    public var options: ExportOptions

    public init(file: URL, bytes: Int64, duration: Double? = nil, options: ExportOptions) {
        self.file = file
        self.bytes = bytes
        self.duration = duration
        self.options = options
    }
}

/// Something a plugin wants the user to know.
public struct PluginNote: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        case success, info, warning
    }

    public var level: Level
    public var text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}

extension SkillPlugin {
    public var examplePrompts: [String] { manifest.examplePrompts }

    public func greeting() -> [String] {
        var lines = [manifest.greeting ?? manifest.description]
        let examples = examplePrompts
        if !examples.isEmpty {
            lines.append("Try saying:")
            lines += examples.map { "  \"\($0)\"" }
        }
        if let tip = manifest.shellMetadata["tip"]?.stringValue { lines.append("Tip: \(tip)") }
        return lines
    }

    public func refine(_ request: String) -> String { request }

    public var exportDefaults: ExportOptions { ExportOptions(manifestExport: manifest) }

    public var exportsEachVideoSeparately: Bool { false }

    public func review(_ export: FinishedExport) -> [PluginNote] { [] }
}

extension ExportOptions {
    /// The defaults a manifest declares under `metadata.skillshell.export`.
    public init(manifestExport manifest: SkillManifest) {
        let export = manifest.shellMetadata["export"] ?? .object([:])
        self.init(
            format: export["format"]?.stringValue ?? "mp4",
            quality: export["quality"]?.stringValue ?? "high",
            resolution: export["resolution"]?.stringValue
        )
        if let targetName = export["target"]?.stringValue, let limit = manifest.sizeLimit(named: targetName) {
            targetBytes = limit.bytes
            targetLabel = limit.label
        } else if let text = export["target"]?.stringValue, let bytes = ByteSize.parse(text) {
            targetBytes = bytes
        }
    }
}
