import Foundation
import SkillKit

/// Turns the `data:` payloads of the chat stream into ``AgentEvent``s, whatever shape they came in.
///
/// The canonical shape is the agent framework's own event (`content.parts` with text, function
/// calls and function responses); the contract also lists `{"type": ...}` events and
/// `{"error": ...}`. When the server streams text as `partial` pieces, the final non-partial
/// event repeats the whole text; it is dropped so nothing is shown twice.
public struct AgentEventDecoder: Sendable {
    private var streamedPartialText = false
    /// Whether a whole message was shown, so the next one starts on a new line.
    private var finishedMessage = false

    public init() {}

    /// The events in one payload; an empty payload is a heartbeat, and so is one that is
    /// neither JSON nor plain text.
    public mutating func decode(_ payload: String) -> [AgentEvent] {
        let trimmed = payload.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [.heartbeat] }
        guard let json = JSONValue.parse(Data(trimmed.utf8)) else {
            // Plain words are text; broken JSON is skipped rather than shown or allowed to end
            // the turn (if no text follows, the shell reports the change from the state).
            if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return [.heartbeat] }
            return [.text(payload)]
        }
        guard case .object(let object) = json else {
            if let text = json.stringValue { return [.text(text)] }
            return [.heartbeat]
        }
        if let problem = Self.errorText(object) { return [.failure(problem)] }

        if let type = object["type"]?.stringValue?.lowercased() {
            switch type {
            case "text", "message", "delta":
                let text = object["content"]?.stringValue ?? object["text"]?.stringValue ?? object["delta"]?.stringValue
                return text.map { [.text($0)] } ?? []
            case "tool_call", "function_call", "tool":
                return [.toolCall(name: Self.toolName(object) ?? "tool")]
            case "tool_result", "function_response", "tool_response":
                return [.toolResult(name: Self.toolName(object) ?? "tool")]
            case "heartbeat", "ping", "keepalive":
                return [.heartbeat]
            case "error":
                return [.failure(object["message"]?.stringValue ?? object["content"]?.stringValue ?? "unknown error")]
            default:
                break
            }
        }

        guard case .object(let content)? = object["content"], case .array(let parts)? = content["parts"] else {
            if let text = object["content"]?.stringValue ?? object["text"]?.stringValue { return [.text(text)] }
            return [.heartbeat]
        }
        let partial = object["partial"]?.boolValue ?? false
        var events: [AgentEvent] = []
        for part in parts {
            if let text = part["text"]?.stringValue {
                // Thoughts are the model's notes to itself, not words for the user.
                if part["thought"]?.boolValue == true { continue }
                if partial {
                    events.append(.text(!streamedPartialText && finishedMessage ? "\n" + text : text))
                    streamedPartialText = true
                } else if !streamedPartialText {
                    // Each complete message is its own paragraph, not glued to the last one.
                    events.append(.text(finishedMessage ? "\n" + text : text))
                    finishedMessage = true
                } else {
                    finishedMessage = true
                }
            } else if let call = part["functionCall"] ?? part["function_call"] {
                events.append(.toolCall(name: call["name"]?.stringValue ?? "tool"))
            } else if let response = part["functionResponse"] ?? part["function_response"] {
                events.append(.toolResult(name: response["name"]?.stringValue ?? "tool"))
            }
        }
        if !partial { streamedPartialText = false }
        return events.isEmpty ? [.heartbeat] : events
    }

    private static func errorText(_ object: [String: JSONValue]) -> String? {
        if let error = object["error"] {
            if let text = error.stringValue { return text }
            if let message = error["message"]?.stringValue { return message }
            if error != .null { return "unknown error" }
        }
        if let message = object["error_message"]?.stringValue ?? object["errorMessage"]?.stringValue { return message }
        return nil
    }

    private static func toolName(_ object: [String: JSONValue]) -> String? {
        object["name"]?.stringValue ?? object["tool"]?.stringValue ?? object["tool_name"]?.stringValue
            ?? object["content"]?["name"]?.stringValue
    }
}
