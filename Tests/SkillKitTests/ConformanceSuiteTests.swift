import Foundation
import SkillKit
import SkillKitTesting
import Testing

/// The conformance suite finds what differs: the scripted backend, set to deliver a file
/// larger than the target, is caught on exactly that.
struct ConformanceSuiteTests {
    @Test func aFileOverTheTargetIsReported() async throws {
        let backend = ScriptedBackend()
        backend.downloadBytes = 2_000_000
        let clip = FileManager.default.temporaryDirectory.appendingPathComponent("scripted-\(UUID().uuidString.prefix(8)).mp4")
        try Data(isoMediaStandIn.utf8).write(to: clip)
        defer { try? FileManager.default.removeItem(at: clip) }
        var suite = AgentBackendConformance(backend: backend, clip: clip, targetBytes: 1_000_000)
        suite.pollWait = .milliseconds(1)
        let problems = await suite.check()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains("over the target of 1000000") == true, "\(problems)")
    }
}
