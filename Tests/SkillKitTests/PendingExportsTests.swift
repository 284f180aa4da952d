import Foundation
import SkillKitTesting
import Testing

@testable import SkillKit

struct PendingExportsTests {
    static func entry(_ id: String, account: String?, backend: String = "scripted backend", folder: URL, startedAt: Date = Date()) -> PendingExports.Entry {
        PendingExports.Entry(
            renderID: id, sessionID: "1000", backend: backend, skill: "video-compressor-for-discord-10mb", folder: folder.path,
            stem: id, format: "mp4", options: ExportOptions().json, startedAt: startedAt, account: account
        )
    }

    @Test func anAccountIsItsKindOfCredentialAndItsUser() {
        #expect(PendingExports.account(of: BackendSession(sessionID: "s", userID: "anon_12", isAnonymous: true)) == "anonymous:anon_12")
        #expect(PendingExports.account(of: BackendSession(sessionID: "s", userID: nil, isAnonymous: false)) == "account:")
    }

    @Test(
        arguments: [
            (nil, "anonymous:anon_1", true),  // written before accounts were noted
            ("anonymous:anon_1", "anonymous:anon_1", true),
            ("anonymous:anon_1", "anonymous:anon_2", false),  // a new starter token is another user
            ("anonymous:anon_1", "account:user_1", false),  // NEMO_TOKEN set since
            ("account:", "account:user_1", true),  // the server named no user then
            ("account:user_1", "account:", true),
            ("account:user_1", "account:user_2", false),
        ] as [(String?, String, Bool)])
    func aRenderBelongsToTheAccountThatStartedIt(recorded: String?, current: String, belongs: Bool) throws {
        let folder = try TemporaryFolder("pending")
        defer { folder.cleanUp() }
        #expect(Self.entry("render_1", account: recorded, folder: folder.url).belongs(to: current) == belongs)
    }

    /// The next start finishes the exports of the account in use and keeps the others, saying
    /// so, rather than asking the server for renders it would not know and dropping them.
    @Test func anotherAccountsExportIsKeptForIt() async throws {
        let folder = try TemporaryFolder("pending")
        defer { folder.cleanUp() }
        let backend = ScriptedBackend()
        let attribution = SkillAttribution(source: "video-compressor-for-discord-10mb", version: "1.0.0", platform: .unknown)
        let context = RequestContext(session: BackendSession(sessionID: "1000", userID: "anon_test", isAnonymous: true), attribution: attribution)
        _ = try await backend.startRender(RenderRequest(id: "render_mine", draft: Draft(), options: ExportOptions()), context: context)
        let pending = PendingExports(file: folder.url.appendingPathComponent("state/pending-exports.json"))
        try pending.add(Self.entry("render_theirs", account: "account:user_9", folder: folder.url))
        // An old starter token's render: that user will not come back.
        let eightDaysAgo = Date().addingTimeInterval(-8 * 24 * 3600)
        try pending.add(Self.entry("render_old", account: "anonymous:anon_gone", folder: folder.url, startedAt: eightDaysAgo))
        try pending.add(Self.entry("render_mine", account: "anonymous:anon_test", folder: folder.url))

        let output = CapturedOutput()
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [packageRoot.appendingPathComponent("Skills")]), environment: [:])
        let conversation = try Conversation(
            registry: registry, catalog: PluginCatalog(), backend: backend, output: output, initialSkill: "video-compressor-for-discord-10mb",
            options: ConversationOptions(outputDirectory: folder.url, pollInterval: .zero, pendingExports: pending),
            paths: PathDetector(currentDirectory: folder.url)
        )
        await conversation.start(greeting: false)

        #expect(output.text.contains("An export started under another account on scripted backend is kept until that account is used again."), "\(output.text)")
        #expect(output.text.contains("Forgot an export started over a week ago under another account on scripted backend; export it again if you still need it."), "\(output.text)")
        #expect(output.text.contains("Finishing an export left from before..."))
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("render_mine.mp4").path), "\(output.text)")
        #expect(pending.entries().map(\.renderID) == ["render_theirs"])
        #expect(!backend.calls.contains { $0.name == "poll" && $0.argument == "render_theirs" })
    }
}
