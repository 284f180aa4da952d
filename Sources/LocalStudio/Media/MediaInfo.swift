import Foundation

/// What ffprobe says about a media file.
public struct MediaInfo: Sendable, Equatable, Codable {
    /// "video", "audio", "image" or "subtitle".
    public var kind: String
    public var duration: Double?
    public var width: Int?
    public var height: Int?
    public var fps: Double?
    public var hasAudio: Bool
    public var hasVideo: Bool
    public var videoBitrate: Int?
    public var audioBitrate: Int?
    public var audioChannels: Int?

    public init(kind: String, duration: Double? = nil, width: Int? = nil, height: Int? = nil, fps: Double? = nil, hasAudio: Bool = false, hasVideo: Bool = false, videoBitrate: Int? = nil, audioBitrate: Int? = nil, audioChannels: Int? = nil) {
        self.kind = kind
        self.duration = duration
        self.width = width
        self.height = height
        self.fps = fps
        self.hasAudio = hasAudio
        self.hasVideo = hasVideo
        self.videoBitrate = videoBitrate
        self.audioBitrate = audioBitrate
        self.audioChannels = audioChannels
    }
}
