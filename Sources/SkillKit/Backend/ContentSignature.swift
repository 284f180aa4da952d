import Foundation

/// Recognises a file's format by its first bytes, so that a file named `.mp4` that is really
/// a program, a document or noise is refused before it is sent anywhere.
public enum ContentSignature: String, Sendable, CaseIterable {
    case isoMedia = "MP4/MOV"  // ftyp box (or QuickTime's older leading atoms)
    case matroska = "WebM/MKV"  // EBML header
    case avi = "AVI"
    case mpegTransport = "MPEG-TS"
    case flv = "FLV"
    case wave = "WAV"
    case mp3 = "MP3"
    case adts = "AAC"
    case jpeg = "JPEG"
    case png = "PNG"
    case gif = "GIF"
    case webp = "WebP"
    case subRip = "SRT"

    /// How many leading bytes ``detect(_:)`` looks at (three MPEG-TS packets, and room for an
    /// SRT's first cue).
    public static let headerLength = 1_024

    /// The format whose signature `header` (a file's first bytes) carries, if any.
    public static func detect(_ header: Data) -> ContentSignature? {
        let bytes = [UInt8](header.prefix(headerLength))
        func ascii(_ text: String, at offset: Int) -> Bool {
            let expected = Array(text.utf8)
            return bytes.count >= offset + expected.count && Array(bytes[offset..<offset + expected.count]) == expected
        }
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }

        if ["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"].contains(where: { ascii($0, at: 4) }) { return .isoMedia }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        if ascii("RIFF", at: 0) {
            if ascii("AVI ", at: 8) { return .avi }
            if ascii("WAVE", at: 8) { return .wave }
            if ascii("WEBP", at: 8) { return .webp }
            return nil
        }
        if ascii("FLV", at: 0), bytes.count > 3, bytes[3] == 1 { return .flv }
        // 188-byte packets, each starting with the sync byte 0x47.
        if bytes.count >= 376, bytes[0] == 0x47, bytes[188] == 0x47, bytes.count < 564 || bytes[376] == 0x47 { return .mpegTransport }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if ascii("GIF87a", at: 0) || ascii("GIF89a", at: 0) { return .gif }
        if ascii("ID3", at: 0) { return .mp3 }
        if bytes.count >= 2, bytes[0] == 0xFF {
            // ADTS: sync 0xFFF, layer 00; MPEG audio: sync 0xFFE, layer not 00.
            if bytes[1] & 0xF6 == 0xF0 { return .adts }
            if bytes[1] & 0xE0 == 0xE0, bytes[1] & 0x06 != 0 { return .mp3 }
        }
        if isSubRip(bytes) { return .subRip }
        return nil
    }

    /// Text whose first cue has a number line and a `-->` timing line.
    private static func isSubRip(_ bytes: [UInt8]) -> Bool {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.contains("\u{FFFD}") || bytes.count == headerLength else { return false }  // not text (a cut character at the end is fine)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count >= 2, lines[0].allSatisfy(\.isNumber), lines[1].contains("-->") else { return false }
        return true
    }

    /// The formats, for messages.
    public static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads the first bytes of `file` and names its format; nil when it matches none.
    public static func detect(file: URL) -> ContentSignature? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }  // unreadable: the caller's own checks say so
        // try?: read-only: a failed close loses nothing.
        defer { try? handle.close() }
        // try?: unreadable first bytes are no known signature, and the file is refused.
        return (try? handle.read(upToCount: headerLength)).flatMap { $0.flatMap(detect) }
    }
}
