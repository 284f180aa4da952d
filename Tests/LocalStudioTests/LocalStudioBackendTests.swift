import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// A private copy of a shared test clip (testsrc2 at 30 fps, a 440 Hz tone unless `audio` is off).
enum Clips {
    static func make(_ name: String, in folder: URL, seconds: Int = 4, size: String = "640x360", audio: Bool = true) async throws -> URL {
        let sides = size.split(separator: "x").compactMap { Int($0) }
        let spec = ClipSpec(width: sides.first ?? 640, height: sides.last ?? 360, fps: 30, seconds: Double(seconds), tone: audio ? 440 : nil)
        return try await TestClips.copy(spec, to: folder.appendingPathComponent(name))
    }
}

/// The steps render tests share: a session on a studio, and its timeline rendered to a target,
/// polled until the render ends.
enum StudioRender {
    static func session(on backend: LocalStudioBackend, source: String = "test") async throws -> RequestContext {
        let attribution = SkillAttribution(source: source, version: "1", platform: .unknown)
        return RequestContext(session: try await backend.connect(attribution: attribution), attribution: attribution)
    }

    static func timeline(of backend: LocalStudioBackend, context: RequestContext, targetBytes: Int64) async throws -> RenderStatus {
        let draft = try await backend.state(context: context).draft
        var status = try await backend.startRender(RenderRequest(id: RenderRequest.makeID(), draft: draft, options: ExportOptions(targetBytes: targetBytes)), context: context)
        while status.phase == .pending || status.phase == .processing {
            try await Task.sleep(for: .milliseconds(100))
            status = try await backend.renderStatus(id: status.id, context: context)
        }
        return status
    }
}

@Suite(.tags(.encodes), .skippable(.encodes)) struct LocalStudioBackendTests {
    @Test func uploadsEditsRendersAndDownloadsUnderTheTarget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("studio-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await Clips.make("clip.mp4", in: folder, seconds: 6)

        let backend = try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100), measuresPicture: false, x264Preset: "ultrafast"))
        let attribution = SkillAttribution(source: "test", version: "1", platform: .unknown)
        let session = try await backend.connect(attribution: attribution)
        let context = RequestContext(session: session, attribution: attribution)

        let uploaded = try await backend.upload([clip], context: context, progress: nil)
        #expect(uploaded.first?.width == 640 && uploaded.first?.height == 360)
        #expect(uploaded.first?.hash?.count == 64)

        var texts: [String] = []
        for try await event in backend.chat(#"trim to the first 4 seconds and add a title "GG" for 2 seconds"#, context: context) {
            if case .text(let text) = event { texts.append(text) }
        }
        #expect(texts.joined().contains("trimmed"))
        let state = try await backend.state(context: context)
        #expect(TimelineSummary(state.draft).oneLine == #"Timeline (2 tracks): 1. Video: clip.mp4 (0-4s) 2. Title: "GG" (0-2s)"#)

        var status = try await backend.startRender(RenderRequest(id: RenderRequest.makeID(), draft: state.draft, options: ExportOptions(targetBytes: 300_000)), context: context)
        let deadline = ContinuousClock.now + .seconds(120)
        while status.phase == .pending || status.phase == .processing, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            status = try await backend.renderStatus(id: status.id, context: context)
        }
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        let output = folder.appendingPathComponent("out.mp4")
        let bytes = try await backend.download(status, to: output, context: context, progress: nil)
        #expect(bytes > 100_000 && bytes <= 300_000)
        #expect(status.message?.contains("% of 300 KB") == true)

        // Never overwrite: a second download to the same name is refused.
        await #expect(throws: BackendError.self) {
            try await backend.download(status, to: output, context: context, progress: nil)
        }
    }
}

