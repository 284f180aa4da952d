import DiscordCompressor
import DiscordSharing
import Foundation
import SkillKit

/// The skills compiled into this shell, as data: each one's manifest and plugin. Adding a
/// skill with its own plugin means one entry here (see README, "Adding a skill").
enum BundledSkills {
    struct Entry {
        var name: String
        var manifestText: String
        var plugin: PluginCatalog.Factory
    }

    static let all: [Entry] = [
        Entry(name: DiscordCompressorPlugin.skillName, manifestText: DiscordCompressorPlugin.builtInManifest) { DiscordCompressorPlugin(manifest: $0) },
        Entry(name: DiscordSharingPlugin.skillName, manifestText: DiscordSharingPlugin.builtInManifest) { DiscordSharingPlugin(manifest: $0) },
    ]

    /// The compiled plugins, by skill name.
    static var catalog: PluginCatalog {
        var catalog = PluginCatalog()
        for entry in all { catalog.register(entry.name, factory: entry.plugin) }
        return catalog
    }

    /// The skills on the standard search path (and `extra` folders), then the built-in ones no
    /// folder overrides.
    static func registry(extra: [String], mode: ManifestMode = .lenient, environment: [String: String]) -> SkillRegistry {
        SkillRegistry.discover(
            in: .standard(extra: extra),
            builtIns: all.map { BuiltInSkill(name: $0.name, manifestText: $0.manifestText) },
            mode: mode,
            environment: environment
        )
    }
}
