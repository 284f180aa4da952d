import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a multipart/form-data body piece by piece (RFC 7578 over RFC 2046): the headers of
/// each part, its bytes, and its end. Boundaries are found with `memchr` and `memcmp` over the bytes
/// as they lie, so a large upload costs a copy and a search, never a step per byte; a boundary split
/// across two pieces is found because the tail that could begin one is held back.
struct MultipartScanner {
    /// What the scanner found in a piece, in order.
    enum Event {
        case header(name: String, value: String)
        case body(Data)
        case partEnd
    }

    enum Failure: Error {
        /// A header line without a colon, or headers longer than allowed.
        case malformedHeaders
    }

    private enum Phase {
        case preamble
        case afterBoundary
        case headers
        case body
        case epilogue
    }

    private let opening: [UInt8]
    private let delimiter: [UInt8]
    private let maximumHeaderBytes: Int
    private var phase = Phase.preamble
    /// Bytes read but not yet decided on: a possible start of a boundary, or unfinished headers.
    private var pending: [UInt8] = []

    init(boundary: String, maximumHeaderBytes: Int) {
        opening = Array("--\(boundary)".utf8)
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maximumHeaderBytes = maximumHeaderBytes
    }

    /// True once the closing boundary has been read.
    var isComplete: Bool {
        if case .epilogue = phase { return true }
        return false
    }

    /// Reads the next piece of the body; returns what it completed.
    mutating func scan(_ piece: UnsafeRawBufferPointer) throws(Failure) -> [Event] {
        pending.append(contentsOf: piece)
        var events: [Event] = []
        var position = 0
        loop: while true {
            switch phase {
            case .preamble:
                guard let found = find(opening, from: position) else {
                    position = max(position, pending.count - (opening.count - 1))
                    break loop
                }
                position = found + opening.count
                phase = .afterBoundary
            case .afterBoundary:
                guard pending.count - position >= 2 else { break loop }
                if pending[position] == 0x2D, pending[position + 1] == 0x2D {  // "--": the last boundary
                    phase = .epilogue
                } else {
                    // Transport padding may follow a boundary before its CRLF.
                    guard let lineEnd = find([0x0D, 0x0A], from: position) else { break loop }
                    position = lineEnd + 2
                    phase = .headers
                }
            case .headers:
                if position < pending.count - 1, pending[position] == 0x0D, pending[position + 1] == 0x0A {
                    position += 2  // a part without headers
                    phase = .body
                    continue
                }
                guard let end = find([0x0D, 0x0A, 0x0D, 0x0A], from: position) else {
                    guard pending.count - position <= maximumHeaderBytes else { throw .malformedHeaders }
                    break loop
                }
                guard end - position <= maximumHeaderBytes else { throw .malformedHeaders }
                let text = String(decoding: pending[position..<end], as: UTF8.self)
                for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw .malformedHeaders }
                    events.append(.header(name: String(line[..<colon]).trimmingCharacters(in: .whitespaces), value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
                }
                position = end + 4
                phase = .body
            case .body:
                if let found = find(delimiter, from: position) {
                    if found > position { events.append(.body(Data(pending[position..<found]))) }
                    events.append(.partEnd)
                    position = found + delimiter.count
                    phase = .afterBoundary
                } else {
                    // Everything but a tail that could be the start of the delimiter.
                    let safe = max(position, pending.count - (delimiter.count - 1))
                    if safe > position { events.append(.body(Data(pending[position..<safe]))) }
                    position = safe
                    break loop
                }
            case .epilogue:
                position = pending.count
                break loop
            }
        }
        pending.removeFirst(position)
        return events
    }

    /// Where `needle` starts in the pending bytes at or after `start`: `memchr` finds each
    /// candidate first byte, `memcmp` checks the rest.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, pending.count - start >= needle.count else { return nil }
        return pending.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                guard let base = haystack.baseAddress, let rest = wanted.baseAddress else { return nil }
                let last = haystack.count - needle.count
                var offset = start
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, rest, needle.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }
}
