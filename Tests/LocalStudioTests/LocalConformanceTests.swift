import Foundation
import LocalStudio
import SkillKitTesting
import SkillShellTestSupport
import Testing

/// The embedded studio behaves as every backend must (the same checks run against `serve` and
/// the cloud in CloudBackendTests).
@Suite(.tags(.encodes), .skippable(.encodes)) struct LocalConformanceTests {
    @Test func theEmbeddedStudioConforms() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await TestClips.copy(.small, to: folder.appendingPathComponent("clip.mp4"))
        let backend = try await LocalStudioBackend.open(
            StudioConfiguration(dataDirectory: folder.appendingPathComponent("data"), pollInterval: .milliseconds(100), measuresPicture: false, x264Preset: "ultrafast"))
        let problems = await AgentBackendConformance(backend: backend, clip: clip).check()
        #expect(problems.isEmpty, "\(problems)")
    }
}
