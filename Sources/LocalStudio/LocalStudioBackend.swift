import Foundation
import SkillKit

/// The local studio as an ``AgentBackend`` in the shell's own process: offline, free, private.
public struct LocalStudioBackend: AgentBackend {
    public let displayName = "local studio"
    public let extraUploadExtensions: Set<String> = ["srt"]
    public var identity: String { "local:\(studio.configuration.dataDirectory.path)" }
    let studio: Studio
    /// The one user of an embedded studio.
    let userID: String

    public init(studio: Studio, userID: String = "local") {
        self.studio = studio
        self.userID = userID
    }

    public func shutdown() async {
        await studio.shutdown()
    }

    /// Opens the studio with `configuration`.
    public static func open(_ configuration: StudioConfiguration = StudioConfiguration()) async throws -> LocalStudioBackend {
        LocalStudioBackend(studio: try await Studio(configuration: configuration))
    }

    public func connect(attribution: SkillAttribution) async throws -> BackendSession {
        try await mapped {
            let session = try await studio.createSession(userID: userID)
            return BackendSession(sessionID: session.id, userID: session.userID, taskID: session.taskID, isAnonymous: false)
        }
    }

    public func newSession(context: RequestContext) async throws -> BackendSession {
        try await connect(attribution: context.attribution)
    }

    public func chat(_ message: String, context: RequestContext) -> AsyncThrowingStream<AgentEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let reply = try await mapped { try await studio.chat(sessionID: context.session.sessionID, message: message) }
                    for step in reply.steps {
                        switch step {
                        case .tool(let name, _, _):
                            continuation.yield(.toolCall(name: name))
                            continuation.yield(.toolResult(name: name))
                        case .text(let text):
                            continuation.yield(.text(text))
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func upload(_ files: [URL], context: RequestContext, progress: ProgressHandler?) async throws -> [UploadedMedia] {
        if let remote = files.first(where: { !$0.isFileURL }) {
            throw BackendError.webUploadUnsupported(url: remote.absoluteString)
        }
        var uploaded: [UploadedMedia] = []
        let total = files.reduce(Int64(0)) { sum, file in
            // try?: sizes only drive the progress bar; an unknown one counts as 0.
            sum + ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        var done: Int64 = 0
        for file in files {
            try Task.checkCancellation()
            let record = try await mapped {
                try await studio.upload(sessionID: context.session.sessionID, file: file, filename: file.lastPathComponent, move: false)
            }
            done += record.bytes
            progress?(TransferProgress(completed: done, total: total))
            uploaded.append(
                UploadedMedia(
                    filename: record.filename, fileType: record.info.kind, url: "media:\(record.hash)", duration: record.info.duration,
                    width: record.info.width, height: record.info.height, fps: record.info.fps, hash: record.hash
                ))
        }
        return uploaded
    }

    public func credits(context: RequestContext) async throws -> CreditBalance {
        try await mapped {
            let user = try await studio.credits(userID: userID)
            return CreditBalance(available: user.credits, frozen: user.frozen)
        }
    }

    public func state(context: RequestContext) async throws -> ProjectState {
        try await mapped {
            let state = try await studio.state(sessionID: context.session.sessionID)
            return ProjectState(draft: Draft(json: state["draft"] ?? .object([:])), raw: state)
        }
    }

    public func startRender(_ request: RenderRequest, context: RequestContext) async throws -> RenderStatus {
        try await mapped {
            let record = try await studio.startRender(
                id: request.id, sessionID: context.session.sessionID, draft: request.draft.json, output: request.options.json
            )
            return status(record)
        }
    }

    public func renderStatus(id: String, context: RequestContext) async throws -> RenderStatus {
        try await mapped { status(try await studio.render(id)) }
    }

    public func download(_ render: RenderStatus, to destination: URL, context: RequestContext, progress: ProgressHandler?) async throws -> Int64 {
        let source = try await mapped { try await studio.renderFile(render.id) }
        return try AtomicFile.copy(source, to: destination, progress: progress)
    }

    public func cancelRender(id: String, context: RequestContext) async -> Bool {
        await studio.cancelRender(id)
        return true
    }

    private func status(_ record: RenderRecord) -> RenderStatus {
        RenderStatus(
            id: record.id, phase: record.phase, progress: record.progress,
            outputURL: record.outputFile.map { _ in "/api/render/proxy/\(record.id)/download" },
            duration: record.duration, size: record.size, failureReason: record.failureReason,
            retryAfter: studio.configuration.pollInterval, message: record.message
        )
    }

    /// Runs `body`, turning the studio's errors into the shell's.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StudioError {
            throw error.backendError
        }
    }
}

/// Writes files so that a reader never sees half of one and nothing is overwritten.
public enum AtomicFile {
    /// Copies `source` to a temporary name beside `destination`, then links it into place;
    /// fails rather than replace an existing file.
    public static func copy(_ source: URL, to destination: URL, progress: ProgressHandler?) throws -> Int64 {
        let files = FileManager.default
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
        // try?: the temporary file is ours and named .part; one left behind is harmless.
        defer { try? files.removeItem(at: temporary) }
        let input = try FileHandle(forReadingFrom: source)
        // try?: read-only: a failed close loses nothing.
        defer { try? input.close() }
        guard files.createFile(atPath: temporary.path, contents: nil) else {
            throw BackendError.network(what: "Saving \(destination.lastPathComponent)", hint: "check that \(destination.deletingLastPathComponent().path) is writable.")
        }
        let output = try FileHandle(forWritingTo: temporary)
        // try?: an unknown size shows progress without a total.
        let total = (try? files.attributesOfItem(atPath: source.path)[.size] as? NSNumber)?.int64Value
        var written: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try Task.checkCancellation()
            try output.write(contentsOf: chunk)
            written += Int64(chunk.count)
            progress?(TransferProgress(completed: written, total: total))
        }
        try output.synchronize()
        try output.close()
        do {
            try files.linkItem(at: temporary, to: destination)
        } catch {
            throw BackendError.network(what: "Saving \(destination.lastPathComponent)", hint: "a file with that name appeared meanwhile; export again.")
        }
        return written
    }
}
