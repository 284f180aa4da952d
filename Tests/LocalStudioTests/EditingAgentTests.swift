import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

struct EditingAgentTests {
    static let sixtySeconds = Draft(
        tracks: [DraftTrack(kind: .video, segments: [DraftSegment(source: "media:abc", name: "clip.mp4", start: 0, inPoint: 0, duration: 60_000)])],
        duration: 60_000
    )

    static func respond(_ message: String, silent: Bool = false) -> AgentReply {
        EditingAgent(silentShare: silent ? 1 : 0).respond(to: message, draft: sixtySeconds, random: 0.5)
    }

    static func videoRange(_ draft: Draft) -> (inPoint: Int?, duration: Int?) {
        let segment = draft.tracks.first { $0.kind == .video }?.segments.first
        return (segment?.inPoint, segment?.duration)
    }

    @Test(arguments: [
        ("trim to the first 20 seconds", 0, 20_000),
        ("keep the first 0:15", 0, 15_000),
        ("trim it from 0:05 to 0:30", 5000, 25_000),
        ("trim it from 10s to 40s", 10_000, 30_000),
        ("cut the first 3 seconds", 3000, 57_000),
        ("remove the last 10 seconds", 0, 50_000),
        ("shorten it to 45 seconds", 0, 45_000),
        ("只保留前10秒", 0, 10_000),
    ])
    func trims(message: String, inPoint: Int, duration: Int) {
        let reply = Self.respond(message)
        #expect(reply.edited, "\(message)")
        let range = Self.videoRange(reply.draft)
        #expect(range.inPoint == inPoint && range.duration == duration, "\(message): \(range)")
    }

    /// "cut from 0:15 to 0:20" is said both ways, so it is asked, with the times as written.
    @Test func aBareCutOfARangeIsAsked() {
        let reply = Self.respond("cut from 0:15 to 0:20")
        #expect(!reply.edited)
        #expect(reply.draft == Self.sixtySeconds)
        let text = reply.steps.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
        #expect(text.contains("Keep 0:15 to 0:20 and drop the rest, or cut that part out?"), "\(text)")
        #expect(!text.contains("⟨"))
    }

    @Test(
        arguments: [
            ("compress this video under 10MB for Discord upload", 10_000_000),
            ("make it fit in 900 KB", 900_000),
            ("compress it for discord", 10_000_000),
            ("shrink for Nitro Basic", 50_000_000),
            ("压缩到8MB", 8_000_000),
        ] as [(String, Int)])
    func recordsSizeTargets(message: String, bytes: Int) {
        let reply = Self.respond(message)
        #expect(reply.draft.metadata["export"]?["target_size_bytes"]?.intValue == bytes, "\(message)")
        #expect(reply.steps.contains { if case .tool(let name, _, _) = $0 { return name == "set_export_target" } else { return false } })
    }

