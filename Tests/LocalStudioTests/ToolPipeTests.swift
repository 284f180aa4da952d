import Foundation
import SkillShellTestSupport
import Testing

@testable import LocalStudio

/// Two tools joined by a pipe, as the final encode and its quality report are: the reader sees
/// the end when the writer ends, and a writer whose reader is gone is told so instead of
/// waiting forever. Both hold only if this process lets go of both ends, which a hang here would
/// show (each tool has a deadline, so a leak fails instead of hanging the suite).
struct ToolPipeTests {
    static let deadline = Duration.seconds(30)

    @Test func theReaderSeesTheEndWhenTheWriterEnds() async throws {
        let pipe = try ToolPipe()
        // The writer's standard input is the pipe's writing end: it writes to descriptor 0.
        async let read = ProcessRunner.run("/bin/sh", ["-c", "cat"], deadline: Self.deadline, standardInput: pipe.reading)
        let written = try await ProcessRunner.run(
            "/bin/sh", ["-c", "printf 'one\\ntwo\\n' >&0; seq 1 20000 >&0"], deadline: Self.deadline, standardInput: pipe.writing)
        #expect(written.status == 0, "\(written.errorText)")
        let result = try await read
        #expect(result.status == 0)
        let lines = String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n")
        #expect(lines.prefix(2) == ["one", "two"] && lines.count == 20_002 && lines.last == "20000")
        #expect(pipe.reading.current == nil && pipe.writing.current == nil, "this process let go of both ends")
    }

    @Test func aWriterWhoseReaderHasGoneGoesOn() async throws {
        let pipe = try ToolPipe()
        let reader = try await ProcessRunner.run("/bin/sh", ["-c", "exit 0"], deadline: Self.deadline, standardInput: pipe.reading)
        #expect(reader.status == 0)
        // 10 MB is far more than a pipe holds: with a reading end left open anywhere, this blocks.
        let written = try await ProcessRunner.run(
            "/bin/sh", ["-c", "head -c 10000000 /dev/zero >&0 2>/dev/null; echo went on"], deadline: Self.deadline, standardInput: pipe.writing)
        #expect(String(decoding: written.standardOutput, as: UTF8.self) == "went on\n")
    }

    @Test func aReaderThatCannotStartLetsGoOfItsEnd() async throws {
        let pipe = try ToolPipe()
        await #expect(throws: RenderFailure.self) {
            _ = try await ProcessRunner.run("/nonexistent/reader", [], deadline: Self.deadline, standardInput: pipe.reading)
        }
        #expect(pipe.reading.current == nil)
        let written = try await ProcessRunner.run(
            "/bin/sh", ["-c", "head -c 10000000 /dev/zero >&0 2>/dev/null; echo went on"], deadline: Self.deadline, standardInput: pipe.writing)
        #expect(String(decoding: written.standardOutput, as: UTF8.self) == "went on\n")
    }

    @Test func anEndGivenAwayCannotBeGivenAgain() async throws {
        let pipe = try ToolPipe()
        pipe.writing.close()
        await #expect(throws: RenderFailure.self) {
            _ = try await ProcessRunner.run("/bin/sh", ["-c", "exit 0"], standardInput: pipe.writing)
        }
    }
}

/// The final encode's tee (`RenderWorker.teeOutput`): the MP4 is whole whatever happens to the
/// report that reads the other output.
@Suite(.tags(.encodes), .skippable(.encodes)) struct EncodeTeeTests {
    func encode(reader: String, _ arguments: [String], in folder: URL) async throws -> (encoder: ProcessRunner.Result, reader: ProcessRunner.Result, output: URL) {
        let ffmpeg = try #require(ProcessRunner.locate("ffmpeg"))
        let pipe = try ToolPipe()
        async let read = ProcessRunner.run(try #require(ProcessRunner.locate(reader)), arguments, deadline: .seconds(60), standardInput: pipe.reading)
        let graph =
            "testsrc2=size=320x240:rate=30:duration=4,format=yuv420p,split=2[v][all];[all]select='not(mod(n\\,5))'[ref];"
            + "sine=frequency=440:duration=4[a]"
        let encoder = try await ProcessRunner.run(
            ffmpeg,
            ["-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-filter_complex", graph, "-map", "[v]", "-map", "[a]"]
                + ["-c:v:0", "libx264", "-preset:v:0", "veryfast", "-c:a", "aac"] + RenderWorker.teeOutput(fileName: "output.mp4"),
            in: folder, deadline: .seconds(60), standardInput: pipe.writing)
        return (encoder, try await read, folder.appendingPathComponent("output.mp4"))
    }

    func probe(_ file: URL) async throws -> MediaInfo {
        try await MediaProbe(ffprobe: try #require(ProcessRunner.locate("ffprobe"))).probe(file)
    }

    @Test func theReportGetsTheVideoAndTheSourceFramesAndTheFileIsWhole() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tee-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Counts each stream's frames as the report reads them.
        let (encoder, reader, output) = try await encode(
            reader: "ffprobe", ["-v", "error", "-f", "nut", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", "pipe:0"], in: folder)
        #expect(encoder.status == 0, "\(encoder.errorText)")
        #expect(reader.status == 0, "\(reader.errorText)")
        // The 120 encoded frames, then every 5th source frame (24) as they were, not padded out
        // to the video's rate.
        let streams = String(decoding: reader.standardOutput, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(streams == ["h264,120", "rawvideo,24"], "\(streams)")
        let info = try await probe(output)
        #expect(info.hasVideo && info.hasAudio && abs((info.duration ?? 0) - 4) < 0.2)
        let head = try FileHandle(forReadingFrom: output).readData(ofLength: 64 * 1024)
        let moov = try #require(head.range(of: Data("moov".utf8)))
        #expect(head.range(of: Data("mdat".utf8)).map { moov.lowerBound < $0.lowerBound } ?? true, "the index comes first (faststart)")
    }

    @Test func aReportThatFailsLeavesTheFileWhole() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tee-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A "report" that reads nothing and ends at once, as a failing one would.
        let (encoder, _, output) = try await encode(reader: "ffmpeg", ["-hide_banner", "-no-such-option"], in: folder)
        #expect(encoder.status == 0, "\(encoder.errorText)")
        let info = try await probe(output)
        #expect(info.hasVideo && info.hasAudio && abs((info.duration ?? 0) - 4) < 0.2)
    }
}
