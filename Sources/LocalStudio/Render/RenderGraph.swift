import Foundation
import SkillKit

/// The ffmpeg inputs and filter graph that turn a draft into one video and one audio stream.
struct RenderGraph {
    /// One clip of the video track, resolved to its stored file.
    struct Clip {
        var file: URL
        var inPoint: Double
        var duration: Double
        var hasAudio: Bool
        var volume: Double
    }

    /// A text to draw, written to `file` in the render's folder (ffmpeg runs there, so the
    /// graph names it by a plain relative name and no text can break the graph's quoting).
    struct Overlay {
        var file: URL
        var start: Double
        var end: Double
        var position: String
        var isTitle: Bool
        /// The longest line's length in characters, to fit the text to the frame's width.
        var characters: Int
    }

    /// Background music: looped or cut to the timeline, at `volume` percent.
    struct Music {
        var file: URL
        var volume: Double
    }

    /// How a frame of another shape is fitted: padded with a blurred copy, or cropped.
    enum Fit: String {
        case pad, crop
    }

    var clips: [Clip]
    var overlays: [Overlay]
    /// Caption lines, burned in with libass (`captions.ass` in the render's folder).
    var captions: [CaptionScript.Line] = []
    var fontFile: String?
    var music: Music?
    /// Set when the output's shape was chosen (an aspect ratio), not taken from the source.
    var fit: Fit?
    /// Playback speed, applied last (text and captions keep their place in the picture).
    var speed: Double = 1

    /// The timeline's length.
    var duration: Double { clips.reduce(0) { $0 + $1.duration } }
    /// The output's length, after the speed change.
    var outputDuration: Double { duration / speed }
    /// One clip, cut and scaled only: no text, music, new shape or speed, so it compares with its source.
    var isPlainCut: Bool { clips.count == 1 && overlays.isEmpty && captions.isEmpty && fit == nil && music == nil && speed == 1 }

    /// The name of the caption script the graph reads, relative to the render's folder.
    static let captionFileName = "captions.ass"
    var clipsHaveAudio: Bool { clips.contains { $0.hasAudio && $0.volume > 0 } }
    var hasAudio: Bool { clipsHaveAudio || (music.map { $0.volume > 0 } ?? false) }

    /// `-ss/-t/-i` for each clip, then the music on an endless loop (trimmed in the graph).
    var inputArguments: [String] {
        var arguments = clips.flatMap { clip in
            ["-ss", Self.seconds(clip.inPoint), "-t", Self.seconds(clip.duration)] + MediaInput.input(clip.file)
        }
        if let music { arguments += ["-stream_loop", "-1"] + MediaInput.input(music.file) }
        return arguments
    }

    /// Source frames an encode sets aside for a comparison that runs beside it: every `step`th
    /// frame, timed as the output's frames are, at the source's own size.
    struct Reference: Sendable, Equatable {
        var step: Int
    }

