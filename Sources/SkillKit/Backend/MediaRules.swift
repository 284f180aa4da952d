import Foundation

/// What the service accepts, checked on the client before a byte is sent.
public enum MediaRules {
    /// The accepted file extensions.
    public static let acceptedExtensions: [String] = [
        "mp4", "mov", "avi", "webm", "mkv", "jpg", "png", "gif", "webp", "mp3", "wav", "m4a", "aac",
    ]
    /// The largest accepted file: 500 MB.
    public static let maximumUploadBytes: Int64 = 500_000_000

    static var acceptedList: String { acceptedExtensions.joined(separator: ", ") }

    /// Throws the sentence the user should see when `file` cannot be uploaded; returns its size.
    @discardableResult
    public static func validate(_ file: URL, alsoAccepting extra: Set<String> = []) throws(BackendError) -> Int64 {
        let path = file.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .notAFile(path: path) }
        let ext = file.pathExtension.lowercased()
        // jpeg is the same format as jpg under its other common name.
        guard acceptedExtensions.contains(ext) || ext == "jpeg" || extra.contains(ext) else {
            throw .unsupportedFile(name: file.lastPathComponent)
        }
        // try?: an unreadable size reads as 0 bytes: the file is then refused as empty.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size > 0 else { throw .emptyFile(path: path) }
        guard size <= maximumUploadBytes else { throw .fileTooLarge(name: file.lastPathComponent, bytes: size) }
        guard ContentSignature.detect(file: file) != nil else { throw .unrecognisedContent(name: file.lastPathComponent) }
        return size
    }
}
