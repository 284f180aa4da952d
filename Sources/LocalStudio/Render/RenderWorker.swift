import Foundation
import SkillKit
import Synchronization

/// Renders one job with ffmpeg: plan, encode (two passes when a size is targeted), verify.
///
/// A file over its target is never delivered: the worker measures the result and re-encodes
/// with a proportionally lower bitrate, at most twice, and fails with a reason otherwise.
struct RenderWorker: Sendable {
    let ffmpeg: String
    let ffprobe: String
    let store: StudioStore
    let records: any RecordStore
    /// Whether renders measure the first pass's colour and the output's SSIM
    /// (`StudioConfiguration.measuresPicture`).
    var measuresPicture = true
    /// x264's preset for every render, when set (`StudioConfiguration.x264Preset`).
    var presetOverride: String?
    /// Whether the SSIM report compares every frame (`StudioConfiguration.fullQualityReport`).
    var fullQualityReport = false

    private var comparison: PictureComparison { PictureComparison(ffmpeg: ffmpeg, ffprobe: ffprobe) }

    /// Reports progress 0–100 and a one-line message.
    typealias Update = @Sendable (Double, String?) async -> Void

    struct Outcome: Sendable {
        var file: URL
        var size: Int64
        var duration: Double
        var report: String
    }

    func render(_ job: RenderRecord, update: @escaping Update) async throws -> Outcome {
        let started = ContinuousClock.now
        let draft = Draft(json: job.draft)
        let options = ExportOptions(json: job.output)
        let folder = await store.rendersFolder.appendingPathComponent(job.id)
        // try?: a folder that is not there is the usual case.
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let graph = try await buildGraph(draft, in: folder)
        guard graph.duration > 0 else { throw RenderFailure("the timeline is empty; upload a video first.") }
        let firstClip = try await sourceInfo(draft)
        let settings = draft.metadata["export"]?.objectValue ?? [:]
        let target = options.targetBytes ?? settings["target_size_bytes"]?.intValue.map(Int64.init)
        let resolution = options.resolution ?? settings["resolution"]?.stringValue
        var plan: EncodePlan
        do {
            plan = try EncodePlanner.plan(
                PlanInput(
                    duration: graph.outputDuration, width: firstClip.width ?? 1280, height: firstClip.height ?? 720,
                    fps: firstClip.fps ?? 30, hasAudio: graph.hasAudio, targetBytes: target, resolution: resolution,
                    aspect: settings["aspect"]?.stringValue, maxFPS: ExportSettings(draft: draft).maxFPS
                ))
        } catch {
            throw RenderFailure(error.description)
        }
        // The picture is measured only on a plain cut of one clip: text, music or a new shape
        // make a comparison with the source meaningless.
        var measured: Measured?
        if measuresPicture, graph.isPlainCut, let clip = graph.clips.first {
            measured = Measured(
                clip: clip, fps: firstClip.fps ?? plan.fps, width: firstClip.width ?? plan.width, height: firstClip.height ?? plan.height,
                sampleStep: Measured.sampleStep(frames: graph.outputDuration * plan.fps, width: firstClip.width ?? plan.width, height: firstClip.height ?? plan.height),
                fullReport: fullQualityReport)
        }
        if let presetOverride { plan.preset = presetOverride }
        await update(0, plan.summary)
        if !graph.captions.isEmpty {
            let script = CaptionScript(lines: graph.captions, width: plan.width, height: plan.height)
            try Data(script.text.utf8).write(to: folder.appendingPathComponent(RenderGraph.captionFileName))
        }

        let output = folder.appendingPathComponent("output.mp4")
        var attempt = 0
        while true {
            let streamed = try await encode(graph, plan: &plan, to: output, in: folder, attempt: attempt, measured: measured, update: update)
            let size = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.int64Value ?? 0
            // A file is delivered only when it holds a picture that plays for the planned time.
            guard let written = try await unlessCancelled({ try await MediaProbe(ffprobe: ffprobe).probe(output) }), written.hasVideo,
                let length = written.duration, length > 0, abs(length - graph.outputDuration) <= max(1, graph.outputDuration * 0.05)
            else {
                throw RenderFailure("the encoder wrote no playable video; try the export again, and if it fails again, upload the clip once more.")
            }
            guard let target, size > target else {
                let seconds = Double((ContinuousClock.now - started).components.seconds)
                var report = "\(ByteSize.describe(size))"
                if let target { report += " (\(Int(Double(size) / Double(target) * 100))% of \(ByteSize.describe(target)))" }  // checked: a file no larger than 1.1 times its target
                report += ", \(plan.width)x\(plan.height) \(EncodePlan.number(plan.fps)) fps"
                if let video = plan.videoBitrate { report += ", \(EncodePlan.rate(video)) video" }
                if plan.audioBitrate > 0 { report += ", \(EncodePlan.rate(plan.audioBitrate)) audio" }
                report += ", encoded in \(Int(seconds)) s"  // checked: this render's own encode time
                if let measured, let score = try await similarity(of: output, to: measured, streamed: streamed, plan: plan, update: update) {
                    report += score
                }
                cleanUp(folder, keeping: output)
                return Outcome(file: output, size: size, duration: graph.outputDuration, report: report)
            }
            attempt += 1
            guard attempt <= 2, let video = plan.videoBitrate else {
                throw RenderFailure("the encoder could not get under \(ByteSize.describe(target)) (last try \(ByteSize.describe(size))); trim the video or ask for a larger size.")
            }
            let excess = Double(size - target) * 8 / plan.duration
            plan.videoBitrate = max(20_000, Int((Double(video) - excess) * 0.97))  // checked: less than the planned bitrate
            await update(0, "\(ByteSize.describe(size)) is over \(ByteSize.describe(target)); encoding again at \(EncodePlan.rate(plan.videoBitrate!)) video.")
        }
    }

