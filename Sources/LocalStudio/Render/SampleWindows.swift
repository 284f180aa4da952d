import Foundation

/// One stretch of a render where its picture is compared with the source.
struct SampleWindow: Sendable, Equatable {
    /// Where it starts, in the output's time: always on one of the output's keyframes, so the
    /// output is opened there without decoding frames only to throw them away.
    var start: Double
    /// How long it is, in seconds.
    var length: Double
    /// The source's keyframe at the same moment (within half a frame), relative to where the cut
    /// starts, when it has one: the source is then opened there directly; otherwise it is
    /// decoded from its keyframe before.
    var sourceKeyframe: Double?
}

/// Chooses where a sampled picture comparison looks: a few short windows spread evenly over
/// the clip, each on a keyframe of the output, preferring those where the source has a
/// keyframe too, so only the compared frames are decoded (decoding the benchmark's 60 s 1080p60
/// source whole takes 11 s of two cores). Used where a rough figure is enough: the first
/// pass's colour, judged against luma on three windows (`ChromaOffset`).
enum SampleWindows {
    /// The windows, at most one per equal share of the clip.
    /// - Parameters:
    ///   - outputKeyframes: keyframe times of the output, in its own time.
    ///   - sourceKeyframes: keyframe times of the source, relative to where the cut starts.
    ///   - frame: the length of one source frame, the tolerance for "the same moment".
    static func choose(duration: Double, outputKeyframes: [Double], sourceKeyframes: [Double], count: Int, length: Double, frame: Double) -> [SampleWindow] {
        guard duration > 0, count > 0 else { return [] }
        let length = min(length, duration)
        let share = duration / Double(count)
        let tolerance = max(frame / 2, 0.001)
        let sorted = sourceKeyframes.sorted()
        // How much of the source must be decoded before `time`: back to its keyframe at or before it.
        func lead(_ time: Double) -> Double {
            guard let keyframe = sorted.last(where: { $0 <= time + tolerance }) else { return time }
            return max(0, time - keyframe)
        }
        func keyframe(at time: Double) -> Double? { sorted.first { abs($0 - time) <= tolerance } }
        var windows: [SampleWindow] = []
        for index in 0..<count {
            let lower = Double(index) * share
            let upper = lower + share
            let middle = lower + share / 2
            let candidates = outputKeyframes.filter { $0 >= lower - tolerance && $0 < upper - tolerance && $0 + length <= duration + tolerance }
            guard
                let best = candidates.min(by: { a, b in
                    let (leadA, leadB) = (lead(a), lead(b))
                    return leadA != leadB ? leadA < leadB : abs(a - middle) < abs(b - middle)
                })
            else { continue }
            if windows.contains(where: { abs($0.start - best) < length }) { continue }
            windows.append(SampleWindow(start: max(0, best), length: length, sourceKeyframe: keyframe(at: best)))
        }
        if windows.isEmpty {
            windows = [SampleWindow(start: 0, length: length, sourceKeyframe: keyframe(at: 0))]
        }
        return windows
    }

    /// The whole clip as one window: the exact comparison (`--full-quality-report`).
    static func whole(duration: Double) -> [SampleWindow] {
        [SampleWindow(start: 0, length: duration, sourceKeyframe: nil)]
    }
}
