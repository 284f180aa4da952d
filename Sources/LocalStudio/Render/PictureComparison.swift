import Foundation
import SkillKit

/// Compares a render's picture with its source, plane by plane, with ffmpeg's SSIM filter:
/// either on windows of both files (`SampleWindows`; the frames of each window lined up in time,
/// the source brought to the output's frame rate, all windows scored together), or every Nth
/// output frame against the source frames the encode sets aside (`RenderGraph`'s `[ref]`), read
/// from the encoder as it writes them.
struct PictureComparison: Sendable {
    let ffmpeg: String
    let ffprobe: String

    /// SSIM of each plane and of the whole picture.
    struct Planes: Sendable, Equatable {
        var y: Double
        var u: Double
        var v: Double
        var all: Double
    }

    /// The size both sides are compared at.
    enum Scale: Sendable, Equatable {
        /// The source brought down to the output's size, as the encoder saw it: how well the
        /// encoder spent its bits.
        case output(width: Int, height: Int)
        /// The output brought up to the source's size: what a viewer lost, detail included.
        case source(width: Int, height: Int)
    }

    /// Keyframe times of a file's first video stream, from its index (nothing is decoded).
    func keyframes(of file: URL) async throws -> [Double] {
        guard
            let result = try await unlessCancelled({
                try await ProcessRunner.run(
                    ffprobe,
                    ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0"] + MediaInput.options(for: file) + [file.path])
            }), result.status == 0
        else { return [] }
        return String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, fields[1].hasPrefix("K") else { return nil }
            return Double(fields[0])
        }
        .sorted()
    }

    /// The comparison of `output` with `clip` on `windows`, or `nil` when ffmpeg could not make
    /// it; throws only when cancelled.
    func compare(output: URL, clip: RenderGraph.Clip, windows: [SampleWindow], outputFPS: Double, sourceFPS: Double, scale: Scale) async throws -> Planes? {
        guard !windows.isEmpty else { return nil }
        let arguments = Self.arguments(output: output, clip: clip, windows: windows, outputFPS: outputFPS, sourceFPS: sourceFPS, scale: scale)
        let seconds = windows.reduce(0) { $0 + $1.length }
        let deadline = Duration.seconds(60 + Int(min(seconds, 360_000)) * 4)  // checked: min() bounds it on this line
        guard let result = try await unlessCancelled({ try await ProcessRunner.run(ffmpeg, arguments, deadline: deadline) }), result.status == 0 else {
            return nil
        }
        return Self.planes(in: result.errorText)
    }

    /// The comparison of every `step`th frame of an encoder's output with the source frames it
    /// set aside at the source's size (the output is scaled up to them), both read from `stream`
    /// while the encoder writes it (`RenderWorker`'s tee: NUT, the encoded video first, then the
    /// source frames); `nil` when ffmpeg could not make it; throws only when cancelled.
    ///
    /// The encoder ends the stream when it ends, so this ends with it; it runs beside the
    /// encode and costs the wall clock almost nothing.
    func compare(stream: ToolPipe.End, step: Int, deadline: Duration) async throws -> Planes? {
        guard
            let result = try await unlessCancelled({
                try await ProcessRunner.run(ffmpeg, Self.arguments(streamStep: step), deadline: deadline, standardInput: stream)
            }), result.status == 0
        else { return nil }
        return Self.planes(in: result.errorText)
    }

    static func arguments(streamStep step: Int) -> [String] {
        // Both sides numbered 0, 1, 2… seconds, so the SSIM filter pairs them by count.
        let graph =
            "[0:v:0]select='not(mod(n\\,\(max(1, step))))',setpts=N/TB[o];[0:v:1]setpts=N/TB[r];"
            + "[o][r]scale2ref=flags=bicubic[os][rs];[os]setsar=1,format=yuv420p[a];[rs]setsar=1,format=yuv420p[b];[a][b]ssim=shortest=1"
        // Only the pipe: the stream comes from our own encoder, but nothing in it may make
        // ffmpeg open anything else.
        return ["-hide_banner", "-nostdin", "-nostats", "-f", "nut", "-protocol_whitelist", "pipe", "-i", "pipe:0"]
            + ["-filter_complex", graph, "-f", "null", "-"]
    }

