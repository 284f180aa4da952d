import Foundation
import SkillKit
import Testing
@testable import LocalStudio

/// Makes small test clips with ffmpeg's own generators.
enum Clips {
    static func make(_ name: String, in folder: URL, seconds: Int = 4, size: String = "640x360", audio: Bool = true) async throws -> URL {
        let file = folder.appendingPathComponent(name)
        var arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=30"]
        if audio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440"] }
        arguments += ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        arguments += audio ? ["-c:a", "aac", "-shortest"] : []
        arguments.append(file.path)
        let result = try await ProcessRunner.run(try #require(ProcessRunner.locate("ffmpeg")), arguments)
        #expect(result.status == 0, "\(result.errorText)")
        return file
    }
}

@Suite(.tags(.ffmpeg)) struct LocalStudioBackendTests {
    @Test func uploadsEditsRendersAndDownloadsUnderTheTarget() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("studio-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await Clips.make("clip.mp4", in: folder, seconds: 6)

        let backend = try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100)))
        let attribution = SkillAttribution(source: "test", version: "1", platform: .unknown)
        let session = try await backend.connect(attribution: attribution)
        let context = RequestContext(session: session, attribution: attribution)

        let uploaded = try await backend.upload([clip], context: context, progress: nil)
        #expect(uploaded.first?.width == 640 && uploaded.first?.height == 360)
        #expect(uploaded.first?.hash?.count == 64)

        var texts: [String] = []
        for try await event in backend.chat(#"trim to the first 4 seconds and add a title "GG" for 2 seconds"#, context: context) {
            if case .text(let text) = event { texts.append(text) }
        }
        #expect(texts.joined().contains("trimmed"))
        let state = try await backend.state(context: context)
        #expect(TimelineSummary(state.draft).oneLine == #"Timeline (2 tracks): 1. Video: clip.mp4 (0-4s) 2. Title: "GG" (0-2s)"#)

        var status = try await backend.startRender(RenderRequest(id: RenderRequest.makeID(), draft: state.draft, options: ExportOptions(targetBytes: 300_000)), context: context)
        let deadline = ContinuousClock.now + .seconds(120)
        while status.phase == .pending || status.phase == .processing, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            status = try await backend.renderStatus(id: status.id, context: context)
        }
        #expect(status.phase == .completed, "\(status.failureReason ?? "")")
        let output = folder.appendingPathComponent("out.mp4")
        let bytes = try await backend.download(status, to: output, context: context, progress: nil)
        #expect(bytes > 100_000 && bytes <= 300_000)
        #expect(status.message?.contains("% of 300 KB") == true)

        // Never overwrite: a second download to the same name is refused.
        await #expect(throws: BackendError.self) {
            try await backend.download(status, to: output, context: context, progress: nil)
        }
    }
}

extension Tag {
    /// Tests that run ffmpeg.
    @Tag static var ffmpeg: Self
}
