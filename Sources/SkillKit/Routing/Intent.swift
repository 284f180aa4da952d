import Foundation

/// What the user asked for, decided before anything is sent.
public enum Intent: Sendable, Equatable {
    /// Run the export workflow, with any options the user named ("export 720p MP4").
    case export(ExportRequest)
    /// Show the credit balance.
    case credits
    /// Show the state and the timeline summary.
    case state
    /// Upload these paths; empty when the user said "upload" without naming a file.
    case upload([String])
    /// Send this text to the agent's chat stream.
    case chat(String)
}

/// Options the user named for an export; empty fields fall back to the skill's defaults.
public struct ExportRequest: Sendable, Equatable {
    /// "720p", "1080p", "480p" or "vertical".
    public var resolution: String?
    /// "mp4", "webm"…
    public var format: String?
    /// A size the file must stay under.
    public var targetBytes: Int64?
    /// With several videos on the timeline: one file each (`true`) or one joined file
    /// (`false`); `nil` leaves it to the skill.
    public var separately: Bool?
    /// Save the caption lines as a SubRip file instead of rendering the video.
    public var captions: Bool

    public init(resolution: String? = nil, format: String? = nil, targetBytes: Int64? = nil, separately: Bool? = nil, captions: Bool = false) {
        self.captions = captions
        self.resolution = resolution
        self.format = format
        self.targetBytes = targetBytes
        self.separately = separately
    }

    /// Reads the options out of a phrase such as "export 720p mp4 under 8MB".
    public init(parsing phrase: String) {
        let lower = phrase.lowercased()
        // Lookarounds rather than \b: in "导出1080p" there is no word boundary before the digits.
        if let match = lower.range(of: #"(?<![0-9])(2160|1440|1080|720|540|480|360)p(?![a-z])"#, options: .regularExpression) {
            resolution = String(lower[match])
        } else if lower.range(of: #"\b(vertical|portrait)\b|9:16|竖屏"#, options: .regularExpression) != nil {
            resolution = "vertical"
        } else if lower.range(of: #"\b4k\b"#, options: .regularExpression) != nil {
            resolution = "2160p"
        }
        if let match = lower.range(of: #"(?<![a-z0-9])(mp4|webm|mov|mkv|gif)(?![a-z0-9])"#, options: .regularExpression) {
            format = String(lower[match])
        }
        // Sizes as the request parser reads them: "4K" is a picture size, "8 megs" a target.
        targetBytes = ByteSize.find(in: lower).flatMap { _ in
            RequestParser().parse(phrase).sizeTargets.lazy.compactMap { target -> Int64? in
                if case .bytes(let bytes) = target { return bytes } else { return nil }
            }.first
        }
        // Only when the captions are what is exported: "export with captions" is a video.
        captions = lower.range(of: #"^\s*(?:/export\s+|export\s+|save\s+|download\s+)?(?:the\s+|my\s+)?(?:captions?|subtitles?|subs|srt)(?:\s+file)?\s*$|^\s*(?:导出|保存|下载)?字幕(?:文件)?\s*$"#, options: .regularExpression) != nil
        if lower.range(of: #"\b(each|separately|separate files|one by one|individually|batch|every (video|clip|file))\b|分别|逐个|每个"#, options: .regularExpression) != nil {
            separately = true
        } else if lower.range(of: #"\b(together|joined|as one|into one|single (video|file))\b|合并|合成一个"#, options: .regularExpression) != nil {
            separately = false
        }
    }

    public var isEmpty: Bool { resolution == nil && format == nil && targetBytes == nil && separately == nil && !captions }
}
