import Foundation
import SkillKitTesting
import Testing

@testable import SkillKit

/// Builds a conversation over the shipped skills and a scripted backend, output captured.
struct Harness {
    let backend: ScriptedBackend
    let output = CapturedOutput()
    let conversation: Conversation
    let folder: TemporaryFolder

    init(turns: [ScriptedTurn] = [], draft: Draft = Draft(), skill: String? = "video-compressor-for-discord-10mb", environment: [String: String] = [:]) throws {
        folder = try TemporaryFolder("conversation")
        backend = ScriptedBackend(turns: turns, draft: draft)
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [packageRoot.appendingPathComponent("Skills")]), environment: environment)
        conversation = try Conversation(
            registry: registry, catalog: PluginCatalog(), backend: backend, output: output, initialSkill: skill,
            options: ConversationOptions(outputDirectory: folder.url, pollInterval: .zero, stillWorkingInterval: .milliseconds(200)),
            paths: PathDetector(currentDirectory: folder.url)
        )
    }

    func run(_ lines: String...) async -> [TurnOutcome] {
        var outcomes: [TurnOutcome] = []
        for line in lines { outcomes.append(await conversation.handle(line)) }
        return outcomes
    }

    /// A small file with an accepted extension, to upload.
    func clip(_ name: String = "clip.mp4") throws -> URL {
        try folder.write(name, isoMediaStandIn)
    }
}

