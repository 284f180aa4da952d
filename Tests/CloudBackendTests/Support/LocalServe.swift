import FaultServerKit
import Foundation
import LocalStudio
import StudioServer

/// `skillshell serve`'s server, in this process, on 127.0.0.1 at a free port.
final class LocalServe: @unchecked Sendable {
    let folder: URL
    let base: URL
    private let task: Task<Void, any Error>

    static func start(silentShare: Double = 0, credits: Double = 100, perTurn: Double = 1) async throws -> LocalServe {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString.prefix(8))")
        let studio = try await Studio(
            configuration: StudioConfiguration(
                dataDirectory: folder.appendingPathComponent("studio"), startingCredits: credits, creditsPerTurn: perTurn,
                silentTurnShare: silentShare, pollInterval: .milliseconds(200)
            ))
        let server = try StudioServer(studio: studio, configuration: ServerConfiguration(host: "127.0.0.1", port: 0, heartbeatInterval: .milliseconds(100)))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
        return LocalServe(folder: folder, base: URL(string: "http://127.0.0.1:\(port)")!, task: task)
    }

    private init(folder: URL, base: URL, task: Task<Void, any Error>) {
        self.folder = folder
        self.base = base
        self.task = task
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(at: folder)
    }
}