    @Test func addsTitlesWithTimesAndPosition() throws {
        let reply = Self.respond(#"add a title "GG" for 3 seconds at the top"#)
        let track = try #require(reply.draft.tracks.first { $0.kind == .text })
        #expect(track.role == "title")
        #expect(track.segments.first?.text == "GG")
        #expect(track.segments.first?.duration == 3000)
        #expect(track.segments.first?.position == "top")
        let ranged = Self.respond("add text 'Round 2' from 0:10 to 0:14")
        let segment = try #require(ranged.draft.tracks.first { $0.kind == .text }?.segments.first)
        #expect(segment.start == 10_000 && segment.duration == 4000 && segment.position == "bottom")
    }

    @Test func timesInTextRequestsDoNotTrim() {
        let reply = Self.respond(#"add a title "Intro" for the first 3 seconds"#)
        #expect(Self.videoRange(reply.draft).duration == 60_000)
    }

    @Test func volumeAndPresets() {
        #expect(Self.respond("mute it").draft.tracks[0].segments[0].volume == 0)
        #expect(Self.respond("set the volume to 40%").draft.tracks[0].segments[0].volume == 40)
        #expect(Self.respond("export 720p please").draft.metadata["export"]?["resolution"]?.stringValue == "720p")
        #expect(Self.respond("make it vertical").draft.metadata["export"]?["resolution"]?.stringValue == "vertical")
    }

    /// "mute 0:18 to 0:20" silences only that part: the clip is split at its ends, the pieces
    /// play in order from the same source, and the rest keeps its sound.
    @Test func mutesOnePartOnly() throws {
        let reply = Self.respond("there's a notification sound at 0:18 to 0:20, can you mute just that bit")
        let segments = try #require(reply.draft.tracks.first { $0.kind == .video }?.segments)
        #expect(segments.map(\.inPoint) == [0, 18_000, 20_000])
        #expect(segments.map(\.duration) == [18_000, 2_000, 40_000])
        #expect(segments.map(\.start) == [0, 18_000, 20_000])
        #expect(segments.map { $0.volume ?? 100 } == [100, 0, 100])
        let text = reply.steps.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
        #expect(text.contains("muted the original sound from 0:18 to 0:20"), "\(text)")
        // A later whole-video level still reaches every piece.
        var later = EditingAgent().respond(to: "set the volume to 40%", draft: reply.draft, random: 0.5).draft
        #expect(later.tracks[0].segments.map { $0.volume ?? 100 } == [40, 40, 40])
        // A part past the end changes nothing.
        later = EditingAgent().respond(to: "mute 1:30 to 1:40", draft: Self.sixtySeconds, random: 0.5).draft
        #expect(later.tracks[0].segments.count == 1 && later.tracks[0].segments[0].volume ?? 100 == 100)
    }

    @Test func silentTurnsStillEdit() {
        let reply = Self.respond("trim to the first 20 seconds", silent: true)
        #expect(reply.edited)
        #expect(!reply.steps.contains { if case .text = $0 { return true } else { return false } })
    }

    @Test func unknownRequestsListWhatItCanDo() throws {
        let reply = Self.respond("make it look like a Wes Anderson film")
        #expect(!reply.edited)
        guard case .text(let text) = try #require(reply.steps.first) else { Issue.record("no text"); return }
        #expect(text.contains("what I can do"))
        #expect(text.contains("Wes Anderson"), "the reply names what it did not understand")
        #expect(text.contains("trim"))
    }

    @Test func asksForAVideoFirst() throws {
        let reply = EditingAgent().respond(to: "trim to 10 seconds", draft: Draft())
        guard case .text(let text) = try #require(reply.steps.first) else { Issue.record("no text"); return }
        #expect(text.contains("no video"))
    }
}

struct EncodePlannerTests {
    @Test(
        arguments: [
            // 60 s of 1080p60 with sound into 10 MB: the frame rate goes before the frame size.
            (PlanInput(duration: 60, width: 1920, height: 1080, fps: 60, hasAudio: true, targetBytes: 10_000_000), 1920, 1080, 30.0, 96_000),
            // Short clip, roomy budget: full size and frame rate, best audio.
            (PlanInput(duration: 10, width: 1920, height: 1080, fps: 60, hasAudio: true, targetBytes: 25_000_000), 1920, 1080, 60.0, 128_000),
            // No sound: no audio bits at all.
            (PlanInput(duration: 30, width: 1080, height: 1920, fps: 30, hasAudio: false, targetBytes: 10_000_000), 1080, 1920, 30.0, 0),
            // Starved (about 260 kbit/s in all): small frame, mono audio.
            (PlanInput(duration: 120, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 4_000_000), 640, 360, 30.0, 48_000),
            // A preset caps the size.
            (PlanInput(duration: 10, width: 1920, height: 1080, fps: 30, hasAudio: true, resolution: "720p"), 1280, 720, 30.0, 160_000),
        ] as [(PlanInput, Int, Int, Double, Int)])
    func choosesFrameRateAndBitrates(input: PlanInput, width: Int, height: Int, fps: Double, audio: Int) throws {
        let plan = try EncodePlanner.plan(input)
        #expect(plan.width == width && plan.height == height, "\(plan.summary)")
        #expect(plan.fps == fps, "\(plan.summary)")
        #expect(plan.audioBitrate == audio, "\(plan.summary)")
        if let target = input.targetBytes, let video = plan.videoBitrate {
            let planned = Double(video + plan.audioBitrate) * input.duration / 8
            #expect(planned < Double(target), "the plan itself must leave room for the container")
        }
    }

    @Test func refusesTheImpossibleWithTheDurationThatFits() {
        #expect(throws: PlanError.self) {
            try EncodePlanner.plan(PlanInput(duration: 3 * 3600, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 1_000_000))
        }
        do {
            _ = try EncodePlanner.plan(PlanInput(duration: 3 * 3600, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 1_000_000))
        } catch {
            #expect(error.secondsThatFit > 30 && error.secondsThatFit < 120)
            #expect(error.description.contains("trimmed to about"))
        }
    }

    @Test func summaryReadsLikeThePlan() throws {
        let plan = try EncodePlanner.plan(PlanInput(duration: 60, width: 1920, height: 1080, fps: 60, hasAudio: true, targetBytes: 10_000_000))
        #expect(plan.summary.hasPrefix("60 s at 10 MB → 1920x1080 30 fps, 1.2 Mbit/s video, 96 kbit/s audio"))
    }
}

struct ContentDigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheStandardVectors(input: String, digest: String) {
        #expect(ContentDigest.hex(Data(input.utf8)) == digest)
    }

