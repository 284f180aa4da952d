import Foundation
import SkillKit

/// A word heard in a file's audio, timed in seconds from the start of the file.
public struct SpokenWord: Codable, Sendable, Equatable {
    public var text: String
    public var start: Double
    public var end: Double

    public init(text: String, start: Double, end: Double) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// What was heard in a file: its words and the language they were in.
public struct Transcript: Codable, Sendable, Equatable {
    public var words: [SpokenWord]
    /// "en", "zh"…, as detected (or as forced).
    public var language: String
}

/// Offline speech recognition: Whisper through faster-whisper, run as a tool like ffmpeg
/// (`Tools/skillshell-transcribe.py` in its own Python environment, set up by
/// `scripts/install-deps.sh`). Nothing is downloaded and nothing leaves the machine.
struct SpeechTranscriber: Sendable {
    let ffmpeg: String
    let installation: Installation

    /// Where the recogniser is installed: its Python, the helper and the models.
    struct Installation: Sendable, Equatable {
        var python: String
        var helper: String
        var models: String
    }

    /// The speech is slowed to this share of its speed before recognition: fast synthetic and
    /// hurried speech is read better slower (bench/captions, four voices: 96 to 98% of words
    /// right at 0.85, against 85 to 96% unchanged); the times are scaled back.
    static let tempo = 0.85

    /// The installation, looked for in `SKILLSHELL_WHISPER_HOME`, the user's data folder and
    /// /opt/skillshell/whisper, in that order.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Installation? {
        var homes: [String] = []
        if let chosen = environment["SKILLSHELL_WHISPER_HOME"], !chosen.isEmpty { homes.append(chosen) }
        homes.append(XDGPaths(environment: environment).data.appendingPathComponent("whisper").path)
        homes.append("/opt/skillshell/whisper")
        for home in homes {
            let installation = Installation(
                python: home + "/bin/python3", helper: home + "/share/skillshell/transcribe.py", models: home + "/share/skillshell"
            )
            let files = FileManager.default
            if files.isExecutableFile(atPath: installation.python), files.fileExists(atPath: installation.helper),
                files.fileExists(atPath: installation.models + "/whisper-base/model.bin")
            {
                return installation
            }
        }
        return nil
    }

    /// What is said in `file`. `language` forces one ("zh"); `english` asks for English
    /// captions, translating other speech.
    func transcribe(_ file: URL, in folder: URL, language: String? = nil, english: Bool = false, duration: Double? = nil) async throws -> Transcript {
        let audio = folder.appendingPathComponent("speech-\(UUID().uuidString.prefix(8)).wav")
        // try?: the audio extract is in the incoming folder, swept at the next start.
        defer { try? FileManager.default.removeItem(at: audio) }
        let extract = try await ProcessRunner.run(
            ffmpeg,
            [
                "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            ] + MediaInput.input(file) + [
                "-vn", "-af", "atempo=\(Self.tempo)", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", audio.path,
            ], deadline: .seconds(120))
        guard extract.status == 0 else { throw RenderFailure("the sound of the clip could not be read for captions.") }
        var arguments = [installation.helper, "--models", installation.models, "--audio", audio.path, "--time-scale", String(Self.tempo)]
        if let language { arguments += ["--language", language] }
        if english { arguments.append("--english") }
        // Loading takes a second or two; recognition runs at a fraction of real time on 2 cores.
        let seconds = 60 + 2 * Int(min(max(duration ?? 600, 0), 360_000))  // checked: min() bounds it
        let result = try await ProcessRunner.run(installation.python, arguments, in: folder, deadline: .seconds(seconds))
        guard result.status == 0 else {
            let sentence = result.errorText.split(separator: "\n").last.map(String.init) ?? "the speech recogniser failed"
            throw RenderFailure(sentence)
        }
        guard let transcript = Self.parse(result.standardOutput) else {
            throw RenderFailure("the speech recogniser's answer could not be read.")
        }
        return transcript
    }

    /// Reads the helper's JSON: words with their times, and the language.
    static func parse(_ data: Data) -> Transcript? {
        guard let json = JSONValue.parse(data), let segments = json["segments"]?.arrayValue else { return nil }
        var words: [SpokenWord] = []
        for segment in segments {
            for word in segment["words"]?.arrayValue ?? [] {
                guard let text = word["word"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
                    let start = word["start"]?.doubleValue, let end = word["end"]?.doubleValue,
                    start.isFinite, end.isFinite, start >= 0, end >= start
                else { continue }
                words.append(SpokenWord(text: text, start: start, end: end))
            }
        }
        return Transcript(words: words, language: json["language"]?.stringValue ?? "en")
    }
}
