import Foundation

/// How ffmpeg and ffprobe open a stored upload: with the demuxer its extension promises and
/// local files only. An ".mp4" that is really an HLS playlist or a concat script is then just an
/// unreadable MP4: it cannot make a tool read other files, or anything over a network.
enum MediaInput {
    /// The demuxer for each extension the studio accepts.
    static let demuxers: [String: String] = [
        "mp4": "mov", "mov": "mov", "m4v": "mov", "m4a": "mov", "3gp": "mov",
        "webm": "matroska", "mkv": "matroska", "avi": "avi", "gif": "gif",
        "mp3": "mp3", "wav": "wav", "aac": "aac", "flac": "flac", "ogg": "ogg", "opus": "ogg",
        "jpg": "image2", "jpeg": "image2", "png": "image2", "webp": "image2",
    ]

    /// The options that go before `-i` (ffmpeg) or the path (ffprobe) for `file`.
    static func options(for file: URL) -> [String] {
        var options = ["-protocol_whitelist", "file"]
        if let demuxer = demuxers[file.pathExtension.lowercased()] { options += ["-f", demuxer] }
        return options
    }

    /// `-i` and the file, with its options before it.
    static func input(_ file: URL) -> [String] {
        options(for: file) + ["-i", file.path]
    }
}
