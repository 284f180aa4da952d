import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// Captions: grouping heard words into lines, the libass script, and the recogniser's output.
struct CaptionGroupingTests {
    static func words(_ text: String, from start: Int, every step: Int = 300) -> [(text: String, start: Int, end: Int)] {
        text.split(separator: " ").enumerated().map { index, word in
            (String(word), start + index * step, start + index * step + step - 40)
        }
    }

    @Test func linesBreakAtSentencesPausesAndLength() {
        var words = Self.words("Welcome to the launch.", from: 1000)
        words += Self.words("Today we show the first level of the game and a few of the secrets inside it", from: 3000)
        words += Self.words("Thanks", from: 12000)
        let lines = CaptionLines.fromWords(words)
        #expect(lines.first?.text == "Welcome to the launch.")
        #expect(lines.allSatisfy { $0.text.count <= CaptionLines.maximumCharacters })
        #expect(lines.allSatisfy { $0.end - $0.start <= CaptionLines.maximumLineDuration + CaptionLines.minimumLineDuration })
        #expect(lines.last?.text == "Thanks")
        #expect(lines.last.map { $0.end - $0.start } == CaptionLines.minimumLineDuration, "a one-word line stays up for a second")
        for (earlier, later) in zip(lines, lines.dropFirst()) {
            #expect(earlier.end <= later.start, "lines never overlap")
        }
        #expect(lines.map(\.text).joined(separator: " ").split(separator: " ").count == words.count, "no word is lost")
    }

    @Test func heardWordsFollowTheCutOntoTheTimeline() {
        var draft = Draft()
        draft.tracks = [
            DraftTrack(
                kind: .video,
                segments: [
                    DraftSegment(source: "media:abc", name: "talk.mp4", inPoint: 5000, duration: 4000)
                ])
        ]
        let speech = [
            SpokenWord(text: "before", start: 1.0, end: 1.4),
            SpokenWord(text: "inside", start: 6.0, end: 6.5),
            SpokenWord(text: "edge", start: 8.6, end: 9.2),
            SpokenWord(text: "after", start: 9.8, end: 10.2),
        ]
        let words = EditingAgent.spokenWords(on: draft, assets: [AgentAsset(hash: "abc", filename: "talk.mp4", kind: "video", speech: speech)])
        #expect(words.map(\.text) == ["inside", "edge"])
        #expect(words.first?.start == 1000 && words.first?.end == 1500)
        #expect(words.last?.end == 4000, "a word running past the cut ends with it")
    }

    @Test func recogniserOutputIsRead() {
        let output = """
            {"language": "en", "language_probability": 0.97, "task": "transcribe", "model": "tiny.en", "duration": 2.0,
             "segments": [{"start": 0.28, "end": 1.8, "text": "Welcome to the launch.", "words": [
               {"start": 0.28, "end": 0.72, "word": " Welcome", "probability": 0.9},
               {"start": 0.73, "end": 0.85, "word": " to", "probability": 0.9},
               {"start": -1, "end": 0.95, "word": " the", "probability": 0.9},
               {"start": 0.86, "end": 0.95, "word": " the", "probability": 0.9},
               {"start": 1.31, "end": 1.8, "word": " launch.", "probability": 0.7}]}]}
            """
        let transcript = SpeechTranscriber.parse(Data(output.utf8))
        #expect(transcript?.words.map(\.text) == ["Welcome", "to", "the", "launch."], "a word with an impossible time is dropped")
        #expect(transcript?.words.first == SpokenWord(text: "Welcome", start: 0.28, end: 0.72))
        #expect(transcript?.language == "en")
    }

