import Foundation
import SkillKit

/// The video-ai-discord skill: edits for sharing, 1080p exports, a warning when too big.
public struct DiscordSharingPlugin: SkillPlugin {
    /// The skill this plugin serves.
    public static let skillName = "video-ai-discord"

    public let manifest: SkillManifest

    public init(manifest: SkillManifest) {
        self.manifest = manifest
    }

    var freeLimit: SizeLimit {
        manifest.sizeLimit(named: "discord-free") ?? SizeLimit(name: "discord-free", bytes: 10_000_000, label: "Discord free")
    }

    var safeLimit: SizeLimit {
        manifest.sizeLimit(named: "discord-safe") ?? SizeLimit(name: "discord-safe", bytes: 8_000_000, label: "8 MB safe size")
    }

    /// Makes "ready for Discord" concrete: the skill's export format, unless the user chose one.
    public func refine(_ request: String) -> String {
        let text = request.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        let mentionsSharing = lower.range(of: #"\b(discord|share|sharing|post|posting)\b|分享|发到"#, options: .regularExpression) != nil
        let parsed = RequestParser(limits: manifest.sizeLimits).parse(text)
        let namesFormat =
            !parsed.sizeTargets.isEmpty || parsed.hasUnreadSize
            || parsed.operations.contains { operation in
                switch operation {
                case .resolution, .aspect, .refused: return true
                default: return false
                }
            }
            || lower.range(of: #"\b(mp4|webm|mov)\b"#, options: .regularExpression) != nil
        guard mentionsSharing, !namesFormat else { return text }
        let resolution = exportDefaults.resolution ?? "1080p"
        return "\(text) (as a \(resolution) H.264 MP4 with AAC audio)"
    }

    /// Warns when the file is too big for a free Discord account.
    public func review(_ export: FinishedExport) -> [PluginNote] {
        let size = ByteSize.describe(export.bytes)
        if export.bytes > freeLimit.bytes {
            return [PluginNote(.warning, "At \(size) this is over the \(freeLimit.label) upload limit of \(ByteSize.describe(freeLimit.bytes)); say \"compress it under 8MB\" to make it fit.")]
        }
        if export.bytes > safeLimit.bytes {
            return [PluginNote(.info, "At \(size) it fits the \(freeLimit.label) limit; under 8 MB is the safe size if a friend's upload was refused.")]
        }
        return [PluginNote(.success, "Ready to share: \(size) fits a free Discord upload.")]
    }
}
