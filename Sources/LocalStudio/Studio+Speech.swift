import Foundation
import SkillKit

extension Studio {
    /// The words spoken in `media`, transcribed once per way of asking and kept beside the
    /// stored file. `language` is "zh" to force 中文, "en" for English captions whatever is
    /// spoken (other speech is translated), `nil` to detect it.
    ///
    /// - Returns: the transcript, or the sentence that says why there is none.
    func speech(in media: MediaRecord, language: String?) async throws -> Result<Transcript, SpeechProblem> {
        guard let installation = SpeechTranscriber.locate() else {
            return .failure(SpeechProblem("Captions from speech need the speech model, which is not installed: run scripts/install-deps.sh."))
        }
        let file = await store.mediaFile(media)
        let cache = file.deletingPathExtension().appendingPathExtension("words\(language.map { "-\($0)" } ?? "").json")
        // try?: no cached transcript: the recogniser runs.
        if let data = try? Data(contentsOf: cache), let transcript = try? JSONDecoder().decode(Transcript.self, from: data) {
            return .success(transcript)
        }
        let transcriber = SpeechTranscriber(ffmpeg: worker.ffmpeg, installation: installation)
        do {
            let transcript = try await transcriber.transcribe(
                file, in: await store.incomingFolder, language: language == "zh" ? "zh" : nil, english: language == "en",
                duration: media.info.duration
            )
            // try?: without the cache the recogniser runs again next time.
            try? JSONEncoder().encode(transcript).write(to: cache, options: .atomic)
            return .success(transcript)
        } catch let failure as RenderFailure {
            return .failure(SpeechProblem(failure.description.prefix(1).uppercased() + failure.description.dropFirst()))
        } catch let deadline as ProcessRunner.ToolDeadline {
            return .failure(SpeechProblem("The speech recogniser took too long (\(deadline.seconds) s) and was stopped; try a shorter clip."))
        }
    }
}

/// Why a clip's speech could not be had, as one sentence for the user.
public struct SpeechProblem: Error, Sendable, Equatable {
    public var sentence: String
    public init(_ sentence: String) { self.sentence = sentence }
}

extension Draft {
    /// Whether a clip of the video track comes from `source`.
    func uses(source: String) -> Bool {
        tracks.contains { $0.kind == .video && $0.segments.contains { $0.source == source } }
    }
}
