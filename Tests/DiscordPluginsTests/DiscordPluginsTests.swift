import DiscordCompressor
import DiscordSharing
import Foundation
import SkillKit
import SkillKitTesting
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func manifest(_ name: String) throws -> SkillManifest {
    try ManifestLoader.load(from: packageRoot.appendingPathComponent("Skills/\(name)/SKILL.md")).manifest
}

/// The manifests compiled into the binary are the shipped files, byte for byte.
struct BuiltInManifestTests {
    @Test(arguments: [
        (DiscordCompressorPlugin.skillName, DiscordCompressorPlugin.builtInManifest),
        (DiscordSharingPlugin.skillName, DiscordSharingPlugin.builtInManifest),
    ])
    func builtInCopyMatchesTheSkillsFolder(name: String, embedded: String) throws {
        let file = try String(contentsOf: packageRoot.appendingPathComponent("Skills/\(name)/SKILL.md"), encoding: .utf8)
        #expect(embedded + "\n" == file, "Skills/\(name)/SKILL.md changed; run scripts/embed-skills.sh")
        #expect(try ManifestLoader.parse(embedded, file: "built-in", folderName: name).name == name)
    }
}

struct DiscordCompressorPluginTests {
    let plugin: DiscordCompressorPlugin

    init() throws {
        plugin = DiscordCompressorPlugin(manifest: try manifest(DiscordCompressorPlugin.skillName))
    }

    @Test(arguments: [
        ("compress my video files", "compress my video files (target: under 10 MB, that is 10,000,000 bytes, for Discord free)"),
        ("make it small enough for discord nitro basic", "make it small enough for discord nitro basic (target: under 50 MB, that is 50,000,000 bytes, for Nitro Basic)"),
        ("压缩视频", "压缩视频 (target: under 10 MB, that is 10,000,000 bytes, for Discord free)"),
        ("compress this video under 10MB for Discord upload", "compress this video under 10MB for Discord upload"),
        ("shrink it to 25 MB", "shrink it to 25 MB"),
        ("add a title \"GG\"", "add a title \"GG\""),
    ])
    func refinesOnlyLooseCompressionRequests(request: String, refined: String) {
        #expect(plugin.refine(request) == refined)
    }

    @Test func exportsToTheFreeLimitByDefault() {
        #expect(plugin.exportDefaults.targetBytes == 10_000_000)
        #expect(plugin.exportDefaults.format == "mp4")
        #expect(plugin.exportDefaults.summary == "MP4 under 10 MB (Discord free)")
    }

    @Test func confirmsTheLimitOrSaysItWasMissed() {
        let options = plugin.exportDefaults
        let fits = plugin.review(FinishedExport(file: URL(fileURLWithPath: "/tmp/a.mp4"), bytes: 9_812_345, options: options))
        #expect(fits == [PluginNote(.success, "Fits under 10 MB: 9,812,345 bytes, 98% of the target.")])
        let over = plugin.review(FinishedExport(file: URL(fileURLWithPath: "/tmp/a.mp4"), bytes: 10_000_001, options: options))
        #expect(over.first?.level == .warning)
    }

    @Test func greetsWithExamplesAndTheTrimTip() {
        let greeting = plugin.greeting()
        #expect(greeting.contains("  \"compress this video under 10MB for Discord upload\""))
        #expect(greeting.last?.hasPrefix("Tip: Trim") == true)
    }
}

struct DiscordSharingPluginTests {
    let plugin: DiscordSharingPlugin

    init() throws {
        plugin = DiscordSharingPlugin(manifest: try manifest(DiscordSharingPlugin.skillName))
    }

    @Test func sharingRequestsGetTheDefaultFormat() {
        #expect(plugin.refine("trim the clip, add captions") == "trim the clip, add captions")
        #expect(plugin.refine("make it ready to share on discord") == "make it ready to share on discord (as a 1080p H.264 MP4 with AAC audio)")
        #expect(plugin.refine("make it 720p for discord") == "make it 720p for discord")
        #expect(plugin.exportDefaults.resolution == "1080p")
        #expect(plugin.exportDefaults.targetBytes == nil)
    }

    @Test(arguments: [(12_000_000, PluginNote.Level.warning), (9_000_000, .info), (5_000_000, .success)] as [(Int64, PluginNote.Level)])
    func warnsWhenOverTheFreeLimit(bytes: Int64, level: PluginNote.Level) {
        let notes = plugin.review(FinishedExport(file: URL(fileURLWithPath: "/tmp/a.mp4"), bytes: bytes, options: plugin.exportDefaults))
        #expect(notes.map(\.level) == [level])
        if level == .warning { #expect(notes[0].text.contains("over the Discord free upload limit")) }
    }
}

/// The two plugins behind one protocol, switched in one conversation.
struct PluginSwitchingTests {
    @Test func eachSkillAppliesItsOwnPluginInTheSameSession() async throws {
        var catalog = PluginCatalog()
        catalog.register(DiscordCompressorPlugin.skillName) { DiscordCompressorPlugin(manifest: $0) }
        catalog.register(DiscordSharingPlugin.skillName) { DiscordSharingPlugin(manifest: $0) }
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [packageRoot.appendingPathComponent("Skills")]), environment: [:])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plugins-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4")
        try Data(isoMediaStandIn.utf8).write(to: clip)

        let backend = ScriptedBackend()
        backend.downloadBytes = 12_000_000
        let output = CapturedOutput()
        let conversation = try Conversation(
            registry: registry, catalog: catalog, backend: backend, output: output,
            initialSkill: DiscordCompressorPlugin.skillName,
            options: ConversationOptions(outputDirectory: folder, pollInterval: .zero)
        )
        _ = await conversation.handle(clip.path)
        _ = await conversation.handle("compress my video files")
        _ = await conversation.handle("/skill video-ai-discord")
        _ = await conversation.handle("make it ready to share on discord")
        _ = await conversation.handle("export")

        #expect(
            backend.chatMessages == [
                "compress my video files (target: under 10 MB, that is 10,000,000 bytes, for Discord free)",
                "make it ready to share on discord (as a 1080p H.264 MP4 with AAC audio)",
            ])
        #expect(output.text.contains("over the Discord free upload limit"))
        #expect(Set(backend.calls.compactMap(\.sessionID)).count == 1)
        #expect(backend.calls.first { $0.name == "render" }?.attribution?.source == DiscordSharingPlugin.skillName)
    }
}
