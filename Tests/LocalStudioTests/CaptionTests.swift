import Foundation
import SkillKit
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
        draft.tracks = [DraftTrack(kind: .video, segments: [
            DraftSegment(source: "media:abc", name: "talk.mp4", inPoint: 5000, duration: 4000),
        ])]
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
        <s> 0.000 0.270 0.998501
        welcome 0.280 0.720 0.912
        to 0.730 0.850 0.95
        the(2) 0.860 0.950 0.88
        <sil> 0.960 1.200 1.0
        [NOISE] 1.210 1.300 1.0
        launch 1.310 1.800 0.7
        </s> 1.810 1.900 1.0
        welcome to the launch
        """
        #expect(SpeechTranscriber.parse(output).map(\.text) == ["welcome", "to", "the", "launch"])
        #expect(SpeechTranscriber.parse(output).first == SpokenWord(text: "welcome", start: 0.28, end: 0.72))
    }

    @Test func theCaptionScriptIsSafeAndScaled() {
        let script = CaptionScript(lines: [
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
