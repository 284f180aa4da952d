import Foundation

/// Something the shell does because the agent described it as a click in an editor.
public enum ShellAction: Sendable, Equatable {
    /// "Click Export": run the export workflow.
    case export
    /// "Open the project": fetch the state and show it.
    case showState
    /// "Preview it in the timeline": print the timeline summary.
    case previewTimeline
    /// "Drag the music onto the timeline": send this edit to the agent.
    case sendEdit(String)
    /// "Drop your video here": the user should give a file path.
    case promptUpload
}

/// The agent's text in this shell's words, and the actions it implies.
public struct GUITranslation: Sendable, Equatable {
    public var text: String
    public var actions: [ShellAction]

    public init(text: String, actions: [ShellAction] = []) {
        self.text = text
        self.actions = actions
    }
}
