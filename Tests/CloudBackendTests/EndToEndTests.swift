import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import CloudBackend

/// The whole conversation through libcurl against the local studio served over HTTP.
@Suite(.serialized, .tags(.network, .encodes), .skippable(.encodes)) struct EndToEndTests {
    @Test func aNewUserCompressesAVideoThroughTheContract() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        let clip = try await TestClips.copy(.small, to: harness.folder.appendingPathComponent("clip.mp4"))

        await harness.conversation.start()
        let outcomes = await harness.run(
            "credits", clip.path, "compress this video under 1MB for Discord upload", "status", "export", "credits"
        )
        let text = harness.text
        #expect(outcomes.allSatisfy { $0 == .completed }, "\(text)")
        #expect(text.contains("Connecting...\nReady."))
        #expect(text.contains("Credits: 100 available."))
        #expect(text.contains("✓ Uploaded clip.mp4 (3s, 320x240, 25 fps)."))
        #expect(text.contains("under 1 MB"), "the agent's streamed answer is shown")
        #expect(text.contains("Timeline (1 track):\n  1. Video: clip.mp4 (0-3s)"))
        #expect(text.contains("Credits: 99 available."), "one chat turn cost one credit")

        // Streamed: the answer arrived as text events, not as one block after the fact.
        let streamed = harness.output.messages.filter { if case .agentText = $0 { return true } else { return false } }
        #expect(!streamed.isEmpty)

        let saved = harness.savedFiles
        try #require(saved.count == 1, "\(text)")
        #expect(saved[0].lastPathComponent == "clip-discord.mp4")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: saved[0].path)[.size] as? NSNumber).int64Value
        #expect(size > 100_000 && size <= 1_000_000)
        #expect(text.contains("✓ Saved \(saved[0].path)"))
        #expect(harness.pending.entries().isEmpty, "the render id is forgotten once the file is saved")

        // The starter token was kept privately for the next start, and never shown.
        let cached = try #require(harness.credentials.token(for: server.base))
        #expect(!text.contains(cached.token))
        let mode = try FileManager.default.attributesOfItem(atPath: harness.credentials.tokenFile.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func aTurnWithoutWordsIsSummarisedFromTheStateDiff() async throws {
        let server = try await RunningServer.start(silentShare: 1)
        defer { server.stop() }
        let harness = try CloudHarness(base: server.base)
        defer { harness.cleanUp() }
        let clip = try await TestClips.copy(.small, to: harness.folder.appendingPathComponent("clip.mp4"))

        await harness.run(clip.path, "add the title \"Launch Day\"")
        let text = harness.text
        let agentWords = harness.output.messages.filter { if case .agentText = $0 { return true } else { return false } }
        #expect(agentWords.isEmpty, "the local studio was told to answer edits silently")
        #expect(text.contains("Added a title track: \"Launch Day\" (0-3s)."), "\(text)")
    }

    @Test func aSecondStartReusesTheCachedTokenAndClientID() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let first = try CloudHarness(base: server.base)
        defer { first.cleanUp() }
        await first.run("credits")
        let token = try #require(first.credentials.token(for: server.base))
        let clientID = try first.credentials.clientID()

        // A second backend on the same credentials folder: same token, same account.
        let again = CloudBackend(configuration: CloudConfiguration(apiBase: server.base, credentials: first.credentials))
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [CloudHarness.packageRoot.appendingPathComponent("Skills")]), environment: [:])
        let attribution = try #require(registry.skills.first).attribution
        let session = try await again.connect(attribution: attribution)
        #expect(session.isAnonymous)
        #expect(first.credentials.token(for: server.base) == token)
        #expect(try first.credentials.clientID() == clientID)
    }
}
