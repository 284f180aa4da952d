import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// Where the sampled quality report looks, checked without encoding anything.
struct SampleWindowTests {
    @Test func windowsStartOnOutputKeyframesSpreadOverTheClip() {
        let output = stride(from: 0.0, to: 60, by: 8.0).map { $0 }
        let source = stride(from: 0.0, to: 60, by: 4.0).map { $0 }
        let windows = SampleWindows.choose(duration: 60, outputKeyframes: output, sourceKeyframes: source, count: 6, length: 1, frame: 1.0 / 60)
        #expect(windows.count >= 5)
        for window in windows {
            #expect(output.contains(window.start), "\(window.start) is an output keyframe")
            #expect(window.start + window.length <= 60)
            #expect(window.sourceKeyframe == window.start, "every 8 s is also a source keyframe")
        }
        let starts = windows.map(\.start)
        #expect(starts == starts.sorted())
        #expect(Set(starts.map { Int($0 / 10) }).count == starts.count, "at most one window in each sixth of the clip")
    }

    @Test func aKeyframeTheSourceSharesIsPreferred() {
        // In 0..<10 the output has keyframes at 4 and 6; only 6 is a source keyframe, so the
        // source is opened there without decoding anything to throw away.
        let windows = SampleWindows.choose(duration: 10, outputKeyframes: [0, 4, 6], sourceKeyframes: [0, 6.01], count: 1, length: 1, frame: 1.0 / 30)
        #expect(windows == [SampleWindow(start: 6, length: 1, sourceKeyframe: 6.01)])
        // Without a shared keyframe, the one the source reaches soonest from its keyframe before
        // wins, and the source is decoded from there.
        let apart = SampleWindows.choose(duration: 10, outputKeyframes: [2, 4, 8], sourceKeyframes: [1.5], count: 1, length: 1, frame: 1.0 / 30)
        #expect(apart == [SampleWindow(start: 2, length: 1, sourceKeyframe: nil)])
    }