    /// A file is read in 1 MiB pieces; its digest is the digest of all its bytes at once.
    @Test func aFileHashesInPiecesToTheSameDigest() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: file) }
        let bytes = Data((0..<(3 << 20) + 807).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: file)
        #expect(try ContentDigest.hex(ofFile: file) == ContentDigest.hex(bytes))
        #expect(try ContentDigest.hex(ofFile: file).count == 64)
    }
}

struct EditingAgentMediaTests {
    static let draft = EditingAgentTests.sixtySeconds
    static let song = AgentAsset(hash: "f00d", filename: "lofi.mp3", kind: "audio", duration: 95)

    @Test func captionsFromGivenText() throws {
        let reply = EditingAgent().respond(to: "add captions: Welcome back to the stream. Today we try the hardest level in the game, wish me luck!", draft: Self.draft)
        let track = try #require(reply.draft.tracks.first { $0.role == "caption" })
        #expect(track.segments.count == 3)
        #expect(track.segments.allSatisfy { ($0.text ?? "").count <= CaptionLines.maximumCharacters })
        #expect(track.placedSegments.first?.start == 0 && track.placedSegments.last?.end == 60_000)
        #expect(TimelineSummary(reply.draft).entries.last?.text == "Captions: 3 lines (0-60s)")
        let chinese = EditingAgent().respond(to: "添加字幕：大家好。欢迎来到直播间。", draft: Self.draft)
        #expect(chinese.draft.tracks.first { $0.role == "caption" }?.segments.map(\.text) == ["大家好。", "欢迎来到直播间。"])
    }

    @Test func captionsWithoutWordsAskForThem() throws {
        let reply = EditingAgent().respond(to: "add captions", draft: Self.draft)
        guard case .text(let text) = try #require(reply.steps.last) else { Issue.record("no text"); return }
        #expect(text.contains(".srt"))
    }

