import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

extension StudioRoutes {
    /// `POST /run_sse`: one turn as server-sent events, written and flushed one at a time.
    ///
    /// Authentication, the session and credits are checked before the stream starts, so those
    /// errors arrive in the envelope; a failure after that arrives as an `{"error": …}` event.
    @Sendable func runSSE(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            let body = try await request.jsonBody(limit: configuration.maximumJSONBytes)
            guard let sessionID = body["session_id"]?.stringValue else {
                throw StudioError.badRequest("session_id is missing.")
            }
            let parts = body["new_message"]?["parts"]?.arrayValue ?? []
            let text = parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StudioError.badRequest("new_message.parts[0].text is empty.")
            }
            guard text.utf8.count <= 32_768 else { throw StudioError.badRequest("The message is over 32 KB.") }
            let reply = try await studio.chat(sessionID: sessionID, userID: user.id, message: text)

            let pacing = configuration.stepPacing
            let heartbeat = configuration.heartbeatInterval
            var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
            headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: ": ping\n\n"))
                    for (index, step) in reply.steps.enumerated() {
                        if pacing > .zero {
                            // Keep the stream alive with heartbeats while a step takes its time.
                            var waited = Duration.zero
                            while waited < pacing {
                                let slice = min(heartbeat, pacing - waited)
                                try await Task.sleep(for: slice)
                                waited += slice
                                if waited < pacing { try await writer.write(ByteBuffer(string: ": ping\n\n")) }
                            }
                        }
                        for event in SSEEvents.events(for: step, index: index, limit: configuration.maximumEventBytes) {
                            // For benchmarks: the send time in microseconds, as the SSE id.
                            let stamp = configuration.stampEvents ? "id: \(Int64(Date().timeIntervalSince1970 * 1_000_000))\n" : ""
                            try await writer.write(ByteBuffer(string: "\(stamp)data: \(event.jsonText())\n\n"))
                        }
                    }
                    try await writer.finish(nil)
                })
        }
    }
}

/// The agent framework's canonical event shape.
enum SSEEvents {
    /// The events for one step, each small enough to send as one `data:` line of at most
    /// `limit` bytes (clients cap the lines they accept): a tool's arguments or response that
    /// would not fit are replaced by a note of their size, and text is cut with an ellipsis.
    static func events(for step: AgentStep, index: Int, limit: Int = .max) -> [JSONValue] {
        switch step {
        case .text(let text):
            let make = { (text: String) in event(id: "evt_\(index)_t", parts: [.object(["text": .string(text)])]) }
            let whole = make(text)
            let overflow = whole.jsonText().utf8.count - limit
            guard overflow > 0 else { return [whole] }
            // Escapes make a character cost up to 12 bytes of JSON, so search for the longest
            // prefix that fits rather than estimate it.
            var fits = 0, tooLong = text.utf8.count
            while tooLong - fits > 1 {
                let middle = (fits + tooLong) / 2
                if make(prefix(of: text, utf8Count: middle) + "…").jsonText().utf8.count <= limit { fits = middle } else { tooLong = middle }
            }
            return [make(prefix(of: text, utf8Count: fits) + "…")]
        case .tool(let name, let arguments, let response):
            let fit = { (value: JSONValue) -> JSONValue in
                let size = value.jsonText().utf8.count
                return size + 512 > limit ? .object(["omitted_bytes": .number(Double(size))]) : value
            }
            return [
                event(id: "evt_\(index)_c", parts: [.object(["functionCall": .object(["name": .string(name), "args": fit(arguments)])])]),
                event(id: "evt_\(index)_r", parts: [.object(["functionResponse": .object(["name": .string(name), "response": fit(response)])])]),
            ]
        }
    }

    /// The longest prefix of `text` whose UTF-8 fits in `count` bytes, never splitting a character.
    static func prefix(of text: String, utf8Count count: Int) -> String {
        var used = 0
        var end = text.startIndex
        for character in text {
            used += character.utf8.count
            guard used <= count else { break }
            end = text.index(after: end)
        }
        return String(text[..<end])
    }

    static func event(id: String, parts: [JSONValue]) -> JSONValue {
        .object([
            "id": .string(id), "author": .string("nemo_agent"), "partial": .bool(false),
            "content": .object(["role": .string("model"), "parts": .array(parts)]),
        ])
    }
}