    /// What a render knows about the clip it measures.
    struct Measured: Sendable {
        var clip: RenderGraph.Clip
        var fps: Double
        var width: Int
        var height: Int
        /// Every how many output frames the report compares one.
        var sampleStep: Int
        /// Whether the SSIM report compares every frame, after the encode, with the source
        /// decoded again, instead of the sample.
        var fullReport = false

        /// The sample the final encode hands the report, unless it is a full one.
        var reportReference: RenderGraph.Reference? { fullReport ? nil : RenderGraph.Reference(step: sampleStep) }

        /// The step for a sample of about 150 frames spread over the whole output, fewer when the
        /// source's frames are large (the encode hands them over unpacked, at most about 480 MB
        /// in all), and odd so it does not fall in step with x264's pattern of frame types. Windows of a
        /// few seconds were cheaper but missed the mean by up to 0.007 on the benchmark clips
        /// (the picture changes along the clip, and frames near a keyframe are better); every
        /// 7th frame of the 30 s vertical clip stays within 0.0011 of every frame.
        static func sampleStep(frames: Double, width: Int, height: Int) -> Int {
            let frameBytes = Double(max(width, 2) * max(height, 2)) * 1.5
            let most = max(8, min(150, Int(480_000_000 / frameBytes)))  // checked: frameBytes is at least 6, so at most 80 million
            var step = max(1, Int((max(frames, 1) / Double(most)).rounded(.up)))  // checked: frames of a clip of at most 100 hours
            if step % 2 == 0 { step += 1 }
            return step
        }
    }

    /// The SSIM report made during the final encode, and how long the render waited for it
    /// after the encode had ended.
    struct StreamedReport: Sendable {
        var planes: PictureComparison.Planes?
        var waited: Duration
    }