    @Test func readsSubRip() {
        let srt = "1\r\n00:00:00,500 --> 00:00:02,000\r\nHello <i>there</i>\r\n\r\n2\r\n00:00:02,000 --> 00:00:04,250\r\nSecond line\r\nwraps\r\n"
        #expect(
            CaptionLines.fromSRT(srt) == [
                CaptionLines.Line(start: 500, end: 2000, text: "Hello there"),
                CaptionLines.Line(start: 2000, end: 4250, text: "Second line wraps"),
            ])
    }

    @Test func musicNeedsAnUploadAndTakesAVolume() throws {
        let without = EditingAgent().respond(to: "add background music at 30% volume", draft: Self.draft)
        #expect(!without.edited)
        let with = EditingAgent().respond(to: "add background music at 35% volume", draft: Self.draft, assets: [Self.song])
        let track = try #require(with.draft.tracks.first { $0.kind == .audio })
        #expect(track.role == "bgm" && track.segments.first?.volume == 35 && track.segments.first?.duration == 60_000)
        #expect(TimelineSummary(with.draft).entries.last?.text == "BGM: lofi (0-60s, 35%)")
        #expect(with.draft.tracks[0].segments[0].volume == nil, "the music's volume is not the clip's")
        let chinese = EditingAgent().respond(to: "加上背景音乐，音量20%", draft: Self.draft, assets: [Self.song])
        #expect(chinese.draft.tracks.first { $0.kind == .audio }?.segments.first?.volume == 20)
    }

    @Test(arguments: [("make it 9:16", "9:16", "pad"), ("crop it to 1:1 square", "1:1", "crop"), ("横屏16:9", "16:9", "pad")])
    func aspectRatios(message: String, ratio: String, fit: String) {
        let settings = EditingAgent().respond(to: message, draft: Self.draft).draft.metadata["export"]
        #expect(settings?["aspect"]?.stringValue == ratio && settings?["fit"]?.stringValue == fit)
    }

    @Test func plannerHonoursTheAspect() throws {
        let input = PlanInput(duration: 10, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 8_000_000, aspect: "9:16")
        let plan = try EncodePlanner.plan(input)
        #expect(plan.width == 1080 && plan.height == 1920)
        let square = try EncodePlanner.plan(PlanInput(duration: 10, width: 1920, height: 1080, fps: 30, hasAudio: false, aspect: "1:1"))
        #expect(square.width == 1080 && square.height == 1080)
    }
}

struct TextFittingTests {
    @Test func longLinesShrinkToTheWidth() {
        let vertical = RenderGraph.fontSize(characters: 26, width: 720, height: 1280, isTitle: false)
        #expect(Double(vertical) * 0.6 * 26 <= 720 * 0.92)
        let short = RenderGraph.fontSize(characters: 2, width: 1280, height: 720, isTitle: true)
        #expect(short == Int(720 * 0.12), "a short title keeps its preferred size")
    }
}

struct SizeTargetTests {
    @Test func impossibleTargetsAreRefusedBeforeEncoding() throws {
        let threeHours = Draft(tracks: [DraftTrack(kind: .video, segments: [DraftSegment(source: "media:x", name: "vod.mp4", start: 0, duration: 3 * 3_600_000)])])
        let reply = EditingAgent().respond(to: "compress it under 1MB", draft: threeHours)
        #expect(!reply.edited)
        guard case .text(let text) = try #require(reply.steps.first) else { Issue.record("no text"); return }
        #expect(text.contains("cannot fit in 1 MB") && text.contains("trimmed to about"))
        #expect(reply.draft.metadata["export"] == nil)
    }

    @Test func starvedPlansSuggestATrimFor720p() throws {
        let plan = try EncodePlanner.plan(PlanInput(duration: 600, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 10_000_000))
        let seconds = try #require(plan.secondsFor720p)
        #expect(seconds > 100 && seconds < 200)
        #expect(plan.summary.contains("trimmed to \(seconds) s it would stay 720p"))
        let roomy = try EncodePlanner.plan(PlanInput(duration: 30, width: 1920, height: 1080, fps: 30, hasAudio: true, targetBytes: 10_000_000))
        #expect(roomy.secondsFor720p == nil)
        #expect(roomy.preset == "medium")
        // 1080p60 at 10 MB a minute drops to 30 fps: still above 720p30's pixel rate, so medium.
        #expect(try EncodePlanner.plan(PlanInput(duration: 60, width: 1920, height: 1080, fps: 60, hasAudio: true, targetBytes: 10_000_000)).preset == "medium")
        // Small outputs search harder: 540p at 500 KB for 10 s.
        let small = try EncodePlanner.plan(PlanInput(duration: 10, width: 1920, height: 1080, fps: 60, hasAudio: true, targetBytes: 500_000))
        #expect(small.height <= 720 && small.preset == "slow", "\(small.summary)")
    }

