import Foundation

/// One thing a request asks for, with its values typed. The parser produces these; the agent
/// checks them against the project and applies them.
public enum EditOperation: Sendable, Equatable {
    /// Make the export fit a size.
    case sizeTarget(SizeTarget)
    /// The size the user says the file has now ("it's 60mb"): context, not a target.
    case currentSize(Int64)
    /// Make it smaller, with no size named.
    case compress
    case trim(TrimEdit)
    case text(TextOverlay)
    case captions(CaptionRequest)
    case volume(VolumeEdit)
    case music(MusicEdit)
    /// An output shape, and how a frame of another shape is fitted (`nil`: not said).
    case aspect(ratio: String, fit: FrameFit?)
    /// A frame-size preset: "360p"…"1080p" or "vertical".
    case resolution(String)
    /// A frame rate the export must not exceed.
    case frameRate(Double)
    /// Playback speed, 1 = unchanged.
    case speed(Double)
    /// Several videos: one file each (`true`) or joined (`false`).
    case exportMode(separately: Bool)
    /// Render and hand over the file, in a format if one was named.
    case export(format: String?)
    /// Show where the project stands.
    case status
    case talk(SmallTalk)
    /// A change to the caption lines already on the timeline.
    case captionEdit(CaptionEdit)
    /// An edit this studio knows by name but cannot do ("rotate", "4K").
    case unsupported(String)
    /// A value given but out of what can be done, with the sentence that says so.
    case refused(String)
}

extension EditOperation {
    /// What the operation changes, so that a later word on the same thing can replace it:
    /// size (targets and compression), trim, speed, shape, sound, captions, text...
    var kind: String {
        switch self {
        case .sizeTarget, .compress: return "size"
        case .currentSize: return "current"
        case .trim: return "trim"
        case .text: return "text"
        case .captions, .captionEdit: return "captions"
        case .volume(let edit): return "volume \(edit.track)"
        case .music: return "music"
        case .aspect, .resolution: return "shape"
        case .frameRate: return "fps"
        case .speed: return "speed"
        case .exportMode: return "mode"
        case .export: return "export"
        case .status: return "status"
        case .talk: return "talk"
        case .unsupported, .refused: return "other"
        }
    }
}

/// How big the export may be.
public enum SizeTarget: Sendable, Equatable {
    case bytes(Int64)
    /// A share of the source's real size: 0.5 for "half the size".
    case fraction(Double)
    /// A limit named in the skill's manifest ("discord-free", "discord-nitro").
    case limit(name: String)
}

public enum TrimEdit: Sendable, Equatable {
    case keep(TimeSpan)
    case remove(TimeSpan)
}

/// A part of the timeline, written relative to its start or its end.
public struct TimeSpan: Sendable, Equatable {
    public var from: TimePoint
    public var to: TimePoint

    public init(from: TimePoint, to: TimePoint) {
        self.from = from
        self.to = to
    }

    /// The span in milliseconds on a timeline `length` ms long, or `nil` when it is empty.
    public func resolved(length: Int) -> Range<Int>? {
        let lower = from.resolved(length: length)
        let upper = to.resolved(length: length)
        guard upper > lower else { return nil }
        return lower..<upper
    }
}

public enum TimePoint: Sendable, Equatable {
    case start
    case end
    /// Milliseconds from the start.
    case at(Double)
    /// Milliseconds before the end.
    case beforeEnd(Double)
    /// A share of the length: 0.5 is the middle.
    case share(Double)
    /// Milliseconds from the middle, negative before it.
    case middleOffset(Double)

    public func resolved(length: Int) -> Int {
        let value: Double
        switch self {
        case .start: value = 0
        case .end: value = Double(length)
        case .at(let ms): value = ms
        case .beforeEnd(let ms): value = Double(length) - ms
        case .share(let share): value = Double(length) * share
        case .middleOffset(let ms): value = Double(length) / 2 + ms
        }
        return CheckedNumber.clamped(value, to: 0...max(0, length))
    }
}

public struct TextOverlay: Sendable, Equatable {
    public enum Role: String, Sendable { case title, overlay }
    public var text: String
    public var role: Role
    /// `top`, `center`, `bottom`, or a corner such as `top-right`; `nil`: the role's default.
    public var position: String?
    /// When it shows; `nil`: a title's first 3 seconds, other text the whole video.
    public var span: TimeSpan?
    /// How long it shows from the start of `span` (or 0), when a length was given.
    public var duration: Double?

    public init(text: String, role: Role, position: String? = nil, span: TimeSpan? = nil, duration: Double? = nil) {
        self.text = text
        self.role = role
        self.position = position
        self.span = span
        self.duration = duration
    }
}

public enum CaptionEdit: Sendable, Equatable {
    /// Line `number` (from 1, as `status` numbers them) now reads `text`.
    case line(Int, String)
    /// Every caption's `old` becomes `new`.
    case replace(String, String)
}

public enum CaptionRequest: Sendable, Equatable {
    /// From what is said in the video; `language` forces one ("en", "zh"), `translate` asks
    /// for English from other speech.
    case fromSpeech(language: String?)
    /// From words the user gave.
    case fromText(String)
    case remove
}

public struct VolumeEdit: Sendable, Equatable {
    public enum Track: String, Sendable { case original, music }
    public enum Level: Sendable, Equatable {
        case percent(Double)
        /// Times the current level: 1.5 for "louder".
        case factor(Double)
    }

    public var track: Track
    public var level: Level
    /// The part of the timeline it applies to ("mute 0:18 to 0:20"); `nil`: all of it.
    public var span: TimeSpan?

    public init(track: Track, level: Level, span: TimeSpan? = nil) {
        self.track = track
        self.level = level
        self.span = span
    }
}

public enum MusicEdit: Sendable, Equatable {
    /// Put the uploaded music under the video, at a volume when one was given.
    case add(volume: Double?)
    case remove
}

public enum FrameFit: String, Sendable {
    case pad, crop
}

public enum SmallTalk: Sendable, Equatable {
    case greeting, thanks, help, farewell, praise
    /// "how much credit do i have left", 余额: the balance is the shell's `credits`, not the agent's.
    case balance
}