@Suite(.tags(.encodes), .skippable(.encodes)) struct LocalStudioEditRenderTests {
    @Test func musicSubtitlesAndAspectRenderForReal() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("edits-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ffmpeg = try #require(ProcessRunner.locate("ffmpeg"))
        let clip = try await Clips.make("silent.mp4", in: folder, seconds: 4, audio: false)
        let song = folder.appendingPathComponent("tune.m4a")
        _ = try await ProcessRunner.run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=523:duration=1.5", "-c:a", "aac", song.path])
        let subtitles = folder.appendingPathComponent("words.srt")
        try Data("1\n00:00:00,000 --> 00:00:02,000\nFirst line\n\n2\n00:00:02,000 --> 00:00:04,000\nSecond line\n".utf8).write(to: subtitles)

        let backend = try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100), measuresPicture: false, x264Preset: "ultrafast"))
        let attribution = SkillAttribution(source: "test", version: "1", platform: .unknown)
        let context = RequestContext(session: try await backend.connect(attribution: attribution), attribution: attribution)
        _ = try await backend.upload([clip, song, subtitles], context: context, progress: nil)
        for try await _ in backend.chat("make it 9:16 and add background music at 50%", context: context) {}

        let state = try await backend.state(context: context)
        #expect(
            TimelineSummary(state.draft).lines == [
                "Timeline (3 tracks):", "  1. Video: silent.mp4 (0-4s)", "  2. Captions: 2 lines (0-4s)", "  3. BGM: tune (0-4s, 50%)",
                "  Export: 9:16 padded",
            ])
        var status = try await backend.startRender(RenderRequest(id: RenderRequest.makeID(), draft: state.draft, options: ExportOptions()), context: context)
        while status.phase == .pending || status.phase == .processing {
            try await Task.sleep(for: .milliseconds(200))
            status = try await backend.renderStatus(id: status.id, context: context)
        }
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        let output = folder.appendingPathComponent("out.mp4")
        _ = try await backend.download(status, to: output, context: context, progress: nil)

        let probe = try await ProcessRunner.run(
            try #require(ProcessRunner.locate("ffprobe")),
            [
                "-v", "error", "-show_entries", "stream=codec_type,width,height:format=duration", "-of", "csv=p=0", output.path,
            ])
        let text = String(decoding: probe.standardOutput, as: UTF8.self)
        #expect(text.contains("video,360,640"), "\(text)")
        #expect(text.contains("audio"), "the music gives a silent clip a soundtrack: \(text)")
        let loudness = try await ProcessRunner.run(ffmpeg, ["-hide_banner", "-i", output.path, "-af", "volumedetect", "-vn", "-f", "null", "-"])
        let mean = loudness.errorText.split(separator: "\n").first { $0.contains("mean_volume") }
            .flatMap { Double($0.split(separator: ":").last?.replacingOccurrences(of: " dB", with: "").trimmingCharacters(in: .whitespaces) ?? "") }
        #expect((mean ?? -99) > -40, "music is audible: \(mean ?? -99) dB")
    }
}

/// A phone's portrait video is stored as landscape frames with a quarter turn to apply.
@Suite(.tags(.encodes), .skippable(.encodes)) struct RotatedVideoTests {
    @Test func aQuarterTurnedClipIsPlannedAndRenderedUpright() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("turned-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stored = try await Clips.make("stored.mp4", in: folder, seconds: 2, size: "320x240")
        let clip = folder.appendingPathComponent("phone.mp4")
        try await Tool.ffmpeg(["-i", stored.path, "-c", "copy", "-metadata:s:v:0", "rotate=90", clip.path])

        let backend = try await LocalStudioBackend.open(
            StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100), measuresPicture: TestEncoding.measuresPicture, x264Preset: TestEncoding.x264Preset))
        let context = try await StudioRender.session(on: backend)
        let uploaded = try await backend.upload([clip], context: context, progress: nil)
        #expect(uploaded.first?.width == 240 && uploaded.first?.height == 320, "the size as it plays: \(String(describing: uploaded.first))")

        let status = try await StudioRender.timeline(of: backend, context: context, targetBytes: 200_000)
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        #expect(status.message?.contains("240x320") == true, "portrait, not a portrait picture inside a landscape frame: \(status.message ?? "")")
    }
}