    @Test(arguments: [("safe size for discord", 8_000_000), ("fit it under 25 MB", 25_000_000), ("压缩到 9.5MB", 9_500_000)] as [(String, Int)])
    func namedAndWrittenTargets(message: String, bytes: Int) {
        let reply = EditingAgent().respond(to: message, draft: EditingAgentTests.sixtySeconds)
        #expect(reply.draft.metadata["export"]?["target_size_bytes"]?.intValue == bytes, "\(message)")
    }
}

@Suite(.tags(.encodes), .skippable(.encodes)) struct SmallTargetEncodeTests {
    /// One real encode to a small target: never over it, and still recognisably the same picture.
    @Test func threeHundredKilobytesWithAMinimumSSIM() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("small-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await Clips.make("source.mp4", in: folder, seconds: 8, size: "1280x720")
        let backend = try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100)))
        let context = try await StudioRender.session(on: backend)
        _ = try await backend.upload([clip], context: context, progress: nil)
        let status = try await StudioRender.timeline(of: backend, context: context, targetBytes: 300_000)
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        let size = try #require(status.size)
        #expect(size <= 300_000 && size >= 270_000, "\(size) bytes: under the target, and using it")
        let report = try #require(status.message)
        let ssim = try #require(report.range(of: #"SSIM (\d\.\d+)"#, options: .regularExpression).flatMap { Double(report[$0].dropFirst(5)) })
        #expect(ssim >= 0.85, "\(report)")
    }
}

/// Captions stay editable: a line by its number, or a word wherever it is.
struct CaptionEditTests {
    static let draft = Draft(tracks: [
        DraftTrack(kind: .video, segments: [DraftSegment(source: "media:abc", name: "clip.mp4", start: 0, inPoint: 0, duration: 10_000)]),
        DraftTrack(
            kind: .text,
            segments: [
                DraftSegment(start: 0, duration: 2000, text: "the quick brwn fox"),
                DraftSegment(start: 2000, duration: 2000, text: "jumps over the brwn dog"),
            ], metadata: ["role": .string("caption")]),
    ])

    static func captions(_ draft: Draft) -> [String] {
        draft.tracks.first { $0.role == "caption" }?.segments.compactMap(\.text) ?? []
    }

    @Test func aLineByItsNumberAndAWordEverywhere() {
        let fixed = EditingAgent().respond(to: "fix caption 2: jumps over the lazy dog, twice", draft: Self.draft)
        #expect(Self.captions(fixed.draft) == ["the quick brwn fox", "jumps over the lazy dog, twice"])
        let replaced = EditingAgent().respond(to: "replace 'brwn' with 'brown'", draft: Self.draft)
        #expect(Self.captions(replaced.draft) == ["the quick brown fox", "jumps over the brown dog"])
        guard case .text(let text)? = replaced.steps.last else { Issue.record("no text"); return }
        #expect(text.contains("in 2 caption lines"), "\(text)")
    }

    @Test func aLineThatIsNotThereIsNamed() {
        let reply = EditingAgent().respond(to: "fix caption 7: hello", draft: Self.draft)
        #expect(!reply.edited)
        guard case .text(let text)? = reply.steps.last else { Issue.record("no text"); return }
        #expect(text.contains("no line 7"), "\(text)")
    }
}
