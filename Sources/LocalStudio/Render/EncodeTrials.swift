import Foundation

/// Chooses what a bits-per-pixel rule cannot see, by encoding short samples of the clip with
/// each candidate and keeping the one with the best SSIM.
///
/// Two choices depend on the content more than on the numbers:
/// - the chroma QP offset: on flat, richly coloured pictures x264's default starves the colour
///   planes (measured on the vertical benchmark clip: U-plane SSIM 0.72 by default, 0.88 at
///   -12), while on grainy footage extra colour bits only cost detail;
/// - keeping a 60 fps source at 60 fps when the budget is tight: smooth motion usually scores
///   better than sharper frames at 30 (the pattern clip), but not always.
///
/// Samples are three 1.5 s windows (at 20%, 50% and 80% of the clip), encoded one-pass at the
/// planned bitrate with x264's veryfast preset (its ranking matched the full two-pass encodes
/// on the benchmark clips), and compared with the source at the output's size and the source's
/// frame rate, so a dropped frame counts. Only plain cuts of one clip are tried; anything else
/// keeps the plan as it is.
struct EncodeTrials: Sendable {
    let ffmpeg: String

    /// What a trial varies.
    struct Candidate: Sendable, Equatable {
        var fps: Double
        var chromaOffset: Int
    }

    /// Chroma offsets tried, from x264's default to strongly favouring colour.
    static let chromaOffsets = [0, -10]

    /// The best candidate for `plan` on `clip`, or `nil` when nothing could be measured.
    func choose(for plan: EncodePlan, clip: RenderGraph.Clip, sourceFPS: Double, in folder: URL) async -> Candidate? {
        guard let bitrate = plan.videoBitrate else { return nil }
        let windows = Self.windows(start: clip.inPoint, duration: clip.duration)
        var scores: [(Candidate, Double)] = []
        for offset in Self.chromaOffsets {
            let candidate = Candidate(fps: plan.fps, chromaOffset: offset)
            if let score = await trial(candidate, plan: plan, bitrate: bitrate, clip: clip, windows: windows, sourceFPS: sourceFPS, in: folder) {
                scores.append((candidate, score))
            }
        }
        guard var best = scores.max(by: { $0.1 < $1.1 }) else { return nil }
        let fullRate = min(60, sourceFPS)
        if plan.fps < fullRate {
            let candidate = Candidate(fps: fullRate, chromaOffset: best.0.chromaOffset)
            if let score = await trial(candidate, plan: plan, bitrate: bitrate, clip: clip, windows: windows, sourceFPS: sourceFPS, in: folder),
               score > best.1 {
                best = (candidate, score)
            }
        }
        return best.0
    }

    /// Up to three sample windows inside the clip: (start, length) in source seconds.
    static func windows(start: Double, duration: Double) -> [(Double, Double)] {
        guard duration >= 6 else { return [(start, min(duration, 4.5))] }
        return [0.2, 0.5, 0.8].map { share in (start + duration * share - 0.75, 1.5) }
    }

    private func trial(
        _ candidate: Candidate, plan: EncodePlan, bitrate: Int, clip: RenderGraph.Clip, windows: [(Double, Double)],
        sourceFPS: Double, in folder: URL
    ) async -> Double? {
        let output = folder.appendingPathComponent("trial.mp4")
        defer { try? FileManager.default.removeItem(at: output) }
        let inputs = windows.flatMap { window in
            ["-ss", RenderGraph.seconds(window.0), "-t", RenderGraph.seconds(window.1), "-i", clip.file.path]
        }
        let joined = windows.indices.map { "[\($0):v:0]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let size = "\(plan.width):\(plan.height)"
        let encode = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error"] + inputs + [
            "-filter_complex", "\(joined),scale=\(size):flags=lanczos,setsar=1,fps=\(EncodePlan.number(candidate.fps)),format=yuv420p[v]",
            "-map", "[v]", "-c:v", "libx264", "-preset", "veryfast", "-tune", "ssim",
            "-x264-params", "chroma-qp-offset=\(candidate.chromaOffset)", "-b:v", "\(bitrate)", "-an", output.path,
        ]
        guard let encoded = try? await ProcessRunner.run(ffmpeg, encode, in: folder), encoded.status == 0 else { return nil }
        let reference = windows.indices.map { "[\($0 + 1):v:0]" }.joined() + "concat=n=\(windows.count):v=1:a=0"
        let compare = ["-hide_banner", "-nostdin", "-nostats", "-i", output.path] + inputs + [
            "-filter_complex",
            "\(reference),scale=\(size):flags=bicubic,setsar=1,format=yuv420p[ref];"
                + "[0:v]fps=\(EncodePlan.number(min(60, sourceFPS))),setsar=1,format=yuv420p[out];[out][ref]ssim=shortest=1",
            "-f", "null", "-",
        ]
        guard let measured = try? await ProcessRunner.run(ffmpeg, compare, in: folder), measured.status == 0 else { return nil }
        return Self.ssim(in: measured.errorText)
    }

    /// The "All:" value of ffmpeg's ssim summary line.
    static func ssim(in log: String) -> Double? {
        guard let line = log.split(separator: "\n").last(where: { $0.contains("All:") }) else { return nil }
        return line.split(separator: " ").first { $0.hasPrefix("All:") }.flatMap { Double($0.dropFirst(4)) }
    }
}
