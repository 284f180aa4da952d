import Foundation

extension Conversation {
    /// Renders the draft with the skill's defaults and the user's options, then downloads it;
    /// several videos become one file each when the skill or the user says so.
    func export(_ request: ExportRequest, destination: URL? = nil) async throws {
        // A file is never written under a name its bytes do not match: only MP4 is rendered.
        if let format = request.format, !["mp4", "m4v"].contains(format.lowercased()) {
            throw ShellError.unsupportedExportFormat(format)
        }
        let (state, context) = try await withSession { context in (try await backend.state(context: context), context) }
        if request.captions {
            try saveCaptions(of: state.draft, destination: destination)
            return
        }
        guard state.draft.isExportable else { throw BackendError.nothingToExport }
        let exportOptions = plugin.exportDefaults.applying(Self.recordedSettings(in: state.draft)).applying(request)
        let separately = request.separately ?? Self.recordedSettings(in: state.draft).separately ?? plugin.exportsEachVideoSeparately
        let items = separately ? state.draft.itemsBySource() : [state.draft]
        guard items.count > 1 else {
            output.emit(.info("Exporting \(exportOptions.summary)..."))
            try await exportItem(state.draft, options: exportOptions, context: context, destination: destination)
            return
        }
        output.emit(.info("Exporting \(items.count) videos, one file each, \(exportOptions.summary)..."))
        try await eachReportingFailures(Array(items.enumerated())) { number, item in
            let name = item.tracks.first { $0.kind == .video }?.segments.first.flatMap(TimelineSummary.displayName) ?? "video \(number + 1)"
            output.emit(.info("[\(number + 1)/\(items.count)] \(name)"))
            try await exportItem(item, options: exportOptions, context: context)
        }
    }