struct ConversationTests {
    @Test func switchingSkillsKeepsTheSessionAndChangesAttribution() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        await harness.conversation.start()
        let session = await harness.conversation.session
        #expect(await harness.run("/skill video-ai-discord", "credits", "/skill video-compressor-for-discord-10mb", "status") == [.completed, .completed, .completed, .completed])
        #expect(await harness.conversation.session == session)
        let calls = harness.backend.calls
        #expect(calls.filter { $0.name == "connect" }.count == 1)
        #expect(calls.first { $0.name == "credits" }?.attribution?.source == "video-ai-discord")
        #expect(calls.first { $0.name == "state" }?.attribution?.source == "video-compressor-for-discord-10mb")
        #expect(Set(calls.compactMap(\.sessionID)) == [session?.sessionID])
        let text = harness.output.text
        #expect(text.contains("Switched to video-ai-discord"))
        #expect(text.contains("Bring a clip and tell me how it should look"))
        #expect(text.contains("Give me a video and I'll get it under Discord's upload limit"))
    }

    @Test func unknownSkillNamesTheInstalledOnes() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        #expect(await harness.run("/skill video-ai") == [.failed])
        #expect(harness.output.text.contains("No skill named 'video-ai'. Installed: video-ai-discord, video-compressor-for-discord-10mb."))
    }

    @Test func streamsTranslatedTextAndRunsTheActions() async throws {
        let harness = try Harness(turns: [ScriptedTurn(text: "Trimmed it. Preview it in the timeline, then click Export.")])
        defer { harness.folder.cleanUp() }
        _ = await harness.run(try harness.clip().path)
        #expect(await harness.run("trim to 10 seconds") == [.completed])
        let text = harness.output.text
        #expect(text.contains("Trimmed it. Here is the timeline. Starting the export now."))
        #expect(!text.lowercased().contains("click"))
        #expect(text.contains("Timeline (1 track):"))
        #expect(harness.backend.calls.contains { $0.name == "render" })
        #expect(FileManager.default.fileExists(atPath: harness.folder.url.appendingPathComponent("clip-discord.mp4").path))
    }

    @Test func silentTurnsAreSummarisedFromTheStateDiff() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        _ = await harness.run(try harness.clip().path)
        var edited = harness.backend.currentDraft
        edited.tracks.append(DraftTrack(kind: .text, segments: [DraftSegment(start: 0, duration: 3000, text: "GG")]))
        harness.backend.enqueue(ScriptedTurn(events: [.toolCall(name: "add_text"), .heartbeat, .toolResult(name: "add_text")], draftAfter: edited))
        #expect(await harness.run("add a title GG") == [.completed])
        #expect(harness.output.messages.contains(.info(#"Added a text track: "GG" (0-3s)."#)))
    }

    @Test func compoundRequestChatsThenExports() async throws {
        let harness = try Harness(turns: [ScriptedTurn(text: "Trimmed and captioned.")], skill: "video-ai-discord")
        defer { harness.folder.cleanUp() }
        _ = await harness.run(try harness.clip().path)
        #expect(await harness.run("trim the clip, add captions, and export it ready to share in Discord") == [.completed])
        #expect(harness.backend.chatMessages.count == 1)
        #expect(harness.backend.chatMessages[0].hasPrefix("trim the clip, add captions"))
        let render = try #require(harness.backend.calls.first { $0.name == "render" })
        #expect(render.argument.contains(#""resolution":"1080p""#))
    }

    @Test func exportHonoursTheSizeTheAgentRecorded() async throws {
        let draft = Draft(
            tracks: [DraftTrack(kind: .video, segments: [DraftSegment(name: "clip.mp4", start: 0, duration: 10_000)])],
            metadata: ["export": .object(["target_size_bytes": .number(2_000_000)])]
        )
        let harness = try Harness(draft: draft)
        defer { harness.folder.cleanUp() }
        _ = await harness.run("export")
        let render = try #require(harness.backend.calls.first { $0.name == "render" })
        #expect(render.argument.contains(#""target_size_bytes":2000000"#))
        _ = await harness.run("export 8MB")
        let second = try #require(harness.backend.calls.last { $0.name == "render" })
        #expect(second.argument.contains(#""target_size_bytes":8000000"#))
    }

    @Test func severalVideosExportOneFileEachWhenAskedAndJoinedOtherwise() async throws {
        let draft = Draft(tracks: [
            DraftTrack(
                kind: .video,
                segments: [
                    DraftSegment(source: "media:a", name: "intro.mp4", duration: 2000),
                    DraftSegment(source: "media:b", name: "outro.mp4", duration: 3000),
                ])
        ])
        let harness = try Harness(draft: draft)
        defer { harness.folder.cleanUp() }
        #expect(await harness.run("export each video separately") == [.completed])
        let renders = harness.backend.calls.filter { $0.name == "render" }
        #expect(renders.count == 2)
        #expect(Set(harness.backend.calls.filter { $0.name == "poll" }.map(\.argument)).count == 2, "each render has its own id")
        for name in ["intro-discord.mp4", "outro-discord.mp4"] {
            #expect(FileManager.default.fileExists(atPath: harness.folder.url.appendingPathComponent(name).path), "\(name)")
        }
        let text = harness.output.text
        #expect(text.contains("Exporting 2 videos, one file each"))
        #expect(text.contains("[1/2] intro.mp4") && text.contains("[2/2] outro.mp4"))

        // Without the word, this skill joins them.
        #expect(await harness.run("export") == [.completed])
        #expect(harness.backend.calls.filter { $0.name == "render" }.count == 3)
        #expect(FileManager.default.fileExists(atPath: harness.folder.url.appendingPathComponent("intro-discord (2).mp4").path))
    }

    @Test func exportsNeverOverwrite() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        let existing = try harness.folder.write("clip-discord.mp4", "the user's own file")
        _ = await harness.run(try harness.clip().path)
        #expect(await harness.run("export", "export") == [.completed, .completed])
        #expect(try String(contentsOf: existing, encoding: .utf8) == "the user's own file")
        for name in ["clip-discord (2).mp4", "clip-discord (3).mp4"] {
            #expect(FileManager.default.fileExists(atPath: harness.folder.url.appendingPathComponent(name).path))
        }
    }

    @Test func nothingToExportIsOneClearSentence() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        #expect(await harness.run("export") == [.failed])
        #expect(harness.output.messages.contains(.error(BackendError.nothingToExport.description)))
        #expect(await harness.run("credits") == [.completed])
    }

    @Test func badUploadsAreNamedAndGoodOnesStillGo() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        let good = try harness.clip()
        let empty = try harness.folder.write("empty.mp4", "")
        let text = try harness.folder.write("notes.txt", "hello")
        let missing = harness.folder.url.appendingPathComponent("missing.mp4").path
        let line = "upload \(good.path) \(empty.path) \(text.path) \(missing) \(harness.folder.url.path)/"
        #expect(await harness.run(line) == [.failed])
        let errors = harness.output.messages.compactMap { if case .error(let text) = $0 { return text } else { return nil } }
        #expect(errors.count == 4)
        #expect(errors.contains { $0.contains("empty (0 bytes)") })
        #expect(errors.contains { $0.contains("is a folder, not a file") })
        #expect(errors.contains { $0.contains("notes.txt is not a supported file") })
        #expect(errors.contains { $0.contains("There is no file at") })
        #expect(harness.backend.calls.filter { $0.name == "upload" }.map(\.argument) == ["clip.mp4"])
    }

    @Test func failedRenderSaysWhy() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        harness.backend.renderFailure = "ffmpeg ran out of disk"
        _ = await harness.run(try harness.clip().path)
        #expect(await harness.run("export") == [.failed])
        #expect(harness.output.text.contains("The render failed: ffmpeg ran out of disk"))
    }

    @Test func agentFailureInsideTheStream() async throws {
        let harness = try Harness(turns: [ScriptedTurn(events: [.text("Working on it. "), .failure("model overloaded")])])
        defer { harness.folder.cleanUp() }
        #expect(await harness.run("make it pop") == [.failed])
        #expect(harness.output.text.contains("The agent reported a problem: model overloaded"))
    }

    @Test func saysStillWorkingDuringLongSilences() async throws {
        let slow = ScriptedTurn(events: [.heartbeat, .heartbeat, .text("Done.")], delayBetweenEvents: .milliseconds(350))
        let harness = try Harness(turns: [slow])
        defer { harness.folder.cleanUp() }
        _ = await harness.run("stabilise it")
        #expect(harness.output.messages.contains(.warning("⏳ Still working...")))
    }

    @Test func cancellingATurnReturnsToThePrompt() async throws {
        let slow = ScriptedTurn(events: Array(repeating: .heartbeat, count: 50), delayBetweenEvents: .milliseconds(100))
        let harness = try Harness(turns: [slow])
        defer { harness.folder.cleanUp() }
        let turn = Task { await harness.conversation.handle("do something slow") }
        try await Task.sleep(for: .milliseconds(250))
        turn.cancel()
        #expect(await turn.value == .cancelled)
        #expect(await harness.run("credits") == [.completed])
    }

    @Test func connectionFailureIsReportedAndRetriedLater() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        harness.backend.connectFailure = .network(what: "Connecting to the local studio", hint: "try again.")
        await harness.conversation.start()
        #expect(harness.output.text.contains("Connecting to the local studio failed; try again."))
        harness.backend.connectFailure = nil
        #expect(await harness.run("credits") == [.completed])
    }

    @Test func helpListsCommandsAndExamples() async throws {
        let harness = try Harness(skill: "video-ai-discord")
        defer { harness.folder.cleanUp() }
        _ = await harness.run("/help")
        let text = harness.output.text
        for command in SlashCommand.all { #expect(text.contains(command.name)) }
        #expect(text.contains("trim the clip, add captions, and export it ready to share in Discord"))
    }
}