    @Test func chineseWordsJoinWithoutSpacesInShorterLines() {
        let characters = Array("大家好欢迎来到我的直播间今天我们一起玩这个新游戏吧")
        let words = characters.enumerated().map { index, character in (String(character), index * 200, index * 200 + 180) }
        let lines = CaptionLines.fromWords(words)
        #expect(lines.allSatisfy { $0.text.count <= CaptionLines.maximumCJKCharacters && !$0.text.contains(" ") }, "\(lines)")
        #expect(lines.map(\.text).joined() == String(characters), "no character is lost")
    }

    @Test func theCaptionScriptIsSafeAndScaled() {
        let script = CaptionScript(
            lines: [
                .init(start: 1.25, end: 3.5, text: "Use {\\b1} braces\nand lines"),
                .init(start: 61, end: 62, text: "字幕"),
            ], width: 1080, height: 1920)
        let text = script.text
        #expect(text.contains("PlayResX: 1080\nPlayResY: 1920"))
        #expect(text.contains("Dialogue: 0,0:00:01.25,0:00:03.50,Caption,,0,0,0,,Use ｛＼b1｝ braces\\Nand lines"))
        #expect(text.contains("Dialogue: 0,0:01:01.00,0:01:02.00"))
        #expect(script.fontSize == 59)
        #expect(script.fontName != "DejaVu Sans", "CJK text gets a CJK font")
    }

    @Test func chineseTextGetsAFontThatHasItsGlyphs() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), "fonts-wqy-zenhei is installed by scripts/install-deps.sh")
        let font = try #require(RenderGraph.font(for: ["导出 GG"]))
        #expect(font.contains("wqy") || font.contains("Noto"))
        #expect(RenderGraph.font(for: ["GG"])?.contains("DejaVu") == true)
    }
}

/// The real recogniser (Whisper through the helper), as the studio runs it: espeak-ng speech
/// is heard, a tone and silence are not.
@Suite(.tags(.encodes), .skippable(.encodes)) struct SpeechRecogniserTests {
    static func transcribe(_ file: URL, in folder: URL, language: String? = nil) async throws -> Transcript {
        let installation = try #require(SpeechTranscriber.locate(), "the speech model is installed by scripts/install-deps.sh")
        let transcriber = SpeechTranscriber(ffmpeg: try #require(ProcessRunner.locate("ffmpeg")), installation: installation)
        return try await transcriber.transcribe(file, in: folder, language: language)
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
    }

    @Test func speechIsHeardAndTonesAreNot() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("speech-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sentence = "Press the button to start the race and hold it down to go faster."
        let speech = folder.appendingPathComponent("speech.wav")
        let spoken = try await ProcessRunner.run(try #require(ProcessRunner.locate("espeak-ng")), ["-w", speech.path, sentence])
        #expect(spoken.status == 0)
        let heard = try await Self.transcribe(speech, in: folder)
        let said = Self.words(sentence)
        let got = Self.words(heard.words.map(\.text).joined(separator: " "))
        let found = said.filter(got.contains).count
        #expect(Double(found) / Double(said.count) >= 0.8, "heard: \(got)")
        #expect(heard.language == "en")
        // Times are the clip's own, though the sound was slowed for the recogniser.
        let ffprobe = try #require(ProcessRunner.locate("ffprobe"))
        let duration = try #require(try await MediaProbe(ffprobe: ffprobe).probe(speech).duration)
        #expect((heard.words.last?.end ?? 0) <= duration + 0.3, "the last word ends within the clip: \(heard.words.last as Any) of \(duration) s")

        let tone = folder.appendingPathComponent("tone.wav")
        _ = try await ProcessRunner.run(try #require(ProcessRunner.locate("ffmpeg")), ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=6", tone.path])
        #expect(try await Self.transcribe(tone, in: folder).words.isEmpty, "a tone has no words")
        let silence = folder.appendingPathComponent("silence.wav")
        _ = try await ProcessRunner.run(try #require(ProcessRunner.locate("ffmpeg")), ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "5", silence.path])
        #expect(try await Self.transcribe(silence, in: folder).words.isEmpty, "silence has no words")
    }
}
