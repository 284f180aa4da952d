import Foundation
import SkillKit

/// How a render will be encoded: frame size, frame rate and bitrates.
public struct EncodePlan: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var fps: Double
    /// Video bitrate in bits per second; `nil` for quality-based (CRF) encoding.
    public var videoBitrate: Int?
    /// Audio bitrate in bits per second; 0 when the output has no sound.
    public var audioBitrate: Int
    public var audioChannels: Int
    /// The size the file must stay under, if any.
    public var targetBytes: Int64?
    public var duration: Double
    /// The x264 preset: slower when the frame is small enough that time allows.
    public var preset: String = "medium"
    /// x264's chroma QP offset: negative values give the colour planes more of the bits.
    public var chromaOffset: Int = 0
    /// Set when the picture falls below a watchable size: how long a clip keeps 720p.
    public var secondsFor720p: Int?

    /// "60 s at 10 MB → 1280x720 30 fps, 1.2 Mbit/s video, 96 kbit/s audio".
    public var summary: String {
        var text = ""
        if let targetBytes { text += "\(TimelineSummary.seconds(Int(duration * 1000))) s at \(ByteSize.describe(targetBytes)) → " }  // checked: the planner's duration is at most 100 hours
        text += "\(width)x\(height) \(Self.number(fps)) fps"
        if let videoBitrate { text += ", \(Self.rate(videoBitrate)) video" } else { text += ", high-quality video" }
        text += audioBitrate > 0 ? ", \(Self.rate(audioBitrate)) audio\(audioChannels == 1 ? " (mono)" : "")" : ", no audio"
        if let secondsFor720p {
            text += ". Tip: trimmed to \(secondsFor720p) s it would stay 720p"
        }
        return text
    }

    static func rate(_ bitsPerSecond: Int) -> String {
        bitsPerSecond >= 1_000_000
            ? String(format: "%.1f Mbit/s", Double(bitsPerSecond) / 1e6)
            : "\(bitsPerSecond / 1000) kbit/s"
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)  // checked: a frame rate of at most 60
    }
}

/// The source facts a plan starts from.
public struct PlanInput: Sendable, Equatable {
    public var duration: Double
    public var width: Int
    public var height: Int
    public var fps: Double
    public var hasAudio: Bool
    public var targetBytes: Int64?
    /// "720p", "1080p", "vertical"… as a cap on the frame size.
    public var resolution: String?
    /// "16:9", "9:16", "1:1", "4:5": the output's shape, when it differs from the source's.
    public var aspect: String?
    /// The highest frame rate the output may have, when the user capped it.
    public var maxFPS: Double?

    public init(duration: Double, width: Int, height: Int, fps: Double, hasAudio: Bool, targetBytes: Int64? = nil, resolution: String? = nil, aspect: String? = nil, maxFPS: Double? = nil) {
        self.maxFPS = maxFPS
        self.aspect = aspect
        self.duration = duration
        self.width = width
        self.height = height
        self.fps = fps
        self.hasAudio = hasAudio
        self.targetBytes = targetBytes
        self.resolution = resolution
    }
}

/// Why a target cannot be met.
public struct PlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var targetBytes: Int64
    public var duration: Double
    /// The longest clip that would still fit.
    public var secondsThatFit: Double

    public var description: String {
        "\(TimelineSummary.seconds(Int(duration * 1000))) s cannot fit in \(ByteSize.describe(targetBytes)) with a watchable picture; trimmed to about \(Int(secondsThatFit)) s it would fit, or ask for a larger size."  // checked: the planner's duration is at most 100 hours
    }
}

/// Chooses the plan: the largest frame size and rate whose bits per pixel stay watchable.
public enum EncodePlanner {
    /// Short-side rungs of the ladder.
    static let rungs = [1080, 720, 540, 480, 360, 240]
    /// Bits per pixel below which a smaller frame scores better than a starved full one.
    /// Measured with bench/compress (SSIM at the source's size): at 0.04 the planner dropped
    /// 1080p clips to 720p and lost 0.014 to 0.026 against full-size encodes; frame rate goes
    /// first (the ladder tries 30 fps before a smaller frame).
    static let watchableBitsPerPixel = 0.018
    /// The smallest short side still worth watching; below it the plan suggests a trim.
    static let watchableShortSide = 480
    /// Share of the budget planned; the finished file is measured anyway, and two-pass x264
    /// lands within about 1% of its bitrate.
    static let safety = 0.988

    /// MP4 overhead measured on our own outputs: about 3 KB, 20 bytes a video frame and 10 an
    /// AAC frame (1,024 samples at 48 kHz), with a 2 KB margin.
    static func containerOverhead(duration: Double, fps: Double, hasAudio: Bool) -> Double {
        5_000 + duration * fps * 20 + (hasAudio ? duration * 48_000 / 1024 * 10 : 0)
    }
    /// The lowest total bitrate that still makes a picture.
    static let minimumTotalBitrate = 100_000

