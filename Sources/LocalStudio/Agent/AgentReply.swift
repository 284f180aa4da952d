import Foundation
import SkillKit

/// What the editing agent does for one message: its steps, in order, and the draft after.
public struct AgentReply: Sendable, Equatable {
    public var steps: [AgentStep]
    public var draft: Draft

    /// Whether the reply changed the draft.
    public var edited: Bool
}

/// One step of a reply, as the cloud agent's stream shows them.
public enum AgentStep: Sendable, Equatable {
    case text(String)
    /// A tool call and its result.
    case tool(name: String, arguments: JSONValue, response: JSONValue)
}
