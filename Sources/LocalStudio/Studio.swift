import Foundation
import SkillKit
import Synchronization

/// The local studio's service: sessions, uploads, the editing agent and renders.
///
/// It is the one implementation of the contract's behaviour; the in-process backend and the
/// HTTP server are both thin adapters over it.
public actor Studio {
    public nonisolated let configuration: StudioConfiguration
    /// The studio's files: media, renders, uploads in progress.
    let store: StudioStore
    /// Its records: the files' own (``StudioStore``) unless another store was given.
    let records: any RecordStore
    let probe: MediaProbe
    let worker: RenderWorker
    private var agent: EditingAgent
    private var running: [String: Task<Void, Never>] = [:]
    /// Set by ``shutdown()``: no render starts, and stopped ones stay as they were.
    private nonisolated let stopping = Mutex(false)
    private nonisolated var isStopping: Bool { stopping.withLock { $0 } }
    /// Changes to one session, account or render id, one at a time.
    let queues = SerialQueues()
    /// The tools this studio's work started: ended by ``shutdown()``.
    let tools = ToolGroup()
    /// Encoders running at once.
    let slots: EncoderSlots
    /// Operator-registered tokens: digest to user id.
    var registeredTokens: [String: String] = [:]

    /// Opens the studio's store; throws when ffmpeg or ffprobe is missing. Its records are kept
    /// in `records` when given (PostgreSQL, for `serve --database`), else as files beside its media.
    public init(configuration: StudioConfiguration = StudioConfiguration(), records: (any RecordStore)? = nil) async throws {
        guard let ffmpeg = ProcessRunner.locate("ffmpeg") else { throw StudioError.missingTool("ffmpeg") }
        guard let ffprobe = ProcessRunner.locate("ffprobe") else { throw StudioError.missingTool("ffprobe") }
        self.configuration = configuration
        let store = try StudioStore(root: configuration.dataDirectory)
        self.store = store
        let records = records ?? store
        self.records = records
        self.probe = MediaProbe(ffprobe: ffprobe)
        self.worker = RenderWorker(
            ffmpeg: ffmpeg, ffprobe: ffprobe, store: store, records: records, measuresPicture: configuration.measuresPicture, presetOverride: configuration.x264Preset,
            fullQualityReport: configuration.fullQualityReport)
        self.agent = EditingAgent(silentShare: configuration.silentTurnShare)
        self.slots = EncoderSlots(limit: configuration.maximumEncoders)
        await store.removeStaleIncoming(olderThan: Self.staleIncomingAge)
        // Expired starter tokens and spent client ids are forgotten, not kept for ever.
        try await records.removeExpiredCredentials(clientWait: configuration.tokenLifetime, now: configuration.now())
        await resumeInterruptedRenders()
    }

    /// Uploads and speech extracts a killed process left half-written are removed at the next
    /// start once they are this old; younger ones may belong to another live shell or server.
    static let staleIncomingAge: TimeInterval = 24 * 3600

    /// Where an adapter writes an upload before handing it to ``upload(sessionID:userID:file:filename:move:)``.
    public nonisolated var incomingFolder: URL { configuration.dataDirectory.appendingPathComponent("incoming") }

    // MARK: Users and sessions

    /// The user's record, created with the starting balance on first use.
    public func user(_ id: String, anonymous: Bool = false) async throws -> UserRecord {
        if let existing = try await records.user(id) { return existing }
        return try await records.insertUser(UserRecord(id: id, credits: configuration.startingCredits, frozen: 0, anonymous: anonymous))
    }

    public func createSession(userID: String, language: String = "en") async throws -> SessionRecord {
        _ = try await user(userID)
        let session = SessionRecord(
            id: String(UInt64.random(in: 100_000_000_000...999_999_999_999)),
            userID: userID,
            taskID: "task_\(UInt32.random(in: 1...UInt32.max))",
            createdAt: Date(),
            language: language,
            draft: Draft().json,
            media: []
        )
        try await records.save(session)
        return session
    }

    public func session(_ id: String, userID: String? = nil) async throws -> SessionRecord {
        guard let session = try await records.session(id), userID == nil || session.userID == userID else {
            throw StudioError.sessionNotFound(id)
        }
        return session
    }

    // MARK: Chat

    /// Runs one turn: charges its credits, applies the agent's edits and returns its steps.
    /// Turns on one session run one after another, so parallel edits all land.
    public func chat(sessionID: String, userID: String? = nil, message: String) async throws -> AgentReply {
        try await queues.run("session:" + sessionID) {
            try await ProcessRunner.$group.withValue(self.tools) {
                try await self.serialChat(sessionID: sessionID, userID: userID, message: message)
            }
        }
    }

    private func serialChat(sessionID: String, userID: String?, message: String) async throws -> AgentReply {
        var session = try await session(sessionID, userID: userID)
        try await charge(session.userID)
        let draft = Draft(json: session.draft)
        // The message is read once: for whether to listen to the speech first, and for the reply.
        let request = agent.parser.parse(message)
        let listening = EditingAgent.speechCaptions(in: request, draft: draft)
        let listen = listening != nil
        let language = listening?.language
        var assets: [AgentAsset] = []
        for hash in session.media {
            if let media = try await records.media(hash) {
                var asset = AgentAsset(hash: hash, filename: media.filename, kind: media.info.kind, duration: media.info.duration, bytes: media.bytes)
                if listen, media.info.kind == "video", media.info.hasAudio, draft.uses(source: "media:\(hash)") {
                    switch try await speech(in: media, language: language) {
                    case .success(let transcript):
                        asset.speech = transcript.words
                        asset.speechLanguage = transcript.language
                    case .failure(let problem):
                        asset.speechProblem = problem.sentence
                    }
                }
                assets.append(asset)
            }
        }
        // Turns on one session are serial in this process; another node sharing the records may
        // change it meanwhile, and then the turn is done again on what that node saved.
        for _ in 0..<Self.editAttempts {
            let reply = agent.respond(to: request, draft: Draft(json: session.draft), assets: assets)
            guard reply.edited else { return reply }
            var changed = session
            changed.draft = reply.draft.json
            if try await records.save(changed, replacing: session) { return reply }
            session = try await self.session(sessionID, userID: userID)
        }
        throw StudioError.conflict("the project changed several times while this message was applied; send it again.")
    }

    /// How many times one change is tried when another node keeps changing the same session.
    static let editAttempts = 5

    /// Takes one turn's credits from the account, refusing when there are too few.
    func charge(_ userID: String) async throws {
        guard configuration.creditsPerTurn > 0 else { return }
        _ = try await user(userID)
        // One conditional change in the store: two processes on one database never spend the
        // same credit twice.
        guard try await records.charge(userID: userID, amount: configuration.creditsPerTurn) != nil else { throw StudioError.noCredits(userID: userID) }
    }

    // MARK: Uploads

    /// Stores a file (moving it when `move` is set, else copying), probes it and puts videos on the timeline.
    public func upload(sessionID: String, userID: String? = nil, file: URL, filename: String, move: Bool) async throws -> MediaRecord {
        try await ProcessRunner.$group.withValue(tools) {
            try await storeUpload(sessionID: sessionID, userID: userID, file: file, filename: filename, move: move)
        }
    }

    private func storeUpload(sessionID: String, userID: String?, file: URL, filename: String, move: Bool) async throws -> MediaRecord {
        _ = try await session(sessionID, userID: userID)
        let ext = (filename as NSString).pathExtension.lowercased()
        guard MediaRules.acceptedExtensions.contains(ext) || ["jpeg", "srt"].contains(ext) else {
            throw StudioError.unsupportedFormat(name: filename)
        }
        let incoming = await store.incomingFolder.appendingPathComponent(UUID().uuidString + "." + ext)
        let info: MediaInfo, hash: String, bytes: Int64
        do {
            // Whatever stops the upload (a cancel, a bad file) takes its incoming copy with it.
            do {
                if move { try FileManager.default.moveItem(at: file, to: incoming) } else { try await Self.copy(file, to: incoming) }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw StudioError.storage(error.localizedDescription)
            }
            // try?: an unreadable size is 0 and the file is refused as empty.
            bytes = (try? FileManager.default.attributesOfItem(atPath: incoming.path)[.size] as? NSNumber)?.int64Value ?? 0
            guard bytes <= MediaRules.maximumUploadBytes else { throw StudioError.fileTooLarge(name: filename, bytes: bytes) }
            // The first bytes must be a supported format before ffprobe (or anything) reads it.
            guard ContentSignature.detect(file: incoming) != nil else { throw StudioError.unsupportedFormat(name: filename) }
            info = try await probe.probe(incoming)
            hash = try await Self.hash(of: incoming)
            _ = try await store.adopt(incoming, hash: hash, fileExtension: ext)
        } catch {
            // try?: best effort: the next start removes stale incoming files.
            try? FileManager.default.removeItem(at: incoming)
            throw error
        }
        let record = MediaRecord(hash: hash, filename: filename, fileExtension: ext, info: info, bytes: bytes, uploadedAt: Date())
        try await records.save(record)
        // The file is stored; adding it to the session is one change among the session's others.
        return try await queues.run("session:" + sessionID) {
            try await self.addToSession(sessionID: sessionID, userID: userID, record: record)
        }
    }

    private func addToSession(sessionID: String, userID: String?, record: MediaRecord) async throws -> MediaRecord {
        for _ in 0..<Self.editAttempts {
            let session = try await session(sessionID, userID: userID)
            if try await records.save(try await adding(record, to: session), replacing: session) { return record }
        }
        throw StudioError.conflict("the project changed several times while this upload was added; upload it again.")
    }

    /// `session` with `record` in its media, and a video on its timeline.
    private func adding(_ record: MediaRecord, to original: SessionRecord) async throws -> SessionRecord {
        var session = original
        let hash = record.hash, info = record.info, filename = record.filename
        if !session.media.contains(hash) { session.media.append(hash) }
        if info.kind == "video" {
            var draft = Draft(json: session.draft)
            draft.appendClip(source: "media:\(hash)", name: filename, duration: CheckedNumber.clamped((info.duration ?? 0) * 1000, to: 0...CheckedNumber.maximumMilliseconds))
            session.draft = draft.json
        } else if info.kind == "subtitle" {
            // An uploaded .srt becomes the caption track at once, ready to be checked with status.
            let text = (try? String(contentsOf: await store.mediaFile(record), encoding: .utf8)) ?? ""
            let lines = CaptionLines.fromSRT(text)
            guard !lines.isEmpty else { throw StudioError.unreadableMedia(name: filename) }
            var draft = Draft(json: session.draft)
            draft.setCaptions(lines)
            session.draft = draft.json
        }
        return session
    }

    /// Copies in 1 MiB steps so that cancelling a large upload stops it at once.
    static func copy(_ source: URL, to destination: URL) async throws {
        let input = try FileHandle(forReadingFrom: source)
        // try?: read-only: a failed close loses nothing.
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
        }
        let output = try FileHandle(forWritingTo: destination)
        // try?: the copy is checked by its hash afterwards.
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try Task.checkCancellation()
            try output.write(contentsOf: chunk)
        }
    }

    static func hash(of file: URL) async throws -> String {
        try ContentDigest.hex(ofFile: file)
    }

    // MARK: Credits and state

    public func credits(userID: String) async throws -> UserRecord { try await user(userID) }

    /// The contract's `state` object for a session.
    public func state(sessionID: String, userID: String? = nil) async throws -> JSONValue {
        let session = try await session(sessionID, userID: userID)
        var infos: [JSONValue] = []
        for hash in session.media {
            guard let media = try await records.media(hash) else { continue }
            infos.append(
                .object([
                    "hash": .string(hash), "filename": .string(media.filename), "file_type": .string(media.info.kind),
                    "duration": media.info.duration.map(JSONValue.number) ?? .null,
                    "width": media.info.width.map { .number(Double($0)) } ?? .null,
                    "height": media.info.height.map { .number(Double($0)) } ?? .null,
                    "fps": media.info.fps.map(JSONValue.number) ?? .null,
                ]))
        }
        return .object([
            "draft": session.draft,
            "video_infos": .array(infos),
            "canvas_config": .object([:]),
            "generated_media": .array([]),
        ])
    }

    public func media(_ hash: String) async throws -> MediaRecord? { try await records.media(hash) }

    // MARK: Renders

    /// Queues a render; the worker starts at once.
    public func startRender(id: String, sessionID: String, userID: String? = nil, draft: JSONValue, output: JSONValue) async throws -> RenderRecord {
        // One id is checked and taken at a time.
        try await queues.run("render:" + id) {
            try await self.serialStartRender(id: id, sessionID: sessionID, userID: userID, draft: draft, output: output)
        }
    }

    private func serialStartRender(id: String, sessionID: String, userID: String?, draft: JSONValue, output: JSONValue) async throws -> RenderRecord {
        guard !isStopping else { throw StudioError.rateLimited(retryAfter: 30) }
        let session = try await session(sessionID, userID: userID)
        if let existing = try await records.render(id) {
            // A render id names one session's render: another session cannot take it over.
            guard existing.sessionID == sessionID else { throw StudioError.conflict("the render id \(id) is taken; send a new one.") }
            return existing
        }
        if let problem = DraftLimits.problem(in: draft) { throw StudioError.badRequest("The draft cannot be rendered: \(problem)") }
        if let format = output["format"]?.stringValue, !["mp4", ""].contains(format.lowercased()) {
            throw StudioError.badRequest("Renders here are MP4 (H.264 and AAC); \(format.prefix(10)) is not written.")
        }
        var waiting = 0
        for other in try await records.unfinishedRenders() {
            if let owner = try await records.session(other.sessionID), owner.userID == session.userID { waiting += 1 }
        }
        guard waiting < configuration.maximumPendingRendersPerAccount else {
            throw StudioError.tooManyRenders(limit: configuration.maximumPendingRendersPerAccount, retryAfter: 30)
        }
        // A render reads only this session's own uploads.
        for source in Draft(json: draft).tracks.flatMap(\.segments).compactMap(\.source) {
            let hash = source.hasPrefix("media:") ? String(source.dropFirst(6)) : source
            guard session.media.contains(hash) else {
                throw StudioError.badRequest("The draft refers to media that is not in this session (\(source.prefix(80))); upload it first.")
            }
        }
        let record = RenderRecord(
            id: id, sessionID: sessionID, status: RenderStatus.Phase.pending.rawValue, progress: 0,
            createdAt: Date(), updatedAt: Date(), draft: draft, output: output, owner: .current
        )
        try await records.save(record)
        launch(record)
        return record
    }

    public func render(_ id: String) async throws -> RenderRecord {
        guard let record = try await records.render(id) else { throw StudioError.renderNotFound(id) }
        return record
    }

    /// The finished file of a completed render.
    public func renderFile(_ id: String) async throws -> URL {
        let record = try await render(id)
        guard record.phase == .completed, let name = record.outputFile else { throw StudioError.renderNotFound(id) }
        return await store.rendersFolder.appendingPathComponent(id).appendingPathComponent(name)
    }

    /// Cancels a running render, marks it failed and returns once its encoder has ended and its
    /// working files are gone.
    public func cancelRender(_ id: String) async {
        guard let task = running[id] else { return }
        task.cancel()
        await task.value
    }

    /// Stops the studio for a process that is ending (`serve` or the shell told to stop): no
    /// new render starts, every running one is stopped and its encoder ended, and its record
    /// is left as it was, so that the next start on this folder runs it again. Returns when
    /// every encoder has ended.
    public func shutdown() async {
        stopping.withLock { $0 = true }
        let tasks = Array(running.values)
        for task in tasks { task.cancel() }
        // The tools of a chat turn or an upload (the recogniser, a probe) end with the studio
        // too: each runs in its own process group, where no signal to this one reaches.
        tools.killAll()
        for task in tasks { await task.value }
    }

    private func launch(_ record: RenderRecord) {
        let worker = self.worker
        // The task holds the studio until the job ends; the studio forgets the task then.
        let studio = self
        let tools = self.tools
        running[record.id] = Task {
            await ProcessRunner.$group.withValue(tools) {
                do {
                    try await studio.slots.acquire(record.id) { ahead in
                        await studio.update(record.id) { $0.message = "Waiting for an encoder: \(ahead) render\(ahead == 1 ? "" : "s") ahead." }
                    }
                } catch {
                    // Waiting for an encoder: cancelled by the client, or left for the next start
                    // when the process is ending.
                    if !studio.isStopping {
                        await studio.update(record.id) { job in
                            job.status = RenderStatus.Phase.failed.rawValue
                            job.failureReason = "the render was cancelled."
                        }
                    }
                    await studio.finished(record.id)
                    return
                }
                await studio.update(record.id) { $0.status = RenderStatus.Phase.processing.rawValue }
                do {
                    let outcome = try await worker.render(record) { progress, message in
                        await studio.update(record.id) { job in
                            job.progress = (progress * 10).rounded() / 10
                            if let message { job.message = message }
                        }
                    }
                    await studio.update(record.id) { job in
                        job.status = RenderStatus.Phase.completed.rawValue
                        job.progress = 100
                        job.outputFile = outcome.file.lastPathComponent
                        job.size = outcome.size
                        job.duration = outcome.duration
                        job.message = outcome.report
                    }
                } catch is CancellationError where studio.isStopping {
                    // The process is ending: the record stays processing under an owner that is
                    // about to be gone, and the next start takes it over.
                } catch {
                    // Nothing half-made stays behind: partial output, pass logs, caption scripts.
                    try? FileManager.default.removeItem(at: await studio.store.rendersFolder.appendingPathComponent(record.id))
                    await studio.update(record.id) { job in
                        job.status = RenderStatus.Phase.failed.rawValue
                        job.failureReason = error is CancellationError ? "the render was cancelled." : Self.withoutPaths("\(error)")
                    }
                }
                await studio.slots.release()
                await studio.finished(record.id)
            }
        }
    }

    private func finished(_ id: String) { running[id] = nil }

    /// A reason for a client with the server's folders taken out: "/srv/data/studio/renders/x/a.txt" → "a.txt".
    static func withoutPaths(_ text: String) -> String {
        text.replacingOccurrences(of: #"(?:/[^/\s'"\:,]+)+/([^/\s'"\:,]+)"#, with: "$1", options: .regularExpression)
    }

    private func update(_ id: String, _ change: (inout RenderRecord) -> Void) async {
        // try?: a record that cannot be read now gets the next update.
        guard var record = try? await records.render(id) else { return }
        change(&record)
        record.updatedAt = Date()
        // A progress note that cannot be stored is replaced by the next; the outcome is
        // written the same way and a failure there shows as a render that never completes.
        try? await records.save(record)
    }

    /// Jobs a restart interrupted are run again from their stored draft, never lost silently.
    private func resumeInterruptedRenders() async {
        // try?: records that cannot be read now are resumed at the next start.
        for record in (try? await records.unfinishedRenders()) ?? [] {
            // Another shell or server on this folder is running it: not ours to take.
            if let owner = record.owner, owner.isRunning { continue }
            if let problem = DraftLimits.problem(in: record.draft) {
                // A stored job that cannot be rendered fails alone, with its reason.
                var failed = record
                failed.status = RenderStatus.Phase.failed.rawValue
                failed.failureReason = "the draft cannot be rendered: \(problem)"
                // try?: a record that cannot be saved stays pending and is tried again at the next start.
                try? await records.save(failed)
                continue
            }
            RenderWorker.endOrphanedEncoder(in: await store.rendersFolder.appendingPathComponent(record.id))
            var restarted = record
            restarted.owner = .current
            restarted.status = RenderStatus.Phase.pending.rawValue
            restarted.progress = 0
            restarted.message = "Resumed after a restart."
            // try?: a record that cannot be saved stays pending and is tried again at the next start.
            try? await records.save(restarted)
            launch(restarted)
        }
    }
}
