import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// The sharing skill's edits rendered for real: music at a volume, aspect ratios, text only
/// within its time, and a batch of two uploads.
@Suite(.tags(.encodes), .skippable(.encodes)) struct SharingEditsTests {
    /// A local studio with its own folder, a session, and helpers to chat, render and measure.
    final class Studio_: @unchecked Sendable {
        let folder: URL
        let backend: LocalStudioBackend
        let context: RequestContext
        let ffmpeg: String

        init() async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharing-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            backend = try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100), measuresPicture: false, x264Preset: "ultrafast"))
            let attribution = SkillAttribution(source: "video-ai-discord", version: "1.0.0", platform: .unknown)
            context = RequestContext(session: try await backend.connect(attribution: attribution), attribution: attribution)
            ffmpeg = try #require(ProcessRunner.locate("ffmpeg"))
        }

        func say(_ message: String) async throws {
            for try await _ in backend.chat(message, context: context) {}
        }

        func render(_ draft: Draft? = nil, name: String) async throws -> URL {
            var chosen = draft
            if chosen == nil { chosen = try await backend.state(context: context).draft }
            let draft = chosen ?? Draft()
            var status = try await backend.startRender(RenderRequest(id: RenderRequest.makeID(), draft: draft, options: ExportOptions()), context: context)
            while status.phase == .pending || status.phase == .processing {
                try await Task.sleep(for: .milliseconds(100))
                status = try await backend.renderStatus(id: status.id, context: context)
            }
            #expect(status.phase == .completed, "\(status.failureReason ?? "")")
            let output = folder.appendingPathComponent(name)
            _ = try await backend.download(status, to: output, context: context, progress: nil)
            return output
        }

        func meanVolume(_ file: URL) async throws -> Double {
            let result = try await ProcessRunner.run(ffmpeg, ["-hide_banner", "-i", file.path, "-af", "volumedetect", "-vn", "-f", "null", "-"])
            let line = try #require(result.errorText.split(separator: "\n").first { $0.contains("mean_volume") })
            return try #require(Double(line.split(separator: ":").last?.replacingOccurrences(of: " dB", with: "").trimmingCharacters(in: .whitespaces) ?? ""))
        }

        func dimensions(_ file: URL) async throws -> String {
            let probe = try await ProcessRunner.run(
                try #require(ProcessRunner.locate("ffprobe")),
                [
                    "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=s=x:p=0", file.path,
                ])
            return String(decoding: probe.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// PSNR between the centre of two files' frames at `time` (low where one has text).
        func centrePSNR(_ first: URL, _ second: URL, at time: Double) async throws -> Double {
            let result = try await ProcessRunner.run(
                ffmpeg,
                [
                    "-hide_banner", "-nostats", "-ss", String(time), "-i", first.path, "-ss", String(time), "-i", second.path,
                    "-filter_complex", "[0:v]crop=iw/2:ih/3:iw/4:ih/3,format=yuv420p[a];[1:v]crop=iw/2:ih/3:iw/4:ih/3,format=yuv420p[b];[a][b]psnr",
                    "-frames:v", "1", "-f", "null", "-",
                ])
            guard let range = result.errorText.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else { return 0 }
            let value = result.errorText[range].dropFirst("average:".count)
            return value == "inf" ? 100 : Double(value) ?? 0
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func musicLoudnessFollowsTheRequestedVolume() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let clip = try await Clips.make("silent.mp4", in: studio.folder, seconds: 3, audio: false)
        let song = studio.folder.appendingPathComponent("tune.m4a")
        _ = try await ProcessRunner.run(studio.ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=330:duration=5", "-c:a", "aac", song.path])
        _ = try await studio.backend.upload([clip, song], context: studio.context, progress: nil)

        try await studio.say("add background music at 10%")
        let quiet = try await studio.meanVolume(try await studio.render(name: "quiet.mp4"))
        try await studio.say("add background music at 80%")
        let loud = try await studio.meanVolume(try await studio.render(name: "loud.mp4"))
        // 80% against 10% is 20·log10(8) ≈ 18 dB louder.
        #expect(abs((loud - quiet) - 18.06) < 2.5, "10%: \(quiet) dB, 80%: \(loud) dB")
    }

    @Test(arguments: [("1:1", "360x360"), ("9:16", "360x640"), ("16:9", "640x360")])
    func aspectRatiosGiveTheirShape(_ ratio: String, _ expected: String) async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        // A portrait source for 16:9, a landscape one otherwise: each must change shape.
        let clip = try await Clips.make("clip.mp4", in: studio.folder, seconds: 2, size: ratio == "16:9" ? "360x640" : "640x360")
        _ = try await studio.backend.upload([clip], context: studio.context, progress: nil)
        try await studio.say("make it \(ratio)\(ratio == "1:1" ? " cropped" : "")")
        #expect(try await studio.dimensions(try await studio.render(name: "shaped.mp4")) == expected)
    }

    @Test func textShowsOnlyWithinItsTime() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let clip = try await Clips.make("clip.mp4", in: studio.folder, seconds: 4)
        _ = try await studio.backend.upload([clip], context: studio.context, progress: nil)
        let plain = try await studio.render(name: "plain.mp4")
        try await studio.say("add the text \"GAME NIGHT\" from 1 to 2 seconds in the center")
        let titled = try await studio.render(name: "titled.mp4")
        let inside = try await studio.centrePSNR(titled, plain, at: 1.5)
        let before = try await studio.centrePSNR(titled, plain, at: 0.4)
        let after = try await studio.centrePSNR(titled, plain, at: 3.0)
        #expect(inside < before - 6 && inside < after - 6, "text at 1.5 s: \(inside) dB; at 0.4 s: \(before) dB; at 3 s: \(after) dB")
    }

    @Test func aBatchOfTwoUploadsGivesTwoRendersNamedAfterTheirSources() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let first = try await Clips.make("intro.mp4", in: studio.folder, seconds: 2)
        let second = try await Clips.make("outro.mp4", in: studio.folder, seconds: 3)
        _ = try await studio.backend.upload([first, second], context: studio.context, progress: nil)
        try await studio.say("add the text \"GG\" from 1 to 4 seconds")
        let draft = try await studio.backend.state(context: studio.context).draft
        let items = draft.itemsBySource()
        try #require(items.count == 2)
        #expect(items.map { TimelineSummary($0).lines[1] } == ["  1. Video: intro.mp4 (0-2s)", "  1. Video: outro.mp4 (0-3s)"])
        // The text from 1 to 4 s spans the cut: 1-2 s of the first video, 0-2 s of the second.
        #expect(items[0].tracks.first { $0.kind == .text }?.placedSegments.map { [$0.start, $0.end] } == [[1000, 2000]])
        #expect(items[1].tracks.first { $0.kind == .text }?.placedSegments.map { [$0.start, $0.end] } == [[0, 2000]])
        var durations: [Double] = []
        for (index, item) in items.enumerated() {
            let file = try await studio.render(item, name: "item\(index).mp4")
            let probe = try await ProcessRunner.run(try #require(ProcessRunner.locate("ffprobe")), ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.path])
            durations.append(Double(String(decoding: probe.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        }
        #expect(abs(durations[0] - 2) < 0.2 && abs(durations[1] - 3) < 0.2, "\(durations)")
    }
}
