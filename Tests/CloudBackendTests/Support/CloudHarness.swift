import Foundation
import SkillKit
import SkillShellTestSupport

@testable import CloudBackend

/// A conversation over the shipped skills and a ``CloudBackend`` pointed at `base`, with a
/// private credentials folder and output folder.
final class CloudHarness: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let output = CapturedOutput()
    let backend: CloudBackend
    let conversation: Conversation
    let pending: PendingExports

    var outputFolder: URL { folder.appendingPathComponent("out") }
    var credentials: CredentialStore { backend.configuration.credentials }

    init(
        base: URL, environmentToken: String? = nil, skill: String = "video-compressor-for-discord-10mb",
        extraSkills: URL? = nil, configure: (inout CloudConfiguration) -> Void = { _ in },
        tune: (inout ConversationOptions) -> Void = { _ in }
    ) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cloud-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        var configuration = CloudConfiguration(
            apiBase: base, environmentToken: environmentToken,
            credentials: CredentialStore(folder: folder.appendingPathComponent("config/nemovideo")),
            rateLimitWait: .milliseconds(300),
            apiTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: .seconds(20)),
            streamTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: .seconds(60)),
            transferTimeouts: TransferTimeouts(connect: .seconds(3), idle: .seconds(5), total: nil)
        )
        configure(&configuration)
        backend = CloudBackend(configuration: configuration)
        pending = PendingExports(file: folder.appendingPathComponent("state/pending-exports.json"))
        let skillFolders = [extraSkills, Self.packageRoot.appendingPathComponent("Skills")].compactMap { $0 }
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: skillFolders), environment: [:])
        var options = ConversationOptions(
            outputDirectory: folder.appendingPathComponent("out"), pollInterval: .milliseconds(100),
            stillWorkingInterval: .seconds(30), pendingExports: pending
        )
        // A lost stream is watched on nemo-video 1.9's schedule, shortened for tests.
        options.recovery = RecoverySchedule(firstWait: .milliseconds(100), interval: .milliseconds(100), unchangedReads: 5)
        tune(&options)
        conversation = try Conversation(
            registry: registry, catalog: PluginCatalog(), backend: backend, output: output, initialSkill: skill,
            options: options, paths: PathDetector(currentDirectory: folder)
        )
    }

    /// Runs each line as the REPL would.
    @discardableResult
    func run(_ lines: String...) async -> [TurnOutcome] {
        var outcomes: [TurnOutcome] = []
        for line in lines { outcomes.append(await conversation.handle(line)) }
        return outcomes
    }

    /// Every line the user saw, errors included.
    var text: String { output.text }

    var savedFiles: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: outputFolder, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }
}