    /// The filter graph for `plan`, ending in `[v]` and (when there is sound) `[a]`. With
    /// `reference`, a plain cut also ends in `[ref]`, the source frames a comparison needs (the
    /// encode decodes the source anyway; the comparison then need not).
    func filterGraph(for plan: EncodePlan, includeAudio: Bool, reference: Reference? = nil) -> String {
        var parts: [String] = []
        var concatInputs = ""
        let withAudio = includeAudio && clipsHaveAudio
        let (w, h, rate) = (plan.width, plan.height, EncodePlan.number(plan.fps))
        for (index, clip) in clips.enumerated() {
            switch fit {
            case .crop?:
                parts.append("[\(index):v:0]scale=\(w):\(h):force_original_aspect_ratio=increase:flags=lanczos,crop=\(w):\(h),setsar=1,fps=\(rate),format=yuv420p[v\(index)]")
            case .pad?:
                parts.append(
                    "[\(index):v:0]split=2[bg\(index)][fg\(index)];"
                        + "[bg\(index)]scale=\(w):\(h):force_original_aspect_ratio=increase,crop=\(w):\(h),boxblur=20:2[bb\(index)];"
                        + "[fg\(index)]scale=\(w):\(h):force_original_aspect_ratio=decrease:flags=lanczos[fs\(index)];"
                        + "[bb\(index)][fs\(index)]overlay=(W-w)/2:(H-h)/2,setsar=1,fps=\(rate),format=yuv420p[v\(index)]"
                )
            case nil:
                var input = "[\(index):v:0]"
                if let reference, isPlainCut {
                    parts.append("[0:v:0]split=2[src][refsrc];[refsrc]fps=\(rate),select='not(mod(n\\,\(max(1, reference.step))))',setsar=1,format=yuv420p[ref]")
                    input = "[src]"
                }
                parts.append(
                    "\(input)scale=\(w):\(h):force_original_aspect_ratio=decrease:flags=lanczos,"
                        + "pad=\(w):\(h):(ow-iw)/2:(oh-ih)/2,setsar=1,fps=\(rate),format=yuv420p[v\(index)]"
                )
            }
            concatInputs += "[v\(index)]"
            if withAudio {
                if clip.hasAudio {
                    parts.append("[\(index):a:0]aresample=48000,aformat=channel_layouts=stereo,volume=\(Self.decimal(clip.volume / 100))[a\(index)]")
                } else {
                    parts.append("anullsrc=r=48000:cl=stereo,atrim=duration=\(Self.seconds(clip.duration))[a\(index)]")
                }
                concatInputs += "[a\(index)]"
            }
        }
        let videoLabel = overlays.isEmpty && captions.isEmpty ? "v" : "vc"
        let mixMusic = includeAudio && music != nil && (music?.volume ?? 0) > 0
        let clipAudioLabel = mixMusic ? "ac" : "a"
        parts.append("\(concatInputs)concat=n=\(clips.count):v=1:a=\(withAudio ? 1 : 0)[\(videoLabel)]\(withAudio ? "[\(clipAudioLabel)]" : "")")
        if mixMusic, let music {
            let length = duration
            let fade = min(2, length / 4)
            let musicLabel = withAudio ? "bgm" : "a"
            parts.append(
                "[\(clips.count):a:0]aresample=48000,aformat=channel_layouts=stereo,volume=\(Self.decimal(music.volume / 100)),"
                    + "atrim=0:\(Self.seconds(length)),asetpts=N/SR/TB,afade=t=out:st=\(Self.seconds(length - fade)):d=\(Self.seconds(fade))[\(musicLabel)]"
            )
            if withAudio {
                parts.append("[ac][bgm]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[a]")
            }
        }
        if !captions.isEmpty {
            parts.append("[vc]ass=\(Self.captionFileName)[\(overlays.isEmpty ? "v" : "vs")]")
        }
        if !overlays.isEmpty {
            var label = captions.isEmpty ? videoLabel : "vs"
            for (index, overlay) in overlays.enumerated() {
                let next = index == overlays.count - 1 ? "v" : "t\(index)"
                parts.append("[\(label)]\(drawtext(overlay, width: plan.width, height: plan.height))[\(next)]")
                label = next
            }
        }
        let graph = parts.joined(separator: ";")
        guard speed != 1 else { return graph }
        // The speed change comes last: the finished picture and sound are retimed together.
        var retimed = graph.replacingOccurrences(of: "[v]", with: "[vpre]")
        retimed += ";[vpre]setpts=PTS/\(Self.decimal(speed)),fps=\(rate)[v]"
        if retimed.contains("[a]") {
            retimed = retimed.replacingOccurrences(of: "[a]", with: "[apre]")
            retimed += ";[apre]atempo=\(Self.decimal(speed))[a]"
        }
        return retimed
    }

    /// The font size for a text: a share of the frame's short side, made smaller when the line
    /// would not fit in 92% of the width (a glyph is about 0.6 of the size wide on average).
    static func fontSize(characters: Int, width: Int, height: Int, isTitle: Bool) -> Int {
        let preferred = Double(min(width, height)) * (isTitle ? 0.12 : 0.065)
        let fitting = Double(width) * 0.92 / (0.6 * Double(max(characters, 1)))
        return max(12, Int(min(preferred, fitting)))
    }

    private func drawtext(_ overlay: Overlay, width: Int, height: Int) -> String {
        let size = Self.fontSize(characters: overlay.characters, width: width, height: height, isTitle: overlay.isTitle)
        let y: String
        switch overlay.position {
        case "top", "top-left", "top-right": y = "h*0.08"
        case "center": y = "(h-text_h)/2"
        default: y = "h*0.86-text_h"
        }
        let x: String
        switch overlay.position {
        case "top-left", "bottom-left": x = "w*0.05"
        case "top-right", "bottom-right": x = "w*0.95-text_w"
        default: x = "(w-text_w)/2"
        }
        var options = [
            // The text is drawn as written: no %{…} expansion, so "50% off" stays and no
            // expression can run inside ffmpeg.
            "textfile=\(overlay.file.lastPathComponent)", "expansion=none",
            "fontsize=\(size)", "fontcolor=white", "borderw=\(max(2, size / 14))", "bordercolor=black@0.85",
            "x=\(x)", "y=\(y)",
            "enable='between(t,\(Self.seconds(overlay.start)),\(Self.seconds(overlay.end)))'",
        ]
        if let fontFile { options.insert("fontfile='\(Self.escape(fontFile))'", at: 0) }
        return "drawtext=" + options.joined(separator: ":")
    }

    /// Escapes a value for a single-quoted filter option.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\\\\\")
            .replacingOccurrences(of: "'", with: "'\\\\\\''")
            .replacingOccurrences(of: ":", with: "\\\\:")
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", max(0, value)) }
    static func decimal(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Fonts that cover Latin text, and CJK when Debian's Noto CJK is installed.
    static func font(for texts: [String]) -> String? {
        let needsCJK = texts.contains { $0.unicodeScalars.contains { $0.properties.isIdeographic } }
        let candidates =
            needsCJK
            ? ["/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]
            : []
        for path in candidates + ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
        where FileManager.default.fileExists(atPath: path) {
            return path
        }
        return nil
    }
}