    public static func plan(_ input: PlanInput) throws(PlanError) -> EncodePlan {
        let duration = max(input.duration, 0.1)
        let sourceShort = max(2, min(input.width, input.height))
        let portrait = input.height > input.width
        var cap = min(sourceShort, 1080)
        if let resolution = input.resolution?.lowercased() {
            if let value = Int(resolution.dropLast()), resolution.hasSuffix("p") { cap = min(cap, value) }
        }
        var sourceFPS = input.fps > 0 && input.fps.isFinite ? min(input.fps, 60) : 30
        if let cap = input.maxFPS, cap.isFinite, cap >= 1 { sourceFPS = min(sourceFPS, cap) }

        guard let target = input.targetBytes else {
            let (width, height) = frame(for: cap, sourceWidth: input.width, sourceHeight: input.height, portrait: portrait, shape: shape(input))
            return EncodePlan(width: width, height: height, fps: sourceFPS, videoBitrate: nil, audioBitrate: input.hasAudio ? 160_000 : 0, audioChannels: 2, targetBytes: nil, duration: duration)
        }

        let overhead = containerOverhead(duration: duration, fps: sourceFPS, hasAudio: input.hasAudio)
        let budgetBits = (Double(target) - overhead) * 8 * safety
        // A target of any size (up to 2^62 bytes) gives a bitrate that fits; the ladder caps it anyway.
        let totalBitrate = CheckedNumber.clamped(budgetBits / duration, to: Int.min / 2...Int.max / 2)
        guard totalBitrate >= minimumTotalBitrate else {
            let perSecond = Double(minimumTotalBitrate) / 8 / safety + 30 * 20 + (input.hasAudio ? 470 : 0)
            throw PlanError(targetBytes: target, duration: duration, secondsThatFit: max(0, (Double(target) - 5_000) / perSecond))
        }

        var audio = 0
        var channels = 2
        if input.hasAudio {
            switch totalBitrate {
            case 2_000_000...: audio = 128_000
            case 700_000...: audio = 96_000
            case 300_000...: audio = 64_000
            case 160_000...: audio = 48_000; channels = 1
            default: audio = 32_000; channels = 1
            }
        }
        let video = totalBitrate - audio

        var candidates: [(short: Int, fps: Double)] = []
        for rung in rungs where rung <= cap {
            candidates.append((rung, sourceFPS))
            if sourceFPS > 30 { candidates.append((rung, 30)) }
        }
        if candidates.isEmpty { candidates = [(cap, min(sourceFPS, 30))] }
        var chosen = candidates.last!
        for candidate in candidates {
            let (width, height) = frame(for: candidate.short, sourceWidth: input.width, sourceHeight: input.height, portrait: portrait, shape: shape(input))
            let bitsPerPixel = Double(video) / (Double(width * height) * candidate.fps)
            if bitsPerPixel >= watchableBitsPerPixel {
                chosen = candidate
                break
            }
        }
        if chosen.fps > 30, video < 1_500_000 { chosen.fps = 30 }
        let (width, height) = frame(for: chosen.short, sourceWidth: input.width, sourceHeight: input.height, portrait: portrait, shape: shape(input))
        var plan = EncodePlan(width: width, height: height, fps: chosen.fps, videoBitrate: video, audioBitrate: audio, audioChannels: channels, targetBytes: target, duration: duration)
        plan.preset = preset(outputPixelRate: Double(width * height) * chosen.fps)
        if chosen.short < watchableShortSide, cap >= 720 {
            // Bits for 720p at 30 fps, plus the audio and the container, a second.
            let perSecond = (watchableBitsPerPixel * 1280 * 720 * 30 + Double(audio)) / 8 / safety + 30 * 20 + (input.hasAudio ? 470 : 0)
            plan.secondsFor720p = max(1, CheckedNumber.clamped((Double(target) - 5_000) / perSecond, to: 0...Int.max / 2))
        }
        return plan
    }

    /// The output pixel rate (pixels a second) up to which x264 searches harder: 1280x720 at 30 fps.
    static let slowPresetPixelRate = 1280.0 * 720 * 30

    /// x264's preset from the output's pixel rate, chosen by measurement on the benchmark clips
    /// (bench/presets.md has the table): up to 720p at 30 fps `slow` costs little time and
    /// gains a little; above it `medium`, which on the 60 → 30 fps test pattern kept all but
    /// 0.0002 of `slow`'s SSIM in 20% less time, while `fast` lost 0.003 to 0.007.
    static func preset(outputPixelRate: Double) -> String {
        outputPixelRate <= slowPresetPixelRate ? "slow" : "medium"
    }

    /// Even frame dimensions with the given short side, keeping the source's shape.
    /// The output's width:height when it is set by a preset or an aspect ratio.
    static func shape(_ input: PlanInput) -> (Double, Double)? {
        if let aspect = input.aspect {
            let parts = aspect.split(separator: ":").compactMap { Double($0) }
            // Shapes between 1:10 and 10:1; anything else ("1e300:1") is no shape at all.
            if parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] / parts[1] >= 0.1, parts[0] / parts[1] <= 10 { return (parts[0], parts[1]) }
        }
        return input.resolution == "vertical" ? (9, 16) : nil
    }

    static func frame(for short: Int, sourceWidth: Int, sourceHeight: Int, portrait: Bool, shape: (Double, Double)?) -> (Int, Int) {
        if let (w, h) = shape {
            // Up to 1080x1920 whichever way round.
            let shortSide = Double(min(short, 1080))
            if w >= h {
                let width = min(Double(even(shortSide * w / h)), 1920)
                return (Int(width), even(width * h / w))
            }
            let height = min(Double(even(shortSide * h / w)), 1920)
            return (even(height * w / h), Int(height))
        }
        let sourceShort = Double(max(2, min(sourceWidth, sourceHeight)))
        let sourceLong = Double(max(2, max(sourceWidth, sourceHeight)))
        let shortSide = even(Double(min(short, Int(sourceShort))))
        let longSide = min(even(sourceLong * Double(shortSide) / sourceShort), 1920)
        return portrait ? (shortSide, longSide) : (longSide, shortSide)
    }

    static func even(_ value: Double) -> Int { max(2, CheckedNumber.clamped(value / 2, to: 0...100_000) * 2) }
    static func even(_ value: Int) -> Int { even(Double(value)) }
}

extension PlanError: UserFacingError {}
