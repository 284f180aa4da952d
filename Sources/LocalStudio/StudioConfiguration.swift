import Foundation
import SkillKit

/// Settings of a local studio.
public struct StudioConfiguration: Sendable {
    /// Where sessions, media and renders are kept.
    public var dataDirectory: URL
    /// Credits a new user starts with.
    public var startingCredits: Double
    /// Credits one chat turn costs.
    public var creditsPerTurn: Double
    /// The share of edit turns that end without text (0...1), as the cloud's do about 30% of the time.
    public var silentTurnShare: Double
    /// How long the client should wait between render polls.
    public var pollInterval: Duration
    /// How long an anonymous token is valid, and how long a client id waits for another.
    public var tokenLifetime: TimeInterval
    /// How long a claim link opens the project page (the cloud's: seven days).
    public var claimLifetime: TimeInterval
    /// The time for credentials' lifetimes (tokens, client ids, claim links); tests move it on
    /// instead of waiting.
    public var now: @Sendable () -> Date
    /// Renders that encode at once; more wait their turn.
    public var maximumEncoders: Int
    /// Renders one account may have waiting or running; more are refused with 429.
    public var maximumPendingRendersPerAccount: Int
    /// Whether a render measures its picture: the first pass's colour, which picks x264's chroma
    /// offset, and the SSIM against the source in the render's report. Off, a render does only
    /// the encode (the offset stays 0 and the report has no SSIM); tests that assert on neither,
    /// and `SKILLSHELL_MEASURE_PICTURE=0`, turn it off.
    public var measuresPicture: Bool
    /// Whether the SSIM report compares every frame instead of a sample of windows
    /// (`--full-quality-report`, `SKILLSHELL_FULL_QUALITY_REPORT=1`).
    public var fullQualityReport: Bool
    /// x264's preset for every render instead of the planner's choice (nil: the planner's).
    /// For tests and quick drafts: the preset changes the picture and the time, never the size
    /// rules. `SKILLSHELL_X264_PRESET` sets it for the shell and `serve`.
    public var x264Preset: String?

    /// The presets x264 knows, fastest first.
    public static let x264Presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]

    public init(
        dataDirectory: URL = XDGPaths().data.appendingPathComponent("studio"),
        startingCredits: Double = 100,
        creditsPerTurn: Double = 0,
        silentTurnShare: Double = 0,
        pollInterval: Duration = .seconds(1),
        tokenLifetime: TimeInterval = 7 * 24 * 3600,
        maximumEncoders: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2),
        maximumPendingRendersPerAccount: Int = 4,
        claimLifetime: TimeInterval = 7 * 24 * 3600,
        now: @escaping @Sendable () -> Date = { Date() },
        measuresPicture: Bool = true,
        x264Preset: String? = nil,
        fullQualityReport: Bool = false
    ) {
        self.fullQualityReport = fullQualityReport
        self.measuresPicture = measuresPicture
        self.x264Preset = x264Preset.flatMap { Self.x264Presets.contains($0) ? $0 : nil }
        self.now = now
        self.maximumEncoders = max(1, maximumEncoders)
        self.maximumPendingRendersPerAccount = max(1, maximumPendingRendersPerAccount)
        self.tokenLifetime = tokenLifetime
        self.claimLifetime = claimLifetime
        self.dataDirectory = dataDirectory
        self.startingCredits = startingCredits
        self.creditsPerTurn = creditsPerTurn
        self.silentTurnShare = silentTurnShare
        self.pollInterval = pollInterval
    }
}
