import Foundation
import Testing

@testable import SkillKit

struct IntentRouterTests {
    static let existing: Set<String> = ["/home/u/Videos/My Clip.mp4", "/work/notes", "/tmp/raw footage", "/home/u/Downloads/my dir/a.mp4", "/home/u/Videos/my clip.mp4"]
    static let router = IntentRouter(
        paths: PathDetector(
            home: URL(fileURLWithPath: "/home/u"),
            currentDirectory: URL(fileURLWithPath: "/work"),
            fileExists: { existing.contains($0) }
        ))

    static let cases: [(String, [Intent])] = [
        // Export, in many phrasings.
        ("export", [.export(ExportRequest())]),
        ("Export!", [.export(ExportRequest())]),
        ("download", [.export(ExportRequest())]),
        ("send me the video", [.export(ExportRequest())]),
        ("please export it", [.export(ExportRequest())]),
        ("can you download it for me", [.export(ExportRequest())]),
        ("export 720p MP4", [.export(ExportRequest(resolution: "720p", format: "mp4"))]),
        ("export vertical", [.export(ExportRequest(resolution: "vertical"))]),
        ("export it under 8MB", [.export(ExportRequest(targetBytes: 8_000_000))]),
        ("导出", [.export(ExportRequest())]),
        ("导出视频", [.export(ExportRequest())]),
        ("请导出1080p", [.export(ExportRequest(resolution: "1080p"))]),
        ("下载", [.export(ExportRequest())]),
        // Credits.
        ("credits", [.credits]),
        ("how many credits do I have?", [.credits]),
        ("what's my balance", [.credits]),
        ("积分", [.credits]),
        ("我还有多少积分", [.credits]),
        ("余额", [.credits]),
        // State.
        ("status", [.state]),
        ("show tracks", [.state]),
        ("what's the status?", [.state]),
        ("show me the timeline", [.state]),
        ("状态", [.state]),
        ("查看时间线", [.state]),
        // Upload, with and without paths.
        ("upload", [.upload([])]),
        ("上传", [.upload([])]),
        ("/home/u/Videos/My\\ Clip.mp4", [.upload(["/home/u/Videos/My Clip.mp4"])]),
        ("'/home/u/Videos/My Clip.mp4'", [.upload(["/home/u/Videos/My Clip.mp4"])]),
        ("\"/home/u/Videos/My Clip.mp4\" ", [.upload(["/home/u/Videos/My Clip.mp4"])]),
        ("~/Videos/My\\ Clip.mp4", [.upload(["/home/u/Videos/My Clip.mp4"])]),
        ("file:///home/u/Videos/My%20Clip.mp4", [.upload(["/home/u/Videos/My Clip.mp4"])]),
        ("clips/game.mov", [.upload(["/work/clips/game.mov"])]),
        ("./game.webm", [.upload(["/work/game.webm"])]),
        ("upload ~/a.mp4 ~/b.mkv", [.upload(["/home/u/a.mp4", "/home/u/b.mkv"])]),
        ("上传 /data/片段.mp4", [.upload(["/data/片段.mp4"])]),
        ("'/tmp/raw footage'", [.upload(["/tmp/raw footage"])]),
        ("upload ~/a.mp4 and compress it under 10MB", [.upload(["/home/u/a.mp4"]), .chat("compress it under 10MB")]),
        // Chat: edits, even when they contain command words.
        ("compress this video under 10MB for Discord upload", [.chat("compress this video under 10MB for Discord upload")]),
        ("compress my video files", [.chat("compress my video files")]),
        ("make it look better", [.chat("make it look better")]),
        ("add a title that says export", [.chat("add a title that says export")]),
        ("roll credits at the end", [.chat("roll credits at the end")]),
        ("add background music at 30% volume", [.chat("add background music at 30% volume")]),
        ("upload it to discord for me", [.chat("upload it to discord for me")]),
        ("trim the status update clip to 10 seconds", [.chat("trim the status update clip to 10 seconds")]),
        ("把视频压缩到10MB以内", [.chat("把视频压缩到10MB以内")]),
        ("添加字幕", [.chat("添加字幕")]),
        ("hi", [.chat("hi")]),
        // Compound requests: the edit goes to the agent, the export runs after.
        (
            "trim the clip, add captions, and export it ready to share in Discord",
            [.chat("trim the clip, add captions"), .export(ExportRequest())]
        ),
        ("trim to 20 seconds and then export 720p", [.chat("trim to 20 seconds"), .export(ExportRequest(resolution: "720p"))]),
        ("add text and music, then download", [.chat("add text and music"), .export(ExportRequest())]),
        ("压缩视频然后导出", [.chat("压缩视频"), .export(ExportRequest())]),
        ("合并视频，然后导出", [.chat("合并视频"), .export(ExportRequest())]),
        ("status and credits", [.state, .credits]),
        // Other ways of asking for the file or the state, read by the request parser.
        ("gimme the file", [.export(ExportRequest())]),
        ("send it over when it's done", [.export(ExportRequest())]),
        ("what's going on with my project", [.state]),
        ("where are we at?", [.state]),
        ("export 4K", [.export(ExportRequest(resolution: "2160p"))]),
        // An unquoted path with spaces that exists as written is one path.
        ("upload ~/Videos/my clip.mp4", [.upload(["/home/u/Videos/my clip.mp4"])]),
        ("上传 ~/Downloads/my dir/a.mp4", [.upload(["/home/u/Downloads/my dir/a.mp4"])]),
        ("~/Downloads/my dir/a.mp4", [.upload(["/home/u/Downloads/my dir/a.mp4"])]),
        ("", []),
        ("   ", []),
    ]

