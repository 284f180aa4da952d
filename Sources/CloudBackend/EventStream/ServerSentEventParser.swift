/// One event dispatched from a `text/event-stream`.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, or "message" when none was given.
    public var type: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last event id seen on the stream so far.
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// What the parser found in a chunk: events to dispatch, comments (heartbeats) and retry hints.
public enum ServerSentEventItem: Sendable, Equatable {
    case event(ServerSentEvent)
    /// A line starting with ":" (servers send these as keep-alives).
    case comment(String)
    /// A `retry:` field with a valid number of milliseconds.
    case retry(Int)
}

/// An incremental parser for the WHATWG `text/event-stream` format.
///
/// Feed it bytes exactly as they arrive, split anywhere; lines may end in CR, LF or CRLF, even
/// when the CR and the LF arrive in different chunks. A byte order mark is skipped only at the
/// very start of the stream, and an event is dispatched only when a blank line ends it: a final
/// event cut off by the end of the stream is dropped, as the standard says.
///
/// The parser depends on nothing but the standard library so the fuzz target can build it alone.
public struct ServerSentEventParser: Sendable {
    /// The longest line kept; longer lines are cut here, so a hostile stream cannot grow memory.
    public let maximumLineBytes: Int
    /// The most data one event may gather; the rest of an oversized event is dropped.
    public let maximumEventBytes: Int

    private var line: [UInt8] = []
    private var lineOverflowed = false
    private var lastWasCR = false
    private var atStreamStart = true
    private var bomCandidate: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType = ""
    private var lastEventID = ""

    public init(maximumLineBytes: Int = 1 << 20, maximumEventBytes: Int = 8 << 20) {
        self.maximumLineBytes = maximumLineBytes
        self.maximumEventBytes = maximumEventBytes
    }

    /// Parses `bytes`, returning whatever they completed.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [ServerSentEventItem] where Bytes.Element == UInt8 {
        var items: [ServerSentEventItem] = []
        for byte in bytes {
            if atStreamStart {
                // Hold back up to three bytes until we know whether they are EF BB BF.
                bomCandidate.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if bomCandidate == Array(bom.prefix(bomCandidate.count)) {
                    if bomCandidate.count == 3 {
                        bomCandidate = []
                        atStreamStart = false
                    }
                    continue
                }
                atStreamStart = false
                let held = bomCandidate
                bomCandidate = []
                for heldByte in held { consume(heldByte, into: &items) }
                continue
            }
            consume(byte, into: &items)
        }
        return items
    }

    /// Ends the stream: an unterminated event is discarded, never dispatched.
    public mutating func finish() {
        line = []
        data = []
        hasData = false
        eventType = ""
        bomCandidate = []
    }

    private mutating func consume(_ byte: UInt8, into items: inout [ServerSentEventItem]) {
        switch byte {
        case 0x0D:
            endLine(into: &items)
            lastWasCR = true
        case 0x0A:
            if lastWasCR {
                lastWasCR = false  // the LF of a CRLF pair
            } else {
                endLine(into: &items)
            }
        default:
            lastWasCR = false
            if line.count < maximumLineBytes {
                line.append(byte)
            } else {
                lineOverflowed = true
            }
        }
    }

    private mutating func endLine(into items: inout [ServerSentEventItem]) {
        defer {
            line.removeAll(keepingCapacity: true)
            lineOverflowed = false
        }
        if line.isEmpty {
            dispatch(into: &items)
            return
        }
        if line[0] == 0x3A {  // ":" starts a comment
            items.append(.comment(Self.text(line.dropFirst())))
            return
        }
        let field: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: 0x3A) {
            field = line[..<colon]
            value = line[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
        } else {
            field = line[...]
            value = []
        }
        switch Self.text(field) {
        case "data":
            if data.count + value.count < maximumEventBytes {
                data.append(contentsOf: value)
                data.append(0x0A)
            }
            hasData = true
        case "event":
            eventType = Self.text(value)
        case "id":
            if !value.contains(0) { lastEventID = Self.text(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count <= 18,
                let milliseconds = Int(Self.text(value))  // checked: parses text; nil when it is not a number
            {
                items.append(.retry(milliseconds))
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatch(into items: inout [ServerSentEventItem]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = ""
        }
        guard hasData else { return }
        if data.last == 0x0A { data.removeLast() }
        items.append(
            .event(
                ServerSentEvent(
                    type: eventType.isEmpty ? "message" : eventType, data: Self.text(data[...]), lastEventID: lastEventID
                )))
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
