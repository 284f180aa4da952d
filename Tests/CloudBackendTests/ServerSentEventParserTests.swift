import SkillShellTestSupport
import Testing

@testable import CloudBackend

/// The WHATWG event-stream rules, each vector checked whole and under 200 random chunkings.
struct ServerSentEventParserTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let stream: [UInt8]
        let expected: [ServerSentEventItem]
        var testDescription: String { name }

        init(_ name: String, _ text: String, _ expected: [ServerSentEventItem]) {
            self.name = name
            stream = Array(text.utf8)
            self.expected = expected
        }

        init(_ name: String, bytes: [UInt8], _ expected: [ServerSentEventItem]) {
            self.name = name
            stream = bytes
            self.expected = expected
        }
    }

    static func event(_ data: String, type: String = "message", id: String = "") -> ServerSentEventItem {
        .event(ServerSentEvent(type: type, data: data, lastEventID: id))
    }

    static let vectors: [Vector] = [
        Vector("LF", "data: hello\n\n", [event("hello")]),
        Vector("CRLF", "data: hello\r\n\r\n", [event("hello")]),
        Vector("CR", "data: hello\r\r", [event("hello")]),
        Vector("mixed line ends", "data: a\r\n\r\ndata: b\r\rdata: c\n\n", [event("a"), event("b"), event("c")]),
        Vector("multi-line data", "data: one\ndata: two\ndata:\n\n", [event("one\ntwo\n")]),
        Vector("no space after colon", "data:x\n\n", [event("x")]),
        Vector("only one space removed", "data:  x\n\n", [event(" x")]),
        Vector("field without colon", "data\n\n", [event("")]),
        Vector("empty data is an event", "data:\n\n", [event("")]),
        Vector("comment", ": ping\n\n", [.comment(" ping")]),
        Vector("comment between data lines", "data: a\n: keep-alive\ndata: b\n\n", [.comment(" keep-alive"), event("a\nb")]),
        Vector("event type", "event: add\ndata: 1\n\ndata: 2\n\n", [event("1", type: "add"), event("2")]),
        Vector("event without data is not dispatched", "event: nothing\n\ndata: x\n\n", [event("x")]),
        Vector("id persists", "id: 7\ndata: a\n\ndata: b\n\n", [event("a", id: "7"), event("b", id: "7")]),
        Vector("id with NUL is ignored", "id: 1\ndata: a\n\nid: 2\u{0}x\ndata: b\n\n", [event("a", id: "1"), event("b", id: "1")]),
        Vector("empty id resets", "id: 5\ndata: a\n\nid\ndata: b\n\n", [event("a", id: "5"), event("b", id: "")]),
        Vector("retry", "retry: 1500\ndata: a\n\n", [.retry(1500), event("a")]),
        Vector("bad retry ignored", "retry: 15x\nretry:\ndata: a\n\n", [event("a")]),
        Vector("unknown fields ignored", "foo: bar\ndata: a\nbaz\n\n", [event("a")]),
        Vector("BOM at start skipped", "\u{FEFF}data: x\n\n", [event("x")]),
        Vector("BOM later is part of a field name", "data: x\n\n\u{FEFF}data: y\n\n", [event("x")]),
        Vector("two BOMs: only the first skipped", "\u{FEFF}\u{FEFF}data: x\n\n", []),
        Vector("unterminated final event dropped", "data: x\n\ndata: y", [event("x")]),
        Vector("final event needs a blank line", "data: x\n\ndata: y\n", [event("x")]),
        Vector("UTF-8 text", "data: 导出 ✓\n\n", [event("导出 ✓")]),
        Vector("JSON payload", "data: {\"content\":{\"parts\":[{\"text\":\"hi\"}]}}\n\n", [event("{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}")]),
        Vector("colon in value", "data: a: b\n\n", [event("a: b")]),
        Vector("blank lines alone dispatch nothing", "\n\n\r\n\r", []),
        Vector("partial BOM is data", bytes: [0xEF, 0xBB] + Array("data: x\n\n".utf8), []),
    ]

    @Test(arguments: vectors)
    func parsesWhole(_ vector: Vector) {
        var parser = ServerSentEventParser()
        var items = parser.feed(vector.stream)
        parser.finish()
        items += parser.feed([])
        #expect(items == vector.expected)
    }

    @Test(arguments: vectors)
    func parsesUnder200RandomChunkings(_ vector: Vector) {
        // A stable seed per vector (String.hashValue changes from run to run).
        var generator = SplitMix64(seed: vector.name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
        for round in 0..<200 {
            var parser = ServerSentEventParser()
            var items: [ServerSentEventItem] = []
            var index = 0
            while index < vector.stream.count {
                // Mostly tiny pieces (so CR and LF land in different chunks), sometimes large.
                let limit = round % 4 == 0 ? vector.stream.count : 3
                let length = Int(generator.next() % UInt64(limit)) + 1
                let end = min(vector.stream.count, index + length)
                items += parser.feed(vector.stream[index..<end])
                index = end
            }
            parser.finish()
            #expect(items == vector.expected, "round \(round)")
            if items != vector.expected { return }
        }
    }

    @Test func oversizedLinesAndEventsAreCapped() {
        var parser = ServerSentEventParser(maximumLineBytes: 16, maximumEventBytes: 40)
        let long = String(repeating: "a", count: 100)
        var items = parser.feed(Array("data: \(long)\n\n".utf8))
        guard case .event(let event)? = items.first else {
            Issue.record("no event")
            return
        }
        #expect(event.data.utf8.count <= 16)
        items = parser.feed(Array(String(repeating: "data: 0123456789\n", count: 20).utf8 + [0x0A]))
        guard case .event(let many)? = items.first else {
            Issue.record("no event")
            return
        }
        #expect(many.data.utf8.count <= 40)
    }
}
