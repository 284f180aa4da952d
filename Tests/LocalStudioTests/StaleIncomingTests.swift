import Foundation
import Testing

@testable import LocalStudio

struct StaleIncomingTests {
    /// A half-written upload left by a killed process goes at the next start once it is a day
    /// old; a recent one may be another live studio's upload and stays.
    @Test func oldLeftoversGoAndRecentOnesStay() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("incoming-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let incoming = folder.appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        let old = incoming.appendingPathComponent("0A1B.mp4")
        let recent = incoming.appendingPathComponent("speech-2C3D.wav")
        try Data(count: 1024).write(to: old)
        try Data(count: 1024).write(to: recent)
        let twoDaysAgo = Date().addingTimeInterval(-2 * Studio.staleIncomingAge)
        try FileManager.default.setAttributes([.modificationDate: twoDaysAgo], ofItemAtPath: old.path)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: recent.path)

        _ = try await Studio(configuration: StudioConfiguration(dataDirectory: folder))
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: recent.path))
    }
}