    /// ffmpeg's arguments: each window opened on its own (on a keyframe where there is one, so
    /// nothing is decoded to be thrown away), trimmed to the same number of frames on both
    /// sides, the windows joined, and the two sides scored.
    static func arguments(output: URL, clip: RenderGraph.Clip, windows: [SampleWindow], outputFPS: Double, sourceFPS: Double, scale: Scale) -> [String] {
        let outputFrame = 1 / max(outputFPS, 1)
        let sourceFrame = 1 / max(sourceFPS, 1)
        let rate = EncodePlan.number(outputFPS)
        // A hair past a keyframe: ffmpeg opens a file at the keyframe at or before the time it is
        // given, and a time printed a hair early would open it a whole group of frames earlier.
        let pastKeyframe = 0.0005
        var inputs: [String] = []
        var outputs = ""
        var sources = ""
        for (index, window) in windows.enumerated() {
            let frames = max(1, CheckedNumber.clamped((window.length / outputFrame).rounded(.down), to: 1...10_000_000))
            let trim = windows.count == 1 && window.start == 0 && window.length >= clip.duration ? "" : ",trim=end_frame=\(frames)"
            if window.start > 0 {
                inputs += ["-noaccurate_seek", "-ss", decimal(window.start + pastKeyframe)]
            }
            inputs += ["-t", decimal(window.length + 2 * outputFrame)] + MediaInput.input(output)
            if let keyframe = window.sourceKeyframe {
                inputs += ["-noaccurate_seek", "-ss", decimal(clip.inPoint + keyframe + pastKeyframe)]
            } else if clip.inPoint + window.start > 0 {
                // Decoded from the keyframe before, keeping frames from this one on.
                inputs += ["-ss", decimal(max(0, clip.inPoint + window.start - sourceFrame / 2))]
            }
            inputs += ["-t", decimal(window.length + 2 * sourceFrame)] + MediaInput.input(clip.file)
            outputs += "[\(2 * index):v:0]setpts=PTS-STARTPTS\(trim)[o\(index)];"
            sources += "[\(2 * index + 1):v:0]setpts=PTS-STARTPTS,fps=\(rate)\(trim)[s\(index)];"
        }
        let joinedOutputs = windows.indices.map { "[o\($0)]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let joinedSources = windows.indices.map { "[s\($0)]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let sides: String
        switch scale {
        case .output(let width, let height):
            sides = "\(joinedOutputs),setsar=1,format=yuv420p[a];\(joinedSources),scale=\(width):\(height):flags=lanczos,setsar=1,format=yuv420p[b]"
        case .source(let width, let height):
            sides = "\(joinedOutputs),scale=\(width):\(height):flags=bicubic,setsar=1,format=yuv420p[a];\(joinedSources),setsar=1,format=yuv420p[b]"
        }
        return ["-hide_banner", "-nostdin", "-nostats"] + inputs + ["-filter_complex", outputs + sources + sides + ";[a][b]ssim=shortest=1", "-f", "null", "-"]
    }

    /// The Y, U, V and All values of ffmpeg's SSIM summary line.
    static func planes(in log: String) -> Planes? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("All:") }) else { return nil }
        func value(_ name: String) -> Double? {
            line.split(separator: " ").first { $0.hasPrefix(name) }.flatMap { Double($0.dropFirst(name.count)) }
        }
        guard let y = value("Y:"), let u = value("U:"), let v = value("V:"), let all = value("All:") else { return nil }
        return Planes(y: y, u: u, v: v, all: all)
    }

    private static func decimal(_ value: Double) -> String { String(format: "%.4f", max(0, value)) }
}
