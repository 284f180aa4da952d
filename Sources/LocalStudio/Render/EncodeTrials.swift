import Foundation
import SkillKit

/// Chooses x264's chroma QP offset, which depends on the picture more than on any number the
/// planner has, from one short trial encode.
///
/// On flat, richly coloured pictures x264 starves the colour planes: on the vertical benchmark
/// clip the U plane scored 0.72 SSIM against 0.86 for luma at the same size, and a chroma
/// offset of -12 lifted the whole frame from 0.833 to 0.864. On grainy or plain footage the
/// same offset only takes bits from detail (grain: 0.977 down to 0.968). So one sample is
/// encoded with no offset and measured plane by plane: when a colour plane scores clearly
/// below luma, colour gets more of the bits.
///
/// The sample is three one-second windows that start on keyframes (so nothing is decoded only
/// to be thrown away), encoded one-pass at the planned bitrate with x264's superfast preset,
/// and compared with the source at the output's size. Only plain cuts of one clip are tried.
struct EncodeTrials: Sendable {
    let ffmpeg: String
    let ffprobe: String

    /// The offset used when colour is starved.
    static let colourFavouringOffset = -12
    /// How far below luma a colour plane's SSIM must fall to count as starved.
    static let starvedMargin = 0.02

    /// The chroma offset for `plan` on `clip`, or `nil` when the sample could not be measured
    /// (the render then keeps x264's default); throws only when the render is cancelled.
    func chromaOffset(for plan: EncodePlan, clip: RenderGraph.Clip, in folder: URL) async throws -> Int? {
        guard let bitrate = plan.videoBitrate else { return nil }
        let keyframes = try await keyframeTimes(of: clip.file)
        let windows = Self.windows(start: clip.inPoint, duration: clip.duration, keyframes: keyframes)
        guard let planes = try await sample(plan: plan, bitrate: bitrate, clip: clip, windows: windows, in: folder) else { return nil }
        return Self.offset(luma: planes.y, u: planes.u, v: planes.v)
    }

    /// The decision, from a sample's per-plane SSIM.
    static func offset(luma: Double, u: Double, v: Double) -> Int {
        min(u, v) < luma - starvedMargin ? colourFavouringOffset : 0
    }

    /// Up to three one-second windows inside the clip, starting on the keyframe nearest to
    /// 20%, 50% and 80% of it (or at those points when keyframes are unknown).
    static func windows(start: Double, duration: Double, keyframes: [Double]) -> [Double] {
        let length = 1.0
        guard duration >= 3 * length else { return [start] }
        let usable = keyframes.filter { $0 >= start && $0 + length <= start + duration }
        var chosen: [Double] = []
        for share in [0.2, 0.5, 0.8] {
            let point = start + (duration - length) * share
            let pick = usable.min { abs($0 - point) < abs($1 - point) } ?? point
            if !chosen.contains(where: { abs($0 - pick) < length }) { chosen.append(pick) }
        }
        return chosen
    }

    /// Keyframe times of the first video stream, read from the container's index.
    private func keyframeTimes(of file: URL) async throws -> [Double] {
        guard
            let result = try await unlessCancelled({
                try await ProcessRunner.run(
                    ffprobe,
                    [
                        "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", file.path,
                    ])
            }), result.status == 0
        else { return [] }
        return String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",")
            guard fields.count >= 2, fields[1].hasPrefix("K") else { return nil }
            return Double(fields[0])
        }
    }

    private func sample(plan: EncodePlan, bitrate: Int, clip: RenderGraph.Clip, windows: [Double], in folder: URL) async throws -> (y: Double, u: Double, v: Double)? {
        let output = folder.appendingPathComponent("trial.mp4")
        // try?: the trial file is in the render's own folder, removed with it.
        defer { try? FileManager.default.removeItem(at: output) }
        let length = windows.count == 1 ? min(clip.duration, 3) : 1
        let inputs = windows.flatMap { start in ["-ss", RenderGraph.seconds(start), "-t", RenderGraph.seconds(length)] + MediaInput.input(clip.file) }
        let joined = windows.indices.map { "[\($0):v:0]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let size = "\(plan.width):\(plan.height)"
        let rate = EncodePlan.number(plan.fps)
        let encode =
            ["-hide_banner", "-nostdin", "-y", "-loglevel", "error"] + inputs + [
                "-filter_complex", "\(joined),scale=\(size):flags=lanczos,setsar=1,fps=\(rate),format=yuv420p[v]",
                "-map", "[v]", "-c:v", "libx264", "-preset", "superfast", "-tune", "ssim", "-b:v", "\(bitrate)", "-an", output.path,
            ]
        guard let encoded = try await unlessCancelled({ try await ProcessRunner.run(ffmpeg, encode, in: folder, deadline: .seconds(120)) }), encoded.status == 0 else {
            return nil
        }
        let reference = windows.indices.map { "[\($0 + 1):v:0]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let compare =
            ["-hide_banner", "-nostdin", "-nostats", "-i", output.path] + inputs + [
                "-filter_complex",
                "\(reference),scale=\(size):flags=lanczos,setsar=1,fps=\(rate),format=yuv420p[ref];[0:v]setsar=1,format=yuv420p[out];[out][ref]ssim=shortest=1",
                "-f", "null", "-",
            ]
        guard let measured = try await unlessCancelled({ try await ProcessRunner.run(ffmpeg, compare, in: folder, deadline: .seconds(120)) }), measured.status == 0 else {
            return nil
        }
        return Self.planes(in: measured.errorText)
    }

    /// The Y, U and V values of ffmpeg's ssim summary line.
    static func planes(in log: String) -> (y: Double, u: Double, v: Double)? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("All:") }) else { return nil }
        func value(_ name: String) -> Double? {
            line.split(separator: " ").first { $0.hasPrefix(name) }.flatMap { Double($0.dropFirst(name.count)) }
        }
        guard let y = value("Y:"), let u = value("U:"), let v = value("V:") else { return nil }
        return (y, u, v)
    }
}