/// `export captions`: the caption lines as a SubRip file beside the video, never over a file
/// that is there.
struct CaptionExportTests {
    static let draft = Draft(tracks: [
        DraftTrack(kind: .video, segments: [DraftSegment(source: "media:abc", name: "launch.mp4", start: 0, duration: 10_000)]),
        DraftTrack(
            kind: .text,
            segments: [
                DraftSegment(start: 2000, duration: 2500, text: "Welcome to the launch."),
                DraftSegment(start: 62_500, duration: 1000, text: "Thanks for watching."),
            ], metadata: ["role": .string("caption")]),
    ])

    @Test func captionsAreSavedAsSubRip() async throws {
        let harness = try Harness(draft: Self.draft)
        defer { harness.folder.cleanUp() }
        try harness.folder.write("launch-discord.srt", "mine")
        _ = await harness.run("export captions")
        let saved = harness.folder.url.appendingPathComponent("launch-discord (2).srt")
        let text = try String(contentsOf: saved, encoding: .utf8)
        #expect(text == "1\n00:00:02,000 --> 00:00:04,500\nWelcome to the launch.\n\n2\n00:01:02,500 --> 00:01:03,500\nThanks for watching.\n")
        #expect(try String(contentsOf: harness.folder.url.appendingPathComponent("launch-discord.srt"), encoding: .utf8) == "mine", "the file there is kept")
        #expect(!harness.backend.calls.contains { $0.name == "render" }, "nothing is rendered")
        _ = await harness.run("/export captions")
        #expect(FileManager.default.fileExists(atPath: harness.folder.url.appendingPathComponent("launch-discord (3).srt").path))
    }

    @Test func withoutCaptionsItSaysSo() async throws {
        let harness = try Harness(draft: Draft(tracks: [Self.draft.tracks[0]]))
        defer { harness.folder.cleanUp() }
        _ = await harness.run("export subtitles")
        #expect(harness.output.text.contains("There are no captions to export yet"), "\(harness.output.text)")
    }

    @Test func routing() {
        let router = IntentRouter(paths: PathDetector(fileExists: { _ in false }))
        #expect(router.route("export captions") == [.export(ExportRequest(captions: true))])
        #expect(router.route("导出字幕") == [.export(ExportRequest(captions: true))])
        #expect(router.route("export it with captions") != [.export(ExportRequest(captions: true))], "a video with captions, not the captions alone")
    }
}
