import Foundation
import SkillKit
import Testing

@testable import CloudBackend

/// Every event shape the contract lists, decoded to the same few events.
struct AgentEventDecoderTests {
    @Test(arguments: [
        (#"{"id":"1","author":"nemo_agent","partial":false,"content":{"role":"model","parts":[{"text":"Trimmed."}]}}"#, [AgentEvent.text("Trimmed.")]),
        (#"{"content":{"parts":[{"functionCall":{"name":"trim","args":{"end":5}}}]}}"#, [.toolCall(name: "trim")]),
        (#"{"content":{"parts":[{"functionResponse":{"name":"trim","response":{"ok":true}}}]}}"#, [.toolResult(name: "trim")]),
        (#"{"content":{"parts":[{"text":"Done."},{"functionCall":{"name":"export"}}]}}"#, [.text("Done."), .toolCall(name: "export")]),
        (#"{"content":{"parts":[{"text":"thinking","thought":true}]}}"#, [.heartbeat]),
        (#"{"type":"text","content":"Hello"}"#, [.text("Hello")]),
        (#"{"type":"tool_call","name":"add_music"}"#, [.toolCall(name: "add_music")]),
        (#"{"type":"tool_result","name":"add_music"}"#, [.toolResult(name: "add_music")]),
        (#"{"type":"heartbeat"}"#, [.heartbeat]),
        (#"{"error":"quota exceeded"}"#, [.failure("quota exceeded")]),
        (#"{"error":{"code":500,"message":"model overloaded"}}"#, [.failure("model overloaded")]),
        ("", [.heartbeat]),
        ("   ", [.heartbeat]),
        (#"{"content": {"parts": [ {"text": "cut"#, [.heartbeat]),
        ("plain words", [.text("plain words")]),
        (#"{"unknown":"shape"}"#, [.heartbeat]),
    ])
    func decodes(_ payload: String, _ expected: [AgentEvent]) {
        var decoder = AgentEventDecoder()
        #expect(decoder.decode(payload) == expected)
    }

    @Test func partialTextIsShownOnceNotAgainInTheFinalEvent() {
        var decoder = AgentEventDecoder()
        var shown: [AgentEvent] = []
        shown += decoder.decode(#"{"partial":true,"content":{"parts":[{"text":"Cut to "}]}}"#)
        shown += decoder.decode(#"{"partial":true,"content":{"parts":[{"text":"20 s."}]}}"#)
        shown += decoder.decode(#"{"partial":false,"content":{"parts":[{"text":"Cut to 20 s."}]}}"#)
        shown += decoder.decode(#"{"partial":false,"content":{"parts":[{"text":"Next turn."}]}}"#)
        #expect(shown.filter { $0 != .heartbeat } == [.text("Cut to "), .text("20 s."), .text("\nNext turn.")], "a second message starts a new line")
    }
}

/// The envelope's shapes and the HTTP statuses that stand in for codes.
struct APIReplyTests {
    static func reply(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<JSONValue, APIFailure> {
        APIReply(head: HTTPResponseHead(status: status, headers: headers), body: Data(body.utf8)).outcome
    }

    @Test func successShapes() throws {
        #expect(try Self.reply(200, #"{"code":0,"message":"ok","data":{"a":1}}"#).get() == .object(["a": .number(1)]))
        #expect(try Self.reply(200, #"{"code":0,"msg":"ok","data":{"a":1}}"#).get() == .object(["a": .number(1)]))
        #expect(try Self.reply(200, #"{"success":true,"data":{"a":2}}"#).get() == .object(["a": .number(2)]))
        #expect(try Self.reply(200, #"{"status":"completed","output":{"url":"x"}}"#).get()["status"] == .string("completed"))
    }

    @Test func failureShapes() {
        #expect(Self.reply(200, #"{"code":1001,"message":"expired"}"#) == .failure(.invalidToken))
        #expect(Self.reply(401, "") == .failure(.invalidToken))
        #expect(Self.reply(200, #"{"code":1002,"message":"no session"}"#) == .failure(.sessionNotFound))
        #expect(Self.reply(403, #"{"code":2001,"message":"no credits","data":{"bind_id":"anon_7"}}"#) == .failure(.noCredits(bindID: "anon_7")))
        #expect(Self.reply(200, #"{"code":4001}"#) == .failure(.unsupportedFile))
        #expect(Self.reply(413, "too big") == .failure(.fileTooLarge))
        #expect(Self.reply(402, #"{"code":402,"message":"upgrade"}"#) == .failure(.exportBlocked))
        #expect(Self.reply(429, "", headers: ["retry-after": "7"]) == .failure(.rateLimited(retryAfter: .seconds(7))))
        #expect(Self.reply(400, #"{"code":400,"message":"missing X-Client-Id"}"#) == .failure(.badRequest(message: "missing X-Client-Id")))
        #expect(Self.reply(200, #"{"success":false,"error":"nope"}"#) == .failure(.server(status: 200, code: -1, message: "nope")))
        #expect(Self.reply(503, "<html>busy</html>") == .failure(.server(status: 503, code: nil, message: "")))
        #expect(Self.reply(200, "{not json") == .failure(.malformed))
        #expect(Self.reply(200, "") == .failure(.malformed))
    }
}