    /// Encodes `output`; returns the report measured while it was written, when `measured` asks
    /// for a sample.
    private func encode(
        _ graph: RenderGraph, plan: inout EncodePlan, to output: URL, in folder: URL, attempt: Int, measured: Measured?, update: @escaping Update
    ) async throws -> StreamedReport? {
        let common = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats"]
        var video = videoArguments(plan)
        let total = max(graph.outputDuration, 0.1)
        let reference = measured?.reportReference
        if let bitrate = plan.videoBitrate {
            let log = folder.appendingPathComponent("pass").path
            // No VBV cap: it starved bursty frames (measured: SSIM 0.76 against 0.81 without), and
            // a file posted to Discord is downloaded, not streamed at a fixed rate.
            let rate = ["-b:v:0", "\(bitrate)"]
            // A second try at a lower bitrate reuses the first pass's statistics: they describe the
            // clip, not the bitrate.
            if attempt == 0 {
                // The first pass's output is kept only to measure its colour (`ChromaOffset`). (Measured
                // beside the pass instead, from a sample spread over the whole clip, it cost more than
                // these windows: the first pass keeps both cores busy, and the sample needs every
                // frame decoded; 24 s became 29.5 s on the vertical clip.)
                let firstPass = folder.appendingPathComponent("firstpass.mp4")
                let first =
                    common + graph.inputArguments + ["-filter_complex", graph.filterGraph(for: plan, includeAudio: false), "-map", "[v]"]
                    + video + rate + ["-pass:v:0", "1", "-passlogfile:v:0", log, "-an", "-f", "mp4", measured == nil ? "/dev/null" : firstPass.path]
                try await run(first, in: folder, total: total, range: 0..<45, update: update)
                if let measured {
                    plan.chromaOffset = try await chromaOffset(of: firstPass, measured: measured, plan: plan) ?? 0
                    // try?: the file is in the render's own folder, removed with it.
                    try? FileManager.default.removeItem(at: firstPass)
                    video = videoArguments(plan)
                }
            }
            let second =
                common + graph.inputArguments + ["-filter_complex", graph.filterGraph(for: plan, includeAudio: true, reference: reference), "-map", "[v]"]
                + (graph.hasAudio ? ["-map", "[a]"] : []) + video + rate + ["-pass:v:0", "2", "-passlogfile:v:0", log]
                + audioArguments(plan, graph) + finalOutput(output, in: folder, reference: reference)
            return try await runBeside(second, sample: reference, in: folder, total: total, range: 45..<95, update: update)
        } else {
            let arguments =
                common + graph.inputArguments + ["-filter_complex", graph.filterGraph(for: plan, includeAudio: true, reference: reference), "-map", "[v]"]
                + (graph.hasAudio ? ["-map", "[a]"] : []) + video + ["-crf:v:0", "20"] + audioArguments(plan, graph)
                + finalOutput(output, in: folder, reference: reference)
            return try await runBeside(arguments, sample: reference, in: folder, total: total, range: 0..<95, update: update)
        }
    }

    /// Where the final encode writes. With a sampled report, ffmpeg's tee muxer writes the same
    /// encoded video twice: into the MP4 (with the audio) and, beside the source frames the
    /// graph's `[ref]` sets aside, into a pipe to the report (`runBeside`), which then measures
    /// while the encode runs instead of decoding the output after it. That output is marked
    /// `onfail=ignore`, so a report that fails never fails the render. The MP4 is named relative
    /// to the render's folder (the encoder's working directory), so no path of the user's needs
    /// escaping in tee's syntax.
    private func finalOutput(_ output: URL, in folder: URL, reference: RenderGraph.Reference?) -> [String] {
        guard reference != nil, output.deletingLastPathComponent().path == folder.path else {
            return ["-movflags", "+faststart", output.path]
        }
        return Self.teeOutput(fileName: output.lastPathComponent)
    }