    @Test func randomKeyframeLayoutsKeepTheRules() {
        var random = SplitMix64(seed: 20)
        for _ in 0..<300 {
            let duration = Double.random(in: 0.5...600, using: &random)
            let gop = Double.random(in: 0.2...12, using: &random)
            let output = stride(from: 0, to: duration, by: gop).map { $0 }
            let source = (0..<Int.random(in: 1...80, using: &random)).map { _ in Double.random(in: 0...duration, using: &random) } + [0]
            let count = Int.random(in: 1...10, using: &random)
            let windows = SampleWindows.choose(duration: duration, outputKeyframes: output, sourceKeyframes: source, count: count, length: 1, frame: 1.0 / 30)
            #expect(!windows.isEmpty && windows.count <= count)
            for (index, window) in windows.enumerated() {
                #expect(window.start >= 0 && window.start + window.length <= duration + 0.02)
                #expect(output.contains(window.start) || window.start == 0)
                if let keyframe = window.sourceKeyframe { #expect(abs(keyframe - window.start) <= 1.0 / 60 + 1e-9) }
                if index > 0 { #expect(window.start >= windows[index - 1].start + window.length - 1e-9, "windows never overlap") }
            }
        }
    }
}

/// The comparison itself, on real encodes: frames line up in time, and a sample scores what
/// the whole clip scores.
@Suite(.tags(.encodes), .skippable(.encodes)) struct PictureComparisonTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("picture-\(UUID().uuidString.prefix(8))")

    var comparison: PictureComparison {
        get throws {
            PictureComparison(ffmpeg: try #require(ProcessRunner.locate("ffmpeg")), ffprobe: try #require(ProcessRunner.locate("ffprobe")))
        }
    }

    /// A moving pattern with a keyframe every half second, so misaligned frames would score badly.
    func source(rate: Int) async throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("source-\(rate).mp4")
        try await Tool.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=\(rate)", "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12",
            "-g", "\(rate / 2)", "-pix_fmt", "yuv420p", file.path,
        ])
        return file
    }

    func encode(_ source: URL, rate: Int, bitrate: String, named name: String) async throws -> URL {
        let file = folder.appendingPathComponent(name)
        try await Tool.ffmpeg(["-i", source.path, "-vf", "fps=\(rate)", "-c:v", "libx264", "-preset", "veryfast", "-b:v", bitrate, "-g", "75", file.path])
        return file
    }

    func score(_ output: URL, _ source: URL, rate: Double, sourceRate: Double, windows: [SampleWindow]) async throws -> PictureComparison.Planes {
        let clip = RenderGraph.Clip(file: source, inPoint: 0, duration: 12, hasAudio: false, volume: 100)
        return try #require(
            try await comparison.compare(output: output, clip: clip, windows: windows, outputFPS: rate, sourceFPS: sourceRate, scale: .source(width: 320, height: 240)))
    }

    @Test func aSampleScoresWhatTheWholeClipScores() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await source(rate: 30)
        let output = try await encode(source, rate: 30, bitrate: "150k", named: "output.mp4")
        let windows = SampleWindows.choose(
            duration: 12, outputKeyframes: try await comparison.keyframes(of: output), sourceKeyframes: try await comparison.keyframes(of: source),
            count: 4, length: 1, frame: 1.0 / 30)
        #expect(windows.count >= 2 && windows.allSatisfy { $0.sourceKeyframe != nil })
        let sampled = try await score(output, source, rate: 30, sourceRate: 30, windows: windows)
        let whole = try await score(output, source, rate: 30, sourceRate: 30, windows: SampleWindows.whole(duration: 12))
        #expect(whole.all > 0.5 && whole.all < 0.99, "a starved encode: \(whole.all)")
        #expect(abs(sampled.all - whole.all) < 0.01, "sampled \(sampled.all), every frame \(whole.all)")
    }

    @Test func framesLineUpAtHalfTheSourceRateAndOffKeyframe() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await source(rate: 60)
        // Nearly lossless at half the rate: lined up, every plane scores close to 1; a window off
        // by one frame of this moving pattern scores far lower. The output has a keyframe every
        // 2.5 s; the source has one there too, and is also opened the other way (decoded from
        // the keyframe before a time, frames kept from that time on).
        let output = try await encode(source, rate: 30, bitrate: "4M", named: "half-rate.mp4")
        let onKeyframes = [SampleWindow(start: 2.5, length: 1, sourceKeyframe: 2.5), SampleWindow(start: 7.5, length: 1, sourceKeyframe: 7.5)]
        let offKeyframes = [SampleWindow(start: 2.5, length: 1, sourceKeyframe: nil), SampleWindow(start: 7.5, length: 1, sourceKeyframe: nil)]
        for windows in [onKeyframes, offKeyframes, SampleWindows.whole(duration: 12)] {
            let planes = try await score(output, source, rate: 30, sourceRate: 60, windows: windows)
            #expect(planes.y > 0.97 && planes.u > 0.97 && planes.v > 0.97, "\(windows): \(planes)")
        }
        let misaligned = [SampleWindow(start: 2.5, length: 1, sourceKeyframe: nil)]
        let shifted = try await comparison.compare(
            output: output, clip: RenderGraph.Clip(file: source, inPoint: 1.0 / 30, duration: 12, hasAudio: false, volume: 100), windows: misaligned,
            outputFPS: 30, sourceFPS: 60, scale: .source(width: 320, height: 240))
        #expect(try #require(shifted).y < 0.9, "one frame off is seen")
    }
}

/// The render's own report: a sample of the output's frames against the source frames the encode
/// set aside, which scores what every frame scores.
@Suite(.tags(.encodes), .skippable(.encodes)) struct QualityReportTests {
    func report(fullQualityReport: Bool, clip: URL, in folder: URL) async throws -> String {
        let backend = try await LocalStudioBackend.open(
            StudioConfiguration(
                dataDirectory: folder.appendingPathComponent(fullQualityReport ? "full" : "sampled"), pollInterval: .milliseconds(100), x264Preset: "veryfast",
                fullQualityReport: fullQualityReport))
        let context = try await StudioRender.session(on: backend)
        _ = try await backend.upload([clip], context: context, progress: nil)
        let status = try await StudioRender.timeline(of: backend, context: context, targetBytes: 120_000)
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        return try #require(status.message)
    }

    static func ssim(in report: String) throws -> Double {
        try #require(report.range(of: #"SSIM (\d\.\d+)"#, options: .regularExpression).flatMap { Double(report[$0].dropFirst(5)) })
    }

    @Test func theSampleScoresWhatEveryFrameScores() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await Clips.make("source.mp4", in: folder, seconds: 6, size: "320x240")
        let sampled = try await report(fullQualityReport: false, clip: clip, in: folder)
        let full = try await report(fullQualityReport: true, clip: clip, in: folder)
        #expect(sampled.contains("every 3rd frame, measured during the encode"), "\(sampled)")
        #expect(full.contains("(every frame"), "\(full)")
        let (a, b) = (try Self.ssim(in: sampled), try Self.ssim(in: full))
        #expect(b > 0.5 && b < 0.995, "a starved encode: \(full)")
        #expect(abs(a - b) <= 0.005, "sampled \(sampled); every frame \(full)")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".nut") || $0.hasSuffix("firstpass.mp4") }
        #expect(leftovers.isEmpty, "the reference frames and the first pass's output are removed: \(leftovers)")
    }
}
