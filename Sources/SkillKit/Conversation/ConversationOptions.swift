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
    /// How the state is watched after a lost chat stream.
    public var recovery: RecoverySchedule

    public init(
        outputDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        pollInterval: Duration = .seconds(30),
        stillWorkingInterval: Duration = .seconds(120),
        pendingExports: PendingExports = PendingExports(file: nil),
        recovery: RecoverySchedule = RecoverySchedule()
    ) {
        self.recovery = recovery
        self.outputDirectory = outputDirectory
        self.pollInterval = pollInterval
        self.stillWorkingInterval = stillWorkingInterval
        self.pendingExports = pendingExports
    }
}

/// nemo-video 1.9's recovery after a dropped or timed-out stream: never re-send; read the state
/// after `firstWait`, then every `interval`, and give up after `unchangedReads` reads that show
/// no change.
public struct RecoverySchedule: Sendable, Equatable {
    public var firstWait: Duration
    public var interval: Duration
    public var unchangedReads: Int

    public init(firstWait: Duration = .seconds(30), interval: Duration = .seconds(60), unchangedReads: Int = 5) {
        self.firstWait = firstWait
        self.interval = interval
        self.unchangedReads = max(1, unchangedReads)
    }

    /// How long the whole watch lasts, in words.
    var span: String { StreamLoss.spoken(firstWait + interval * (unchangedReads - 1)) }
}