    /// The output arguments that write the encoded video (stream `[v]`, mapped first) and any
    /// audio into `fileName` (a plain name), and the video with the graph's `[ref]` frames to
    /// standard input.
    static func teeOutput(fileName: String) -> [String] {
        // The tee muxer is no file format, so ffmpeg cannot tell the encoders to put their set-up
        // in the header (MP4 needs that), nor keep the sparse source frames unpadded.
        [
            "-map", "[ref]", "-c:v:1", "rawvideo", "-fps_mode:v:1", "vfr", "-flags", "+global_header", "-f", "tee",
            "[f=mp4:movflags=+faststart:select=\\'v\\:0,a\\']\(fileName)|[f=nut:select=v:onfail=ignore]pipe\\:0",
        ]
    }

    /// Runs an encode, and with a `sample` the comparison beside it, fed by the encoder through a
    /// pipe (its standard input) with its video and the `[ref]` frames.
    private func runBeside(
        _ arguments: [String], sample: RenderGraph.Reference?, in folder: URL, total: Double, range: Range<Double>, update: @escaping Update
    ) async throws -> StreamedReport? {
        guard let sample else {
            try await run(arguments, in: folder, total: total, range: range, update: update)
            return nil
        }
        let pipe = try ToolPipe()
        // The comparison ends when the encoder closes the pipe; it never outlives the encoder by
        // more than the frames still in the pipe, so the encoder's deadline covers both.
        async let planes = comparison.compare(stream: pipe.reading, step: sample.step, deadline: Self.deadline(total))
        try await run(arguments, in: folder, standardInput: pipe.writing, total: total, range: range, update: update)
        let ended = ContinuousClock.now
        let measuredPlanes = try await planes
        return StreamedReport(planes: measuredPlanes, waited: ContinuousClock.now - ended)
    }

    private func videoArguments(_ plan: EncodePlan) -> [String] {
        // Every option names the first video stream: the final encode may carry a second, the
        // source frames for the report, which is not x264's.
        var video = ["-c:v:0", "libx264", "-profile:v:0", "high", "-pix_fmt:v:0", "yuv420p", "-preset:v:0", plan.preset]
        if plan.videoBitrate != nil {
            // A size target is judged by SSIM against the source, so x264 optimises for it
            // (psychovisual tuning trades SSIM for apparent sharpness; measured +0.001 to
            // +0.016 SSIM on the benchmark clips at the same size).
            video += ["-tune:v:0", "ssim", "-x264-params:v:0", "chroma-qp-offset=\(plan.chromaOffset)"]
        }
        return video
    }

    /// The chroma offset for the second pass, from three windows of the first pass's output
    /// compared with the source at the output's size; `nil` when they could not be measured.
    private func chromaOffset(of firstPass: URL, measured: Measured, plan: EncodePlan) async throws -> Int? {
        let clip = measured.clip
        let sourceKeyframes = try await comparison.keyframes(of: clip.file).map { $0 - clip.inPoint }.filter { $0 >= -0.001 }
        let windows = SampleWindows.choose(
            duration: clip.duration, outputKeyframes: try await comparison.keyframes(of: firstPass), sourceKeyframes: sourceKeyframes,
            count: 3, length: 1, frame: 1 / max(measured.fps, 1))
        guard
            let planes = try await comparison.compare(
                output: firstPass, clip: measured.clip, windows: windows, outputFPS: plan.fps, sourceFPS: measured.fps, scale: .output(width: plan.width, height: plan.height))
        else { return nil }
        return ChromaOffset.choose(luma: planes.y, u: planes.u, v: planes.v)
    }

    private func audioArguments(_ plan: EncodePlan, _ graph: RenderGraph) -> [String] {
        guard graph.hasAudio, plan.audioBitrate > 0 else { return ["-an"] }
        return ["-c:a", "aac", "-b:a", "\(plan.audioBitrate)", "-ac", "\(plan.audioChannels)"]
    }

    /// An encode ten times slower than its length (plus two minutes) is stuck, not slow: two
    /// cores encode 1080p at about real time.
    static func deadline(_ seconds: Double) -> Duration {
        .seconds(120 + Int(min(seconds, Double(CheckedNumber.maximumMilliseconds) / 1000) * 10))  // checked: min() bounds it on this line
    }

