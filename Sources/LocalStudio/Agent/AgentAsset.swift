import Foundation

/// A file uploaded to the session that the agent may use: music, subtitles, images.
public struct AgentAsset: Sendable, Equatable {
    public var hash: String
    public var filename: String
    /// "video", "audio", "image" or "subtitle".
    public var kind: String
    public var duration: Double?
    /// The stored file's size, for targets such as "half the size".
    public var bytes: Int64?
    /// The words heard in the file, when it was transcribed for captions.
    public var speech: [SpokenWord]?
    /// The language they were in ("en", "zh"…).
    public var speechLanguage: String?
    /// Why the file could not be transcribed, when it could not.
    public var speechProblem: String?

    public init(hash: String, filename: String, kind: String, duration: Double? = nil, bytes: Int64? = nil, speech: [SpokenWord]? = nil) {
        self.bytes = bytes
        self.hash = hash
        self.filename = filename
        self.kind = kind
        self.duration = duration
        self.speech = speech
    }
}
