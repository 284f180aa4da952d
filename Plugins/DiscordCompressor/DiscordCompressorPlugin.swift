import Foundation
import SkillKit

/// The video-compressor-for-discord-10mb skill: every request is about fitting a size.
public struct DiscordCompressorPlugin: SkillPlugin {
    /// The skill this plugin serves.
    public static let skillName = "video-compressor-for-discord-10mb"

    public let manifest: SkillManifest

    public init(manifest: SkillManifest) {
        self.manifest = manifest
    }

    /// The limit used when the user names none: Discord's free tier.
    var defaultLimit: SizeLimit {
        manifest.sizeLimit(named: "discord-free") ?? SizeLimit(name: "discord-free", bytes: 10_000_000, label: "Discord free")
    }

    /// Spells out the target in bytes when a compression request names no size, or names a
    /// tier ("for Nitro Basic"); a size the user wrote, or one the parser could not read, is
    /// left exactly as it was.
    public func refine(_ request: String) -> String {
        let text = request.trimmingCharacters(in: .whitespacesAndNewlines)
        let parser = RequestParser(limits: manifest.sizeLimits)
        let parsed = parser.parse(text)
        guard !parsed.hasUnreadSize, parsed.question == nil else { return text }
        let limit: SizeLimit
        let targets = parsed.sizeTargets
        if targets.isEmpty {
            guard parsed.operations.contains(.compress) else { return text }
            limit = defaultLimit
        } else if targets.count == 1, case .limit(let name) = targets[0], let named = parser.limit(named: name) {
            limit = named
        } else {
            return text
        }
        let bytes = limit.bytes.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        return "\(text) (target: under \(ByteSize.describe(limit.bytes)), that is \(bytes) bytes, for \(limit.label))"
    }

    public var exportDefaults: ExportOptions {
        var options = ExportOptions(manifestExport: manifest)
        if options.targetBytes == nil {
            options.targetBytes = defaultLimit.bytes
            options.targetLabel = defaultLimit.label
        }
        return options
    }

    /// Several files dropped in are several files to shrink: each gets its own export under the
    /// limit, named after its source, unless the user asks for them joined.
    public var exportsEachVideoSeparately: Bool { true }

    /// Confirms the finished file is within its target, or says plainly that it is not.
    public func review(_ export: FinishedExport) -> [PluginNote] {
        let target = export.options.targetBytes ?? defaultLimit.bytes
        let share = Int((Double(export.bytes) / Double(target) * 100).rounded(.down))
        if export.bytes <= target {
            return [PluginNote(.success, "Fits under \(ByteSize.describe(target)): \(export.bytes.formatted(.number.locale(Locale(identifier: "en_US")))) bytes, \(share)% of the target.")]
        }
        return [PluginNote(.warning, "The file is \(ByteSize.describe(export.bytes)), over the \(ByteSize.describe(target)) target; trim it or ask to compress again before posting.")]
    }
}
