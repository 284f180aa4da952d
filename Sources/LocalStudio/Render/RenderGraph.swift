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
    }

    var clips: [Clip]
    var overlays: [Overlay]
    var fontFile: String?

    var duration: Double { clips.reduce(0) { $0 + $1.duration } }
    var hasAudio: Bool { clips.contains { $0.hasAudio && $0.volume > 0 } }

    /// `-ss/-t/-i` for each clip.
    var inputArguments: [String] {
        clips.flatMap { clip in
            ["-ss", Self.seconds(clip.inPoint), "-t", Self.seconds(clip.duration), "-i", clip.file.path]
        }
    }

    /// The filter graph for `plan`, ending in `[v]` and (when there is sound) `[a]`.
    func filterGraph(for plan: EncodePlan, includeAudio: Bool) -> String {
        var parts: [String] = []
        var concatInputs = ""
        let withAudio = includeAudio && hasAudio
        for (index, clip) in clips.enumerated() {
            parts.append(
                "[\(index):v:0]scale=\(plan.width):\(plan.height):force_original_aspect_ratio=decrease:flags=lanczos,"
                    + "pad=\(plan.width):\(plan.height):(ow-iw)/2:(oh-ih)/2,setsar=1,fps=\(EncodePlan.number(plan.fps)),format=yuv420p[v\(index)]"
            )
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
        let videoLabel = overlays.isEmpty ? "v" : "vc"
        parts.append("\(concatInputs)concat=n=\(clips.count):v=1:a=\(withAudio ? 1 : 0)[\(videoLabel)]\(withAudio ? "[a]" : "")")
        if !overlays.isEmpty {
            var label = videoLabel
            for (index, overlay) in overlays.enumerated() {
                let next = index == overlays.count - 1 ? "v" : "t\(index)"
                parts.append("[\(label)]\(drawtext(overlay, height: plan.height))[\(next)]")
                label = next
            }
        }
        return parts.joined(separator: ";")
    }

    private func drawtext(_ overlay: Overlay, height: Int) -> String {
        let size = max(12, Int(Double(height) * (overlay.isTitle ? 0.085 : 0.055)))
        let y: String
        switch overlay.position {
        case "top": y = "h*0.08"
        case "center": y = "(h-text_h)/2"
        default: y = "h*0.86-text_h"
        }
        var options = [
            "textfile=\(overlay.file.lastPathComponent)",
            "fontsize=\(size)", "fontcolor=white", "borderw=\(max(2, size / 14))", "bordercolor=black@0.85",
            "x=(w-text_w)/2", "y=\(y)",
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
        let candidates = needsCJK
            ? ["/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]
            : []
        for path in candidates + ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
        where FileManager.default.fileExists(atPath: path) {
            return path
        }
        return nil
    }
}