    private func run(
        _ arguments: [String], in folder: URL, standardInput: ToolPipe.End? = nil, total: Double, range: Range<Double>, update: @escaping Update
    ) async throws {
        let progress = ProgressState()
        progress.set(range.lowerBound)
        let ticker = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                await update(progress.current, nil)
            }
        }
        defer { ticker.cancel() }
        let pidFile = folder.appendingPathComponent(Self.pidFileName)
        // try?: a stale pid file is checked against the process before it is ever used.
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let result = try await ProcessRunner.run(
            ffmpeg, arguments, in: folder, deadline: Self.deadline(total), standardInput: standardInput,
            onStart: { pid in
                // If this studio is killed, the next one finds and ends the orphaned encoder.
                try? Data(String(pid).utf8).write(to: pidFile)
            }
        ) { line in
            guard line.hasPrefix("out_time_us=") || line.hasPrefix("out_time_ms="),
                let micros = Double(line.split(separator: "=").last ?? "")
            else { return }
            let fraction = min(1, max(0, micros / 1_000_000 / total))
            progress.set(range.lowerBound + (range.upperBound - range.lowerBound) * fraction)
        }
        guard result.status == 0 else {
            let last = result.errorText.split(separator: "\n").last.map(String.init) ?? "ffmpeg exited with status \(result.status)"
            throw RenderFailure("ffmpeg failed: \(last)")
        }
        await update(range.upperBound, nil)
    }

    /// SSIM of the output against its source, compared at the source's size (the output scaled
    /// up, so a smaller frame pays for the detail it lost): every Nth frame, measured during the
    /// encode (`streamed`), or, with `fullQualityReport`, every frame against the source decoded
    /// again after it. The report's words, with what the measure added to the wait: ", SSIM 0.866
    /// against the source (every 7th frame, measured during the encode, 0.0 s added)".
    private func similarity(of output: URL, to measured: Measured, streamed: StreamedReport?, plan: EncodePlan, update: @escaping Update) async throws -> String? {
        let planes: PictureComparison.Planes?
        let how: String
        let waited: Duration
        if let step = measured.reportReference?.step {
            planes = streamed?.planes
            how = (step == 1 ? "every frame" : "every \(Self.ordinal(step)) frame") + ", measured during the encode"
            waited = streamed?.waited ?? .zero
        } else {
            await update(96, nil)
            let started = ContinuousClock.now
            planes = try await comparison.compare(
                output: output, clip: measured.clip, windows: SampleWindows.whole(duration: measured.clip.duration), outputFPS: plan.fps, sourceFPS: measured.fps,
                scale: .source(width: measured.width, height: measured.height))
            how = "every frame"
            waited = ContinuousClock.now - started
        }
        guard let planes else { return nil }
        let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18
        return String(format: ", SSIM %.3f against the source (", planes.all) + how + String(format: ", %.1f s added)", seconds)
    }

    /// "3rd", "7th", "21st".
    static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    static let pidFileName = "encoder.pid"

    /// Ends an encoder left running by a studio that was killed, if it is still ours.
    static func endOrphanedEncoder(in folder: URL) {
        let pidFile = folder.appendingPathComponent(pidFileName)
        // try?: no readable pid file: no orphan to end.
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else { return }
        // Only a process whose arguments name this job's folder: the pid may have been reused.
        // (try?: a process that is gone has no command line: nothing to end.)
        let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        // try?: a process that is gone has no folder: nothing to end.
        let cwd = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
        if commandLine.contains("ffmpeg"), cwd == folder.path || commandLine.contains(folder.path) {
            kill(pid, SIGKILL)
        }
        // try?: a pid file left behind is checked against its process before it is ever used.
        try? FileManager.default.removeItem(at: pidFile)
    }

    private func buildGraph(_ draft: Draft, in folder: URL) async throws -> RenderGraph {
        var clips: [RenderGraph.Clip] = []
        for segment in draft.tracks.first(where: { $0.kind == .video && !$0.segments.isEmpty })?.segments ?? [] {
            guard let media = try await media(for: segment.source) else {
                throw RenderFailure("a clip on the timeline refers to media that is not in the studio (\(segment.name ?? segment.source ?? "unnamed")); upload it again.")
            }
            let available = max(0, (media.info.duration ?? 0) - Double(segment.inPoint ?? 0) / 1000)
            let length = min(segment.duration.map { Double($0) / 1000 } ?? available, available > 0 ? available : .infinity)
            clips.append(
                RenderGraph.Clip(
                    file: await store.mediaFile(media), inPoint: Double(segment.inPoint ?? 0) / 1000,
                    duration: length, hasAudio: media.info.hasAudio, volume: segment.volume ?? 100
                ))
        }
        var overlays: [RenderGraph.Overlay] = []
        var texts: [String] = []
        var captions: [CaptionScript.Line] = []
        for track in draft.tracks where track.kind == .text {
            for placed in track.placedSegments {
                guard let text = placed.segment.text, !text.isEmpty else { continue }
                if track.role == "caption" {
                    captions.append(CaptionScript.Line(start: Double(placed.start) / 1000, end: Double(placed.end) / 1000, text: text))
                    continue
                }
                let file = folder.appendingPathComponent("text\(overlays.count).txt")
                try Data(text.utf8).write(to: file)
                texts.append(text)
                overlays.append(
                    RenderGraph.Overlay(
                        file: file, start: Double(placed.start) / 1000, end: Double(placed.end) / 1000,
                        position: placed.segment.position ?? (track.role == "title" ? "center" : "bottom"), isTitle: track.role == "title",
                        characters: text.split(separator: "\n").map(\.count).max() ?? text.count
                    ))
            }
        }
        var music: RenderGraph.Music?
        if let segment = draft.tracks.first(where: { $0.kind == .audio && !$0.segments.isEmpty })?.segments.first,
            let media = try await media(for: segment.source)
        {
            music = RenderGraph.Music(file: await store.mediaFile(media), volume: segment.volume ?? 100)
        }
        let settings = draft.metadata["export"]?.objectValue ?? [:]
        let fit = settings["aspect"] == nil ? nil : RenderGraph.Fit(rawValue: settings["fit"]?.stringValue ?? "pad") ?? .pad
        return RenderGraph(clips: clips, overlays: overlays, captions: captions, fontFile: RenderGraph.font(for: texts), music: music, fit: fit, speed: ExportSettings(draft: draft).speed ?? 1)
    }

    private func sourceInfo(_ draft: Draft) async throws -> MediaInfo {
        let first = draft.tracks.first { $0.kind == .video && !$0.segments.isEmpty }?.segments.first
        guard let media = try await media(for: first?.source) else { throw RenderFailure("the timeline has no video; upload one first.") }
        return media.info
    }

    /// Resolves a segment's `src` ("media:<hash>" or a bare hash).
    private func media(for source: String?) async throws -> MediaRecord? {
        guard let source else { return nil }
        let hash = source.hasPrefix("media:") ? String(source.dropFirst(6)) : source
        return try await records.media(hash)
    }

    private func cleanUp(_ folder: URL, keeping output: URL) {
        // try?: cleaning up: a folder that cannot be listed keeps its files until the render is removed.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name != output.lastPathComponent {
            // try?: cleaning up: a file that cannot be removed goes with the render.
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}

/// A render failure with its reason for the user.
struct RenderFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The latest progress figure, shared with the line reader.
final class ProgressState: Sendable {
    private let value = Mutex<Double>(0)
    func set(_ newValue: Double) { value.withLock { $0 = newValue } }
    var current: Double { value.withLock { $0 } }
}
