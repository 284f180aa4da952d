import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// Requests the parser reads, rendered for real: speed with its sound, a frame-rate cap, a cut
/// out of the middle, and text in a corner drawn as written.
@Suite(.tags(.encodes), .skippable(.encodes)) struct RequestRenderTests {
    typealias Studio_ = SharingEditsTests.Studio_

    func probe(_ file: URL, _ entries: String, stream: String? = nil) async throws -> String {
        var arguments = ["-v", "error"]
        if let stream { arguments += ["-select_streams", stream] }
        arguments += ["-show_entries", entries, "-of", "csv=p=0", file.path]
        let result = try await ProcessRunner.run(try #require(ProcessRunner.locate("ffprobe")), arguments)
        return String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func speedAndAFrameRateCap() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let clip = try await Clips.make("clip.mp4", in: studio.folder, seconds: 4)
        _ = try await studio.backend.upload([clip], context: studio.context, progress: nil)
        try await studio.say("speed it up 2x and cap it at 15 fps")
        let file = try await studio.render(name: "fast.mp4")
        let duration = try #require(Double(try await probe(file, "format=duration")))
        #expect(abs(duration - 2) < 0.25, "4 s at 2x: \(duration) s")
        #expect(try await probe(file, "stream=r_frame_rate", stream: "v:0") == "15/1")
        #expect(try await probe(file, "stream=codec_type", stream: "a:0") == "audio", "the sound is kept, retimed")
        let status = TimelineSummary(try await studio.backend.state(context: studio.context).draft).lines.last ?? ""
        #expect(status == "  Export: up to 15 fps, 2x speed", "status shows what the export will do: \(status)")
    }

    @Test func cuttingOutTheMiddleJoinsTheRest() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let clip = try await Clips.make("clip.mp4", in: studio.folder, seconds: 4)
        _ = try await studio.backend.upload([clip], context: studio.context, progress: nil)
        try await studio.say("cut out 0:01 to 0:02")
        let draft = try await studio.backend.state(context: studio.context).draft
        let video = try #require(draft.tracks.first { $0.kind == .video })
        #expect(video.placedSegments.map { [$0.segment.inPoint ?? 0, $0.start, $0.end] } == [[0, 0, 1000], [2000, 1000, 3000]])
        let duration = try #require(Double(try await probe(try await studio.render(name: "cut.mp4"), "format=duration")))
        #expect(abs(duration - 3) < 0.2, "\(duration)")
    }

    @Test func cornerTextIsDrawnAsWritten() async throws {
        let studio = try await Studio_()
        defer { studio.cleanUp() }
        let clip = try await Clips.make("clip.mp4", in: studio.folder, seconds: 2)
        _ = try await studio.backend.upload([clip], context: studio.context, progress: nil)
        let plain = try await studio.render(name: "plain.mp4")
        try await studio.say(#"put "50% off %{e:while(1,1)}" in the top right corner"#)
        let draft = try await studio.backend.state(context: studio.context).draft
        #expect(draft.tracks.first { $0.kind == .text }?.segments.first?.position == "top-right")
        // The %{…} is text, not an expression: the render finishes, with the text in its corner.
        let marked = try await studio.render(name: "marked.mp4")
        let corner = try await regionPSNR(marked, plain, crop: "iw/2:ih/4:iw/2:0", ffmpeg: studio.ffmpeg)
        let opposite = try await regionPSNR(marked, plain, crop: "iw/2:ih/4:0:ih*3/4", ffmpeg: studio.ffmpeg)
        #expect(corner < opposite - 6, "top right \(corner) dB, bottom left \(opposite) dB")
    }

    func regionPSNR(_ first: URL, _ second: URL, crop: String, ffmpeg: String) async throws -> Double {
        let result = try await ProcessRunner.run(
            ffmpeg,
            [
                "-hide_banner", "-nostats", "-ss", "1", "-i", first.path, "-ss", "1", "-i", second.path,
                "-filter_complex", "[0:v]crop=\(crop),format=yuv420p[a];[1:v]crop=\(crop),format=yuv420p[b];[a][b]psnr",
                "-frames:v", "1", "-f", "null", "-",
            ])
        guard let range = result.errorText.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else { return 0 }
        let value = result.errorText[range].dropFirst("average:".count)
        return value == "inf" ? 100 : Double(value) ?? 0
    }
}
