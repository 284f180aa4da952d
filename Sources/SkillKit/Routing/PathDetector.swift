import Foundation

/// Recognises file paths in what the user typed or dropped into the terminal.
public struct PathDetector: Sendable {
    /// Extensions that mark a word as a media file even when it does not exist (yet).
    public static let mediaExtensions: Set<String> = Set(MediaRules.acceptedExtensions + ["jpeg", "srt", "ass", "vtt", "m4v", "flac", "ogg", "opus"])

    let home: URL
    let currentDirectory: URL
    let fileExists: @Sendable (String) -> Bool

    public init(
        home: URL = PathExpansion.home,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) {
        self.home = home
        self.currentDirectory = currentDirectory
        self.fileExists = fileExists
    }

    /// The absolute path a word names, or `nil` when the word is not a path.
    public func path(in word: ShellWords.Word) -> String? {
        let text = word.text
        guard text.count > 1 else { return nil }
        if text.lowercased().hasPrefix("file://") {
            guard let url = URL(string: text), url.isFileURL, !url.path.isEmpty else {
                // Not a valid URL (for example unescaped spaces): read it as a plain path.
                let path = String(text.dropFirst("file://".count))
                return path.removingPercentEncoding ?? path
            }
            return url.path
        }
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            // A web address of a media file is uploaded from the web.
            guard let url = URL(string: text), url.host != nil,
                Self.mediaExtensions.contains(url.pathExtension.lowercased())
            else { return nil }
            return url.absoluteString
        }
        let expanded = PathExpansion.expandTilde(text, home: home)
        let absolute = expanded.hasPrefix("/") ? expanded : currentDirectory.appendingPathComponent(expanded).path
        let ext = PathText.pathExtension(text).lowercased()
        let looksLikePath = text.hasPrefix("/") || text.hasPrefix("~/") || text.hasPrefix("./") || text.hasPrefix("../")
        if looksLikePath {
            // "/skill" alone is a command; a rooted word counts when it exists, has a second
            // component, or names a media file.
            if fileExists(absolute) || Self.mediaExtensions.contains(ext) || text.dropFirst().contains("/") {
                return URL(fileURLWithPath: absolute).standardizedFileURL.path
            }
            return nil
        }
        if Self.mediaExtensions.contains(ext) && !text.contains("://") {
            return URL(fileURLWithPath: absolute).standardizedFileURL.path
        }
        if word.wasQuotedOrEscaped, text.contains("/"), fileExists(absolute) {
            return URL(fileURLWithPath: absolute).standardizedFileURL.path
        }
        return nil
    }
}
