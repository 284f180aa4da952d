import Foundation
import SkillKit

extension CloudBackend {
    public nonisolated func chat(_ message: String, context: RequestContext) -> AsyncThrowingStream<AgentEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AgentEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await self.streamTurn(message, context: context) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Sends the message once and relays the events of its stream.
    ///
    /// A turn may cost credits, so it is repeated only when the server answered with an error
    /// instead of a stream (a refused token, a 429): then it did not act on it. Once the stream
    /// has started, nothing is ever sent again; a broken stream is reported as such.
    nonisolated func streamTurn(_ message: String, context: RequestContext, yield: (AgentEvent) -> Void) async throws {
        let body: JSONValue = .object([
            "app_name": .string("nemo_agent"),
            "user_id": .string("me"),
            "session_id": .string(context.session.sessionID),
            "new_message": .object([
                "role": .string("user"),
                "parts": .array([.object(["text": .string(message)])]),
            ]),
        ])
        let payload = Data(body.jsonText().utf8)
        // Nothing is ever sent again once the server may have the message: only refusals recover.
        var policy = policy(retriesUnanswered: false)
        while true {
            let request = try await authorizedRequest(
                .post, "run_sse", body: .bytes(payload, contentType: "application/json"), attribution: context.attribution,
                timeouts: configuration.streamTimeouts, accept: "text/event-stream"
            )
            var parts = client.stream(request).makeAsyncIterator()
            let head: HTTPResponseHead
            do {
                guard case .head(let first)? = try await parts.next() else {
                    throw TransportError.interrupted("the server closed the connection without an answer")
                }
                head = first
            } catch let error as TransportError {
                // Nothing came back, so the server may or may not have the message: say so
                // rather than risk sending it twice.
                throw error.backendError(doing: "Sending your message", host: configuration.apiBase.host)
            }

            if (200..<300).contains(head.status), Self.isEventStream(head) {
                try await relayEvents(from: &parts, yield: yield)
                return
            }

            // An answer that is not a stream: an error in the envelope, or (liberally) JSON.
            var collected = Data()
            do {
                while case .body(let bytes)? = try await parts.next() {
                    if collected.count < 1 << 20 { collected.append(contentsOf: bytes) }
                }
            } catch let error as TransportError {
                throw error.backendError(doing: "Sending your message", host: configuration.apiBase.host)
            }
            switch APIReply(head: head, body: collected).outcome {
            case .success(let data):
                var decoder = AgentEventDecoder()
                for event in decoder.decode(data.jsonText()) { yield(event) }
                return
            case .failure(let failure):
                guard try await carryOut(policy.next(after: .refused(failure))) else { throw await backendError(for: failure, doing: "Sending your message") }
            }
        }
    }

    private nonisolated func relayEvents(from parts: inout AsyncThrowingStream<ResponsePart, any Error>.Iterator, yield: (AgentEvent) -> Void) async throws {
        var parser = ServerSentEventParser()
        var decoder = AgentEventDecoder()
        var sawText = false
        let clock = ContinuousClock()
        // nemo-video 1.9: ten minutes of heartbeats alone is a timeout, like silence.
        var lastSubstance = clock.now
        do {
            while let part = try await parts.next() {
                guard case .body(let bytes) = part else { continue }
                for item in parser.feed(bytes) {
                    var substantial = false
                    switch item {
                    case .event(let event):
                        configuration.eventTrace?(event.lastEventID)
                        for decoded in decoder.decode(event.data) {
                            switch decoded {
                            case .text: sawText = true; substantial = true
                            case .toolCall, .toolResult, .failure: substantial = true
                            case .heartbeat: break
                            }
                            yield(decoded)
                        }
                    case .comment:
                        yield(.heartbeat)
                    case .retry:
                        break
                    }
                    if substantial {
                        lastSubstance = clock.now
                    } else if clock.now - lastSubstance >= configuration.heartbeatOnlyTimeout {
                        throw BackendError.streamLost(.heartbeatsOnly(configuration.heartbeatOnlyTimeout))
                    }
                }
            }
            parser.finish()
        } catch let error as TransportError {
            switch error {
            case .timedOut:
                throw BackendError.streamLost(.silent(configuration.streamTimeouts.idle))
            default:
                throw BackendError.streamLost(.dropped(partway: sawText))
            }
        }
    }

    static func isEventStream(_ head: HTTPResponseHead) -> Bool {
        (head["content-type"] ?? "").lowercased().hasPrefix("text/event-stream")
    }

}
