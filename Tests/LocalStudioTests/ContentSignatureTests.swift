import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// Files are recognised by their first bytes: real files of every supported kind pass under any
/// accepted name, and other content under a media name is refused before anything is sent.
@Suite(.tags(.encodes), .skippable(.encodes)) struct ContentSignatureTests {
    /// One small real file per format, made by ffmpeg: (file name, ffmpeg output options, kind).
    static let samples: [(String, [String], ContentSignature)] = [
        ("a.mp4", ["-c:v", "libx264", "-preset", "ultrafast"], .isoMedia),
        ("a.mov", ["-c:v", "libx264", "-preset", "ultrafast"], .isoMedia),
        ("a.webm", ["-c:v", "libvpx", "-deadline", "realtime"], .matroska),
        ("a.mkv", ["-c:v", "libx264", "-preset", "ultrafast"], .matroska),
        ("a.avi", ["-c:v", "mjpeg"], .avi),
        ("a.ts", ["-c:v", "libx264", "-preset", "ultrafast"], .mpegTransport),
        ("a.flv", ["-c:v", "flv"], .flv),
        ("a.wav", ["-vn"], .wave),
        ("a.mp3", ["-vn", "-c:a", "libmp3lame"], .mp3),
        ("a.aac", ["-vn", "-c:a", "aac", "-f", "adts"], .adts),
        ("a.m4a", ["-vn", "-c:a", "aac"], .isoMedia),
        ("a.jpg", ["-frames:v", "1", "-an"], .jpeg),
        ("a.png", ["-frames:v", "1", "-an"], .png),
        ("a.gif", ["-frames:v", "3", "-an"], .gif),
        ("a.webp", ["-frames:v", "1", "-an", "-c:v", "libwebp"], .webp),
    ]

    static func makeSamples(in folder: URL) async throws -> [(URL, ContentSignature)] {
        let ffmpeg = try #require(ProcessRunner.locate("ffmpeg"))
        var made: [(URL, ContentSignature)] = []
        for (name, options, kind) in samples {
            let file = folder.appendingPathComponent(name)
            let arguments =
                [
                    "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=10",
                    "-f", "lavfi", "-i", "sine=frequency=440", "-t", "0.5",
                ] + options + ["-shortest", file.path]
            let result = try await ProcessRunner.run(ffmpeg, arguments)
            #expect(result.status == 0, "\(name): \(result.errorText)")
            made.append((file, kind))
        }
        let subtitles = folder.appendingPathComponent("a.srt")
        try Data("\u{FEFF}1\r\n00:00:00,000 --> 00:00:01,500\r\nHello\r\n".utf8).write(to: subtitles)
        made.append((subtitles, .subRip))
        return made
    }

    /// Content that is not media, each under a media name.
    static let impostors: [(String, Data)] = [
        ("program.mp4", Data("MZ".utf8) + Data(repeating: 0x90, count: 12)),  // 14 bytes, as a user found
        ("linux-program.avi", Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) + Data(count: 56)),
        ("document.mov", Data("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)),
        ("archive.mkv", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]) + Data(count: 40)),
        ("page.gif", Data("<!doctype html><html><body>not a picture</body></html>".utf8)),
        ("notes.mp3", Data("remember to buy milk\n".utf8)),
        ("noise.webm", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })),
        ("riff-but-not.wav", Data("RIFF\u{24}\u{0}\u{0}\u{0}CDXAfmt ".utf8) + Data(count: 32)),
        ("fake.srt", Data("1\nthis line has no timing\nHello\n".utf8)),
    ]

    @Test func everySupportedKindIsRecognisedEvenWhenRenamed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signatures-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = try await Self.makeSamples(in: folder)
        let acceptedNames = MediaRules.acceptedExtensions
        for (index, (file, kind)) in samples.enumerated() {
            #expect(ContentSignature.detect(file: file) == kind, "\(file.lastPathComponent)")
            // Under another accepted name (a .mov saved as .mp4, a .wav as .mp3), it still goes.
            let renamed = folder.appendingPathComponent("renamed-\(index).\(acceptedNames[index % acceptedNames.count])")
            try FileManager.default.copyItem(at: file, to: renamed)
            #expect(throws: Never.self, "\(file.lastPathComponent) as \(renamed.lastPathComponent)") { try MediaRules.validate(renamed, alsoAccepting: ["srt"]) }
        }
    }

    @Test func contentThatIsNotMediaIsRefusedUnderAnyMediaName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("impostors-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, bytes) in Self.impostors {
            let file = folder.appendingPathComponent(name)
            try bytes.write(to: file)
            #expect(ContentSignature.detect(file: file) == nil, "\(name)")
            #expect(throws: BackendError.unrecognisedContent(name: name)) { try MediaRules.validate(file, alsoAccepting: ["srt"]) }
        }
        let sentence = BackendError.unrecognisedContent(name: "program.mp4").description
        #expect(sentence.hasPrefix("program.mp4 does not look like a video, audio, image or subtitle file"))
        #expect(sentence.contains("nothing was uploaded"))
    }

    @Test func theLocalStudioRefusesThemOnArrivalToo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("studio-sig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let studio = try await Studio(configuration: StudioConfiguration(dataDirectory: folder.appendingPathComponent("data")))
        let issued = try await studio.issueAnonymousToken(clientID: UUID().uuidString)
        let session = try await studio.createSession(userID: issued.user.id, language: "en")
        let file = folder.appendingPathComponent("program.mp4")
        try Self.impostors[0].1.write(to: file)
        await #expect(throws: StudioError.unsupportedFormat(name: "program.mp4")) {
            try await studio.upload(sessionID: session.id, userID: issued.user.id, file: file, filename: "program.mp4", move: false)
        }
        let media = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("data/media").path)) ?? []
        #expect(media.isEmpty, "nothing was kept")
    }
}