    @Test(arguments: cases)
    func routes(input: String, expected: [Intent]) {
        #expect(Self.router.route(input) == expected, "\(input)")
    }

    @Test func tableIsLargeAndBilingual() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.filter { $0.0.unicodeScalars.contains { $0.properties.isIdeographic } }.count >= 12)
    }

    @Test(arguments: [("10MB", 10_000_000), ("10 mb", 10_000_000), ("10MiB", 10_485_760), ("500KB", 500_000), ("1.5GB", 1_500_000_000), ("8 MiB", 8_388_608), ("300kb", 300_000)] as [(String, Int64)])
    func parsesSizes(text: String, bytes: Int64) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test func findsSizesInSentences() {
        #expect(ByteSize.find(in: "compress under 25MB for nitro") == 25_000_000)
        #expect(ByteSize.find(in: "make it 1080p") == nil)
        #expect(ByteSize.find(in: "压缩到10MB以内") == 10_000_000)
    }
}

struct SlashCommandTests {
    @Test func parsesCommandsButNotPaths() {
        #expect(SlashCommand.parse("/skill video-ai-discord") == .skill("video-ai-discord"))
        #expect(SlashCommand.parse("/skill") == .skill(nil))
        #expect(SlashCommand.parse("/skills") == .skills)
        #expect(SlashCommand.parse("/export 720p 8MB") == .export(ExportRequest(resolution: "720p", targetBytes: 8_000_000)))
        #expect(SlashCommand.parse("/QUIT") == .quit)
        #expect(SlashCommand.parse("/bogus") == .unknown("/bogus"))
        #expect(SlashCommand.parse("/tmp/clip.mp4") == nil)
        #expect(SlashCommand.parse("hello") == nil)
    }
}

/// Inputs the fuzzer found.
struct FuzzFindingsTests {
    @Test func slashesBeforeAnInvalidByteAreJustText() {
        // "//" and a lone 0xF0 crashed NSString.pathExtension inside Foundation.
        let line = String(decoding: [0x2F, 0x2F, 0xF0], as: UTF8.self)
        _ = IntentRouter(paths: PathDetector(fileExists: { _ in false })).route(line)
        _ = SlashCommand.parse(line)
        #expect(PathText.pathExtension(line) == "")
        #expect(PathText.pathExtension("/a/b/clip.MP4") == "MP4")
        #expect(PathText.stem("/a/b/clip.final.mp4") == "clip.final")
        #expect(PathText.pathExtension(".hidden") == "")
    }
}
