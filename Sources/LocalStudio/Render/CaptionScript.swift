import Foundation
import SkillKit

/// Captions as an Advanced SubStation script, burned in by ffmpeg's `ass` filter (libass).
///
/// One style for every line: bold white with a dark outline and a soft shadow, centred above
/// the bottom edge, sized from the frame so it reads the same at 480p and at 1080x1920.
struct CaptionScript {
    struct Line {
        var start: Double
        var end: Double
        var text: String
    }

    var lines: [Line]
    var width: Int
    var height: Int

    /// The font's family name for fontconfig: a CJK family when any line needs one.
    var fontName: String {
        let needsCJK = lines.contains { $0.text.unicodeScalars.contains { $0.properties.isIdeographic } }
        guard needsCJK else { return "DejaVu Sans" }
        if FileManager.default.fileExists(atPath: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc") { return "Noto Sans CJK SC" }
        return "WenQuanYi Zen Hei"
    }

    var fontSize: Int { max(16, Int((Double(min(width, height)) * 0.055).rounded())) }  // checked: frame sizes are at most 1920

    var text: String {
        let outline = max(2, fontSize / 12)
        let marginV = Int(Double(height) * 0.07)  // checked: frame sizes are at most 1920
        let marginH = Int(Double(width) * 0.05)  // checked: frame sizes are at most 1920
        var script = """
            [Script Info]
            ScriptType: v4.00+
            PlayResX: \(width)
            PlayResY: \(height)
            WrapStyle: 0
            ScaledBorderAndShadow: yes

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Caption,\(fontName),\(fontSize),&H00FFFFFF,&H000000FF,&H00101010,&H80000000,-1,0,0,0,100,100,0,0,1,\(outline),1,2,\(marginH),\(marginH),\(marginV),1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text

            """
        for line in lines where line.end > line.start {
            script += "Dialogue: 0,\(Self.time(line.start)),\(Self.time(line.end)),Caption,,0,0,0,,\(Self.escape(line.text))\n"
        }
        return script
    }

    /// `h:mm:ss.cc`.
    static func time(_ seconds: Double) -> String {
        let centiseconds = CheckedNumber.clamped(seconds * 100, to: 0...(CheckedNumber.maximumMilliseconds / 10))
        return String(format: "%d:%02d:%02d.%02d", centiseconds / 360_000, centiseconds / 6000 % 60, centiseconds / 100 % 60, centiseconds % 100)
    }

    /// Text as libass shows it literally: braces would start override tags and a backslash an
    /// escape, so they are replaced by look-alikes; line breaks become `\N`.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "＼")
            .replacingOccurrences(of: "{", with: "｛")
            .replacingOccurrences(of: "}", with: "｝")
            .replacingOccurrences(of: "\r\n", with: "\\N")
            .replacingOccurrences(of: "\n", with: "\\N")
            .replacingOccurrences(of: "\r", with: "\\N")
    }
}
