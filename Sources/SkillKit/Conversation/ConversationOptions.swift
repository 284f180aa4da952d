import Foundation

/// Settings of a conversation that the executable chooses.
public struct ConversationOptions: Sendable {
    /// Where exports are saved.
    public var outputDirectory: URL
    /// How long to wait between render polls when the backend does not say.
    public var pollInterval: Duration
    /// How often to say "⏳ Still working..." while the agent is silent.
    public var stillWorkingInterval: Duration
    /// Renders waiting for their download, kept across runs.
    public var pendingExports: PendingExports

    public init(
        outputDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        pollInterval: Duration = .seconds(30),
        stillWorkingInterval: Duration = .seconds(120),
        pendingExports: PendingExports = PendingExports(file: nil)
    ) {
        self.outputDirectory = outputDirectory
        self.pollInterval = pollInterval
        self.stillWorkingInterval = stillWorkingInterval
        self.pendingExports = pendingExports
    }
}
