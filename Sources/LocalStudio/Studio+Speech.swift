import Foundation
import SkillKit

extension Studio {
    /// The words spoken in `media`, transcribed once and kept beside the stored file.
    ///
    /// - Returns: `nil` when no recogniser is installed (the agent then asks for the words).
    func speech(in media: MediaRecord) async throws -> [SpokenWord]? {
        guard let recogniser = SpeechTranscriber.locate() else { return nil }
        let file = await store.mediaFile(media)
        let cache = file.deletingPathExtension().appendingPathExtension("words.json")
        if let data = try? Data(contentsOf: cache), let words = try? JSONDecoder().decode([SpokenWord].self, from: data) {
            return words
        }
        let transcriber = SpeechTranscriber(ffmpeg: worker.ffmpeg, recogniser: recogniser)
        let words: [SpokenWord]
        do {
            words = try await transcriber.transcribe(file, in: await store.incomingFolder)
        } catch let failure as RenderFailure {
            _ = failure
            throw StudioError.unreadableMedia(name: media.filename)
        }
        try? JSONEncoder().encode(words).write(to: cache, options: .atomic)
        return words
    }
}

extension Draft {
    /// Whether a clip of the video track comes from `source`.
    func uses(source: String) -> Bool {
        tracks.contains { $0.kind == .video && $0.segments.contains { $0.source == source } }
    }
}
