import Foundation
import Testing

@testable import SkillKit

struct DraftTests {
    static let example = """
        {"t":[{"tt":0,"sg":[{"n":"city timelapse","st":0,"d":10000}]},
              {"tt":1,"m":{"role":"bgm"},"sg":[{"n":"Lo-fi","st":0,"d":10000,"vol":35}]},
              {"tt":7,"m":{"role":"title"},"sg":[{"txt":"Urban Dreams","st":0,"d":3000}]}],
         "d":10000}
        """

    static func draft(_ json: String) throws -> Draft {
        Draft(json: try #require(JSONValue.parse(Data(json.utf8))))
    }

    @Test func summarisesAsTheContractShows() throws {
        let summary = TimelineSummary(try Self.draft(Self.example))
        #expect(summary.oneLine == #"Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)"#)
        #expect(summary.lines.count == 4)
    }

    @Test func survivesMissingAndUnknownKeys() throws {
        let draft = try Self.draft(#"{"t":[{"sg":[{"zz":1}]},{"tt":5},{"tt":"0","sg":[{"src":"https://cdn/x/clip.mp4","d":"2500"}]}],"future":{"a":1}}"#)
        let summary = TimelineSummary(draft)
        #expect(
            summary.lines == [
                "Timeline (3 tracks):",
                "  1. Track: clip (0-0s)",
                "  2. Track type 5: empty",
                "  3. Video: clip.mp4 (0-2.5s)",
            ])
        #expect(Draft(json: .null).tracks.isEmpty)
        #expect(TimelineSummary(Draft()).oneLine == "Timeline is empty.")
    }

    @Test func keepsUnknownKeysOnTheWayBack() throws {
        let original = try #require(JSONValue.parse(Data(#"{"t":[{"tt":0,"x1":true,"sg":[{"d":1000,"fx":{"k":[1,2]},"st":0}]}],"d":1000,"ver":3}"#.utf8)))
        #expect(Draft(json: original).json == original)
    }

    @Test func exportableOnlyWithASegment() throws {
        #expect(!(try Self.draft(#"{"t":[{"tt":0,"sg":[]}]}"#)).isExportable)
        #expect(try Self.draft(Self.example).isExportable)
    }

    @Test func listsCaptionLinesWithTimes() throws {
        let draft = try Self.draft(#"{"t":[{"tt":7,"m":{"role":"caption"},"sg":[{"txt":"hello","st":0,"d":1500},{"txt":"world","st":1500,"d":1500}]}]}"#)
        let summary = TimelineSummary(draft)
        #expect(summary.entries[0].text == "Captions: 2 lines (0-3s)")
        #expect(summary.timedLines == [#"1. 0:00.0-0:01.5  "hello""#, #"2. 0:01.5-0:03.0  "world""#])
    }

    @Test func diffSaysWhatChanged() throws {
        let before = try Self.draft(#"{"t":[{"tt":0,"sg":[{"n":"clip","st":0,"d":60000}]}]}"#)
        var after = before
        after.tracks.append(DraftTrack(kind: .text, segments: [DraftSegment(start: 0, duration: 3000, text: "GG")]))
        #expect(DraftDiff(from: before, to: after).sentence == #"Added a text track: "GG" (0-3s)."#)

        var trimmed = before
        trimmed.tracks[0].segments[0].duration = 20000
        #expect(DraftDiff(from: before, to: trimmed).changes == ["The video now runs 0-20s (was 0-60s)."])

        var music = try Self.draft(Self.example)
        let quieter = music
        music.tracks[1].segments[0].volume = 50
        #expect(DraftDiff(from: music, to: quieter).changes == ["BGM volume is now 35% (was 50%)."])
        #expect(DraftDiff(from: quieter, to: quieter).sentence == "The timeline did not change.")

        let removed = Draft(tracks: Array(quieter.tracks.prefix(2)))
        #expect(DraftDiff(from: quieter, to: removed).changes == [#"Removed the title track ("Urban Dreams")."#])
        #expect(DraftDiff(from: Draft(), to: quieter).changes.first == "Added a video track: city timelapse (0-10s).")
    }
}
