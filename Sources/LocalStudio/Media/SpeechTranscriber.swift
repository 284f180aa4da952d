import Foundation

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

/// Offline speech recognition with CMU PocketSphinx and its US English model, both from Debian
/// (`pocketsphinx`, `pocketsphinx-en-us`): nothing is downloaded and nothing leaves the machine.
struct SpeechTranscriber: Sendable {
    let ffmpeg: String
    let recogniser: String

    /// The recogniser, when it is installed.
    static func locate() -> String? {
        ProcessRunner.locate("pocketsphinx_continuous")
    }

    /// The words spoken in `file`, in order.
    func transcribe(_ file: URL, in folder: URL) async throws -> [SpokenWord] {
        let audio = folder.appendingPathComponent("speech-\(UUID().uuidString.prefix(8)).wav")
        defer { try? FileManager.default.removeItem(at: audio) }
        // The model expects 16 kHz, mono, 16-bit samples; rumble is cut and the level evened
        // out first (measured on espeak-ng speech: more words right than without).
        let extract = try await ProcessRunner.run(ffmpeg, [
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error"] + MediaInput.input(file) + [
            "-vn", "-af", "highpass=f=100,dynaudnorm", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", audio.path,
        ])
        guard extract.status == 0 else { throw RenderFailure("the sound of the clip could not be read for captions.") }
        let result = try await ProcessRunner.run(recogniser, ["-infile", audio.path, "-time", "yes", "-logfn", "/dev/null"], in: folder)
        guard result.status == 0 else { throw RenderFailure("the speech recogniser failed (\(result.errorText.split(separator: "\n").last ?? ""))") }
        return Self.parse(String(decoding: result.standardOutput, as: UTF8.self))
    }

    /// Reads `word start end confidence` lines; markers such as `<s>`, `<sil>` and `[NOISE]`
    /// are dropped, and alternative pronunciations lose their suffix ("the(2)" is "the").
    static func parse(_ output: String) -> [SpokenWord] {
        var words: [SpokenWord] = []
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 4, let start = Double(fields[1]), let end = Double(fields[2]), Double(fields[3]) != nil,
                  end >= start else { continue }
            var text = String(fields[0])
            if text.hasPrefix("<") || text.hasPrefix("[") || text.hasPrefix("+") { continue }
            if let open = text.firstIndex(of: "("), text.hasSuffix(")") { text = String(text[..<open]) }
            guard !text.isEmpty else { continue }
            words.append(SpokenWord(text: text, start: start, end: end))
        }
        return words
    }
}
