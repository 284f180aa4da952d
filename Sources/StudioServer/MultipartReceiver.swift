import Foundation
import Hummingbird
import LocalStudio
import SkillKit

/// Writes the file parts of a multipart body straight to disk as they arrive, refusing a part
/// whose name has an unsupported extension before a byte of it is written, and any part over
/// the size limit as soon as it crosses it.
final class MultipartReceiver {
    struct Received {
        var file: URL
        var filename: String
    }

    private var scanner: MultipartScanner
    private let folder: URL
    private let maximumBytes: Int64
    private var headers: [String: String] = [:]
    private var current: (handle: FileHandle, file: URL, filename: String, bytes: Int64)?
    private var skippingPart = false
    private(set) var received: [Received] = []
    private var failure: StudioError?
    /// Bytes of every part so far: the limit holds for the whole body, not each part alone.
    private var totalBytes: Int64 = 0
    private var headerBytes = 0
    private var headerCount = 0
    /// The end of the body, to check its closing boundary.
    private var tail: [UInt8] = []
    private let closing: [UInt8]

    /// A part's headers may take this much, in this many lines.
    static let maximumHeaderBytes = 16 * 1024
    static let maximumHeaders = 32

    init(boundary: String, folder: URL, maximumBytes: Int64) {
        scanner = MultipartScanner(boundary: boundary, maximumHeaderBytes: Self.maximumHeaderBytes)
        self.folder = folder
        self.maximumBytes = maximumBytes
        closing = Array("--\(boundary)--".utf8)
    }

    /// Feeds the next piece of the body.
    func consume(_ buffer: ByteBuffer) throws {
        tail.append(contentsOf: buffer.readableBytesView.suffix(closing.count + 4))
        if tail.count > closing.count + 4 { tail.removeFirst(tail.count - closing.count - 4) }
        let events: [MultipartScanner.Event]
        do {
            events = try buffer.withUnsafeReadableBytes { bytes throws(MultipartScanner.Failure) in try scanner.scan(bytes) }
        } catch {
            throw StudioError.badRequest("A part's headers are over \(Self.maximumHeaderBytes / 1024) KB or not header lines.")
        }
        for event in events {
            switch event {
            case .header(let name, let value): header(name, value)
            case .body(let bytes): body(bytes)
            case .partEnd: partComplete()
            }
            if failure != nil { break }
        }
        if let failure { throw failure }
    }

    /// Checks that the body ended as a multipart body must, with its closing boundary; a body
    /// cut short is refused and leaves nothing behind.
    func finish() throws {
        var end = tail[...]
        while let last = end.last, last == 0x0A || last == 0x0D { end = end.dropLast() }
        guard current == nil, scanner.isComplete, end.count >= closing.count, Array(end.suffix(closing.count)) == closing else {
            throw StudioError.badRequest("The multipart body ended without its closing boundary; send the upload again.")
        }
    }

    private func header(_ name: String, _ value: String) {
        headerBytes += name.utf8.count + value.utf8.count + 4
        headerCount += 1
        guard headerBytes <= Self.maximumHeaderBytes, headerCount <= Self.maximumHeaders else {
            if failure == nil { failure = .badRequest("A part's headers are over \(Self.maximumHeaderBytes / 1024) KB or \(Self.maximumHeaders) lines.") }
            return
        }
        headers[name.lowercased()] = value
    }

    /// Removes what was written, after a failure.
    func discard() {
        try? current?.handle.close()
        if let file = current?.file { try? FileManager.default.removeItem(at: file) }
        for item in received { try? FileManager.default.removeItem(at: item.file) }
        current = nil
        received = []
    }

    private func body(_ bytes: Data) {
        guard failure == nil, !skippingPart else { return }
        if current == nil {
            guard let filename = Self.filename(from: headers["content-disposition"] ?? "") else {
                skippingPart = true  // a plain form field, not a file
                return
            }
            let ext = (filename as NSString).pathExtension.lowercased()
            guard MediaRules.acceptedExtensions.contains(ext) || ["jpeg", "srt"].contains(ext) else {
                failure = .unsupportedFormat(name: filename)
                return
            }
            let file = folder.appendingPathComponent("upload-\(UUID().uuidString).\(ext)")
            guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = try? FileHandle(forWritingTo: file)
            else {
                failure = .storage("cannot create \(file.lastPathComponent)")
                return
            }
            current = (handle, file, filename, 0)
        }
        guard var part = current else { return }
        part.bytes += Int64(bytes.count)
        totalBytes += Int64(bytes.count)
        guard part.bytes <= maximumBytes, totalBytes <= maximumBytes else {
            failure = .fileTooLarge(name: part.filename, bytes: max(part.bytes, totalBytes))
            return
        }
        do {
            try part.handle.write(contentsOf: bytes)
        } catch {
            failure = .storage(error.localizedDescription)
        }
        current = part
    }

    private func partComplete() {
        if let part = current {
            try? part.handle.close()
            received.append(Received(file: part.file, filename: part.filename))
        }
        current = nil
        headers = [:]
        headerBytes = 0
        headerCount = 0
        skippingPart = false
    }

    /// The file name from a Content-Disposition header, reduced to its last component so a
    /// client cannot name a place outside the store.
    static func filename(from disposition: String) -> String? {
        var value: String?
        for piece in disposition.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("filename*="), let encoded = trimmed.split(separator: "'", maxSplits: 2).last {
                value = String(encoded).removingPercentEncoding
            } else if value == nil, trimmed.lowercased().hasPrefix("filename=") {
                value = String(trimmed.dropFirst("filename=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        guard let raw = value else { return nil }
        let last = raw.replacingOccurrences(of: "\\", with: "/").split(separator: "/").last.map(String.init) ?? ""
        let cleaned = last.filter { !$0.isASCII || ($0.asciiValue! >= 0x20 && $0 != "\u{7F}") }
        guard !cleaned.isEmpty, cleaned != ".", cleaned != ".." else { return nil }
        return String(cleaned.prefix(200))
    }
}