    /// Writes the draft's caption lines as SubRip beside where its video is saved
    /// ("clip-discord.srt"); an existing file is never overwritten.
    func saveCaptions(of draft: Draft, destination: URL?) throws {
        guard let track = draft.tracks.first(where: { $0.kind == .text && ["caption", "captions", "subtitle", "subtitles"].contains($0.role ?? "") }),
            !track.segments.isEmpty
        else {
            throw ShellError.noCaptions
        }
        let stem =
            destination.map { $0.deletingPathExtension().lastPathComponent }
            ?? Self.exportStem(for: draft, suffix: plugin.manifest.shellMetadata["export"]?["suffix"]?.stringValue ?? "export")
        let folder = destination?.deletingLastPathComponent() ?? options.outputDirectory
        let file = Self.uniqueDestination(in: folder, stem: stem, format: "srt")
        let text = SubRip.text(track)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8)) else {
            throw ShellError.notConnected(reason: "\(file.path) could not be written")
        }
        output.emit(.success("Saved \(file.path) (\(track.segments.count) caption line\(track.segments.count == 1 ? "" : "s"))."))
    }

    /// Runs `body` for each item; a failure is reported in its sentence and the next item goes
    /// on. Cancellation stops them all; any failure makes the whole step fail at the end.
    func eachReportingFailures<Item: Sendable>(_ items: [Item], _ body: (Item) async throws -> Void) async throws {
        var failures = 0
        for item in items {
            try Task.checkCancellation()
            do {
                try await body(item)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failures += 1
                output.emit(.progressEnd)
                output.emit(.error(Self.sentence(for: error)))
            }
        }
        if failures > 0 { throw AlreadyReported() }
    }

    /// Renders and downloads one draft.
    ///
    /// A render the backend reports as failed is submitted once more under a new id (as
    /// nemo-video 1.9 says); the pending-exports record follows the new id.
    func exportItem(_ draft: Draft, options exportOptions: ExportOptions, context: RequestContext, destination: URL? = nil) async throws {
        do {
            try await exportAttempt(draft, options: exportOptions, context: context, destination: destination)
        } catch let failure as FailedOnServer {
            output.emit(.progressEnd)
            output.emit(.warning("The render failed (\(failure.reason)); submitting it once more."))
            do {
                try await exportAttempt(draft, options: exportOptions, context: context, destination: destination)
            } catch let again as FailedOnServer {
                throw BackendError.renderFailed(reason: again.reason)
            }
        }
    }

    /// "30s", "1s": the wait as the upstream skill writes it ("Rendering ~30s").
    static func shortSpan(_ span: Duration) -> String {
        "\(max(1, Int(span.components.seconds)))s"  // checked: a Duration's whole seconds
    }

    /// The backend said the render failed.
    struct FailedOnServer: Error {
        var reason: String
    }

    private func exportAttempt(_ draft: Draft, options exportOptions: ExportOptions, context: RequestContext, destination: URL?) async throws {
        let render = RenderRequest(id: RenderRequest.makeID(), draft: draft, options: exportOptions)
        let pending = PendingExports.Entry(
            renderID: render.id, sessionID: context.session.sessionID, backend: backend.identity, skill: skill.name,
            folder: destination?.deletingLastPathComponent().path ?? options.outputDirectory.path,
            stem: destination.map { $0.deletingPathExtension().lastPathComponent }
                ?? Self.exportStem(for: draft, suffix: plugin.manifest.shellMetadata["export"]?["suffix"]?.stringValue ?? "export"),
            format: destination.map { $0.pathExtension.isEmpty ? exportOptions.format : $0.pathExtension } ?? exportOptions.format,
            options: exportOptions.json, account: PendingExports.account(of: context.session)
        )
        // Kept before the request leaves, so a crash right after it cannot orphan the render.
        try? options.pendingExports.add(pending)
        let status: RenderStatus
        do {
            status = try await backend.startRender(render, context: context)
        } catch is CancellationError {
            await abandon(pending, context: context)
            throw CancellationError()
        } catch let error as BackendError {
            // The server answered with a refusal: nothing runs. A network failure keeps the
            // record, since the render may have started; /resume will find out.
            if case .network = error {} else { options.pendingExports.remove(render.id) }
            throw error
        }
        if status.phase == .failed {
            options.pendingExports.remove(render.id)
            throw FailedOnServer(reason: status.failureReason ?? "the backend gave no reason")
        }
        try await finish(status, pending: pending, options: exportOptions, context: context)
    }

    /// Follows a started render to its end, downloads the file and forgets the record. When the
    /// user cancels (Ctrl-C), the render is stopped where the backend can, its record forgotten
    /// and any partial download removed.
    func finish(_ started: RenderStatus, pending: PendingExports.Entry, options exportOptions: ExportOptions, context: RequestContext) async throws {
        do {
            try await follow(started, pending: pending, options: exportOptions, context: context)
        } catch is CancellationError {
            await abandon(pending, context: context)
            throw CancellationError()
        }
    }

    /// Gives up a render the user cancelled.
    private func abandon(_ pending: PendingExports.Entry, context: RequestContext) async {
        let stopped = await backend.cancelRender(id: pending.renderID, context: context)
        options.pendingExports.remove(pending.renderID)
        if !stopped {
            output.emit(.progressEnd)
            output.emit(.info("\(backend.displayName) may still finish that render on its side; it will not be downloaded."))
        }
    }

    private func follow(_ started: RenderStatus, pending: PendingExports.Entry, options exportOptions: ExportOptions, context: RequestContext) async throws {
        var status = started
        var lastMessage: String?
        let clock = ContinuousClock()
        var firstProgress: (time: ContinuousClock.Instant, value: Double)?
        var polls = 0
        var spokenPercent: Int?
        if status.phase == .pending || status.phase == .processing {
            output.emit(.status("Rendering ~\(Self.shortSpan(status.retryAfter ?? options.pollInterval))"))
        }
        while status.phase == .pending || status.phase == .processing {
            if let message = status.message, message != lastMessage {
                output.emit(.progressEnd)
                output.emit(.info(message))
                lastMessage = message
            }
            var detail = status.phase.rawValue
            if let progress = status.progress, progress > 0 {
                if firstProgress == nil { firstProgress = (clock.now, progress) }
                if let first = firstProgress, progress > first.value + 1 {
                    let elapsed = Double((clock.now - first.time).components.seconds)
                    let remaining = elapsed * (100 - progress) / (progress - first.value)
                    detail = "ETA \(TransferMeter.clock(CheckedNumber.clamped(remaining, to: 0...359_999)))"
                }
            }
            if let progress = status.progress, progress > 0, progress < 100 {
                // A line per tenth at most: a local render is polled every second.
                let percent = Int(progress.rounded(.down))  // checked: 0 < progress < 100
                if spokenPercent.map({ $0 / 10 != percent / 10 }) ?? true {
                    spokenPercent = percent
                    output.emit(.status("Rendering \(percent)%"))
                }
            }
            output.emit(.progress(label: "Rendering", fraction: status.progress.map { $0 / 100 }, detail: detail))
            if let limit = backend.renderPollLimit, polls >= limit {
                // The record stays, so /resume can fetch the file once the render is done.
                output.emit(.progressEnd)
                throw BackendError.renderStillRunning(checks: polls)
            }
            try await Task.sleep(for: status.retryAfter ?? options.pollInterval)
            polls += 1
            do {
                status = try await backend.renderStatus(id: status.id, context: context)
            } catch BackendError.renderFailed(let reason) {
                options.pendingExports.remove(pending.renderID)
                throw BackendError.renderFailed(reason: reason)
            }
        }
        output.emit(.progressEnd)
        if let message = status.message, message != lastMessage { output.emit(.info(message)) }
        guard status.phase == .completed else {
            options.pendingExports.remove(pending.renderID)
            throw FailedOnServer(reason: status.failureReason ?? "the backend gave no reason")
        }
        output.emit(.info("Video ready!"))

        let destination = Self.uniqueDestination(in: URL(fileURLWithPath: pending.folder), stem: pending.stem, format: pending.format)
        let output = self.output
        let meter = TransferMeter()
        let bytes = try await backend.download(status, to: destination, context: context) { progress in
            output.emit(.progress(label: "Downloading", fraction: progress.fraction, detail: meter.detail(for: progress)))
        }
        options.pendingExports.remove(pending.renderID)
        output.emit(.progressEnd)
        var facts = [ByteSize.describe(bytes)]
        if let duration = status.duration { facts.append("\(TimelineSummary.seconds(CheckedNumber.clamped(duration * 1000, to: 0...CheckedNumber.maximumMilliseconds)))s") }
        output.emit(.success("Saved \(destination.path) (\(facts.joined(separator: ", ")))."))
        let finished = FinishedExport(file: destination, bytes: bytes, duration: status.duration, options: exportOptions)
        for note in plugin.review(finished) {
            switch note.level {
            case .success: output.emit(.success(note.text))
            case .info: output.emit(.info(note.text))
            case .warning: output.emit(.warning(note.text))
            }
        }
        await offerClaimLink()
    }

    /// Finishes the exports this backend left pending (after a crash, a kill or a lost connection).
    ///
    /// - Returns: how many were found.
    @discardableResult
    func resumePendingExports(quietWhenNone: Bool) async throws -> Int {
        let all = options.pendingExports.entries(for: backend.identity)
        guard !all.isEmpty else {
            if !quietWhenNone { output.emit(.info("No exports are waiting to be finished.")) }
            return 0
        }
        let current = try await context()
        let account = PendingExports.account(of: current.session)
        let waiting = all.filter { $0.belongs(to: account) }
        let others = all.filter { !$0.belongs(to: account) }
        // A starter token lasts a week and the next one is a new user, so a render of another
        // account older than that would be kept for an account that never comes back.
        let now = Date()
        let expired = others.filter { now.timeIntervalSince($0.startedAt) > PendingExports.otherAccountsKeptFor }
        for entry in expired { options.pendingExports.remove(entry.renderID) }
        if !expired.isEmpty {
            output.emit(
                .info(
                    expired.count == 1
                        ? "Forgot an export started over a week ago under another account on \(backend.displayName); export it again if you still need it."
                        : "Forgot \(expired.count) exports started over a week ago under another account on \(backend.displayName); export them again if you still need them."))
        }
        let kept = others.count - expired.count
        if kept > 0 {
            output.emit(
                .info(
                    kept == 1
                        ? "An export started under another account on \(backend.displayName) is kept until that account is used again."
                        : "\(kept) exports started under another account on \(backend.displayName) are kept until that account is used again."))
        }
        guard !waiting.isEmpty else {
            if !quietWhenNone { output.emit(.info("No exports of this account are waiting to be finished.")) }
            return 0
        }
        output.emit(.info(waiting.count == 1 ? "Finishing an export left from before..." : "Finishing \(waiting.count) exports left from before..."))
        try await eachReportingFailures(waiting) { entry in
            var context = current
            context.session.sessionID = entry.sessionID
            do {
                let status = try await backend.renderStatus(id: entry.renderID, context: context)
                try await finish(status, pending: entry, options: ExportOptions(json: entry.options), context: context)
            } catch BackendError.renderFailed(let reason) {
                // Gone for good: forget it, so the next start does not ask again.
                options.pendingExports.remove(entry.renderID)
                throw BackendError.renderFailed(reason: reason)
            } catch let failure as FailedOnServer {
                // The draft it rendered is not kept, so it cannot be submitted again from here.
                throw BackendError.renderFailed(reason: "\(failure.reason); export again.")
            }
        }
        return waiting.count
    }

    /// What the agent recorded in the draft (`m.export`) during the conversation, such as the
    /// size the user asked for; it overrides the skill's defaults, and options typed with the
    /// export override both.
    static func recordedSettings(in draft: Draft) -> ExportRequest {
        let settings = draft.metadata["export"] ?? .object([:])
        return ExportRequest(
            resolution: settings["resolution"]?.stringValue,
            format: settings["format"]?.stringValue,
            targetBytes: settings["target_size_bytes"]?.intValue.map(Int64.init),
            separately: settings["separately"]?.boolValue
        )
    }

    /// The name of the first clip, without its extension, plus the skill's suffix.
    static func exportStem(for draft: Draft, suffix: String) -> String {
        let firstClip = draft.tracks.first { $0.kind == .video && !$0.segments.isEmpty }?.segments.first
        let name = firstClip.flatMap(TimelineSummary.displayName) ?? "video"
        let stem = PathText.stem(name)
        let safe = stem.map { "/\\:\0".contains($0) ? "_" : $0 }
        return String(safe).isEmpty ? suffix : "\(String(safe))-\(suffix)"
    }

    /// A path in `directory` that does not exist yet: "clip-discord.mp4", then "clip-discord (2).mp4"…
    static func uniqueDestination(in directory: URL, stem: String, format: String) -> URL {
        let files = FileManager.default
        var candidate = directory.appendingPathComponent("\(stem).\(format)")
        var number = 2
        while files.fileExists(atPath: candidate.path) {
            candidate = directory.appendingPathComponent("\(stem) (\(number)).\(format)")
            number += 1
        }
        return candidate
    }
}
