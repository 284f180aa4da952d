import Foundation

/// A generated clip: a test pattern, optionally with a tone.
public struct ClipSpec: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public var fps: Int
    public var seconds: Double
    /// A sine tone's frequency, or nil for a clip without sound.
    public var tone: Int?
    /// The lavfi source drawing the picture: a moving test pattern unless a test needs another.
    public var pattern: String
    /// Filters after the source (such as noise), or nil.
    public var effect: String?
    /// x264's constant rate factor for the stored file.
    public var quality: Int
    /// When set, this many seconds are drawn and encoded, then repeated (stream copy) up to
    /// `seconds`: a long clip for the cost of a short one. An encoder sees no difference; its
    /// references reach a few frames back, not a loop's length.
    public var loopSeconds: Double?

    public init(
        width: Int = 320, height: Int = 240, fps: Int = 25, seconds: Double = 3, tone: Int? = 330, pattern: String = "testsrc2", effect: String? = nil, quality: Int = 23,
        loopSeconds: Double? = nil
    ) {
        self.loopSeconds = loopSeconds
        self.effect = effect
        self.width = width
        self.height = height
        self.fps = fps
        self.seconds = seconds
        self.tone = tone
        self.pattern = pattern
        self.quality = quality
    }

    /// The short clip most tests upload: 3 s of 320x240 at 25 fps with a 330 Hz tone.
    public static let small = ClipSpec()

    var fileName: String {
        let sound = tone.map { "-\($0)hz" } ?? "-silent"
        let picture = (pattern + (effect ?? "")).replacingOccurrences(of: "[^a-z0-9]+", with: "_", options: .regularExpression)
        let loop = loopSeconds.map { "-loop\($0)" } ?? ""
        return "\(picture)-\(width)x\(height)-\(fps)fps-\(seconds)s\(sound)-q\(quality)\(loop).mp4"
    }

    var ffmpegArguments: [String] {
        let source = "\(pattern)\(pattern.contains("=") ? ":" : "=")size=\(width)x\(height):rate=\(fps)"
        var arguments = ["-f", "lavfi", "-i", source + (effect.map { ",\($0)" } ?? "")]
        if let tone { arguments += ["-f", "lavfi", "-i", "sine=frequency=\(tone)"] }
        arguments += ["-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-crf", String(quality), "-pix_fmt", "yuv420p"]
        arguments += tone == nil ? ["-an"] : ["-c:a", "aac", "-shortest"]
        return arguments
    }
}

/// Clips made once per test run and shared by every test that asks for the same one. A test
/// that changes or renames a clip works on a copy (`copy(_:to:)`), never on the shared file.
public enum TestClips {
    private actor Cache {
        var made: [ClipSpec: Task<URL, any Error>] = [:]

        func file(_ spec: ClipSpec) async throws -> URL {
            if let task = made[spec] { return try await task.value }
            let task = Task {
                let file = TestClips.folder.appendingPathComponent(spec.fileName)
                if let loop = spec.loopSeconds, loop < spec.seconds {
                    // The picture is looped by stream copy and cut by frame count (a cut by time
                    // can drop the last frame at a join); the tone is made whole.
                    var piece = spec
                    piece.seconds = loop
                    piece.loopSeconds = nil
                    piece.tone = nil
                    let source = try await self.file(piece)
                    let repeats = Int((spec.seconds / loop).rounded(.up)) - 1
                    let frames = Int((spec.seconds * Double(spec.fps)).rounded())
                    var arguments = ["-stream_loop", String(repeats), "-i", source.path]
                    if let tone = spec.tone { arguments += ["-f", "lavfi", "-i", "sine=frequency=\(tone):duration=\(spec.seconds)", "-map", "0:v", "-map", "1:a", "-c:a", "aac"] }
                    try await Tool.ffmpeg(arguments + ["-c:v", "copy", "-frames:v", String(frames), file.path])
                } else {
                    try await Tool.ffmpeg(spec.ffmpegArguments + [file.path])
                }
                return file
            }
            made[spec] = task
            return try await task.value
        }
    }

    private static let cache = Cache()

    /// This run's folder of clips, removed when the test process exits.
    public static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skillshell-clips-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)  // a failure shows in the first clip's ffmpeg error
        atexit { try? FileManager.default.removeItem(at: TestClips.folder) }  // at exit nothing is left to tell
        return folder
    }()

    /// The shared file for `spec`, made on first use; callers asking at the same time wait for
    /// the one encode.
    public static func url(_ spec: ClipSpec = .small) async throws -> URL {
        try await cache.file(spec)
    }

    /// The bytes of the shared clip for `spec`.
    public static func data(_ spec: ClipSpec = .small) async throws -> Data {
        try Data(contentsOf: await url(spec))
    }

    /// A private copy of the clip for `spec` at `destination` (a file the test may change).
    @discardableResult
    public static func copy(_ spec: ClipSpec = .small, to destination: URL) async throws -> URL {
        let source = try await url(spec)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: destination)  // a copy replaces any file of that name the test left
        try FileManager.default.copyItem(at: source, to: destination)
        return destination
    }
}
