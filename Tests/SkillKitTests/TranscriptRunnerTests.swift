import Foundation
import Testing

@testable import SkillKit

struct TranscriptRunnerTests {
    static func lines(_ text: String) -> AsyncStream<String> {
        AsyncStream { continuation in
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) { continuation.yield(String(line)) }
            continuation.finish()
        }
    }

    @Test func echoesLinesSkipsCommentsAndStopsAtAFailure() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        let script = "# comment\n\ncredits\r\n/skill nope\nstatus\n"
        let failures = try await TranscriptRunner().run(Self.lines(script), conversation: harness.conversation, output: harness.output)
        #expect(failures == 1)
        let echoes = harness.output.messages.compactMap { if case .echo(let line) = $0 { return line } else { return nil } }
        #expect(echoes == ["credits", "/skill nope"])
    }

    @Test func keepGoingRunsEveryLine() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        let failures = try await TranscriptRunner(keepGoing: true).run(Self.lines("/skill nope\n/bogus\nstatus\n/quit\ncredits"), conversation: harness.conversation, output: harness.output)
        #expect(failures == 2)
        let echoes = harness.output.messages.compactMap { if case .echo(let line) = $0 { return line } else { return nil } }
        #expect(echoes == ["/skill nope", "/bogus", "status", "/quit"])
        #expect(PlainRendering.render(.echo("x")) == "> x")
    }

    @Test func refusesOverlongLines() async throws {
        let harness = try Harness()
        defer { harness.folder.cleanUp() }
        let long = String(repeating: "a", count: TranscriptRunner.maximumLineLength + 1)
        let failures = try await TranscriptRunner(keepGoing: true).run(Self.lines(long + "\ncredits"), conversation: harness.conversation, output: harness.output)
        #expect(failures == 1)
        #expect(harness.output.text.contains("over the limit"))
        #expect(harness.backend.chatMessages.isEmpty)
    }
}

struct CompleterTests {
    @Test func completesCommandsSkillsAndPaths() throws {
        let folder = try TemporaryFolder("complete")
        defer { folder.cleanUp() }
        try folder.write("My Videos/clip one.mp4", "x")
        try folder.write("My Videos/clip two.mov", "x")
        try folder.write(".hidden", "x")
        let completer = Completer(skillNames: { ["video-ai-discord", "video-compressor-for-discord-10mb"] }, home: folder.url, currentDirectory: folder.url)

        #expect(completer.complete("/sk").candidates == ["/skill", "/skills"])
        #expect(completer.complete("/ex").candidates == ["/export"])
        #expect(completer.complete("/skill video-c").candidates == ["video-compressor-for-discord-10mb"])
        #expect(completer.complete("/skill ").candidates.count == 2)
        #expect(completer.complete("~/My").candidates == ["~/My\\ Videos/"])
        let inFolder = completer.complete("upload ~/My\\ Videos/clip")
        #expect(inFolder.partial == "~/My\\ Videos/clip")
        #expect(inFolder.candidates == ["~/My\\ Videos/clip\\ one.mp4", "~/My\\ Videos/clip\\ two.mov"])
        #expect(completer.complete("./").candidates == ["./My\\ Videos/"])
        #expect(completer.complete("hello wor").candidates.isEmpty)
    }
}
