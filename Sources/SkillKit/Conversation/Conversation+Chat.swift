import Foundation
import Synchronization

extension Conversation {
    /// Sends one chat turn, streams the translated answer and runs the actions it implies.
    ///
    /// - Parameter allowFollowUp: whether a "drag this there" answer may send one more edit;
    ///   follow-ups never send another, so a turn cannot loop.
    func chat(_ text: String, allowFollowUp: Bool) async throws {
        retryableMessage = nil
        var context = try await context()
        let before = try? await backend.state(context: context)  // only for the "what changed" line; the turn goes on without it
        let message = plugin.refine(text)
        if message != text { output.emit(.sent(message)) }

        let activity = ActivityClock()
        let ticker = Task { [output, interval = options.stillWorkingInterval] in
            while !Task.isCancelled {
                try await Task.sleep(for: interval / 4)
                if activity.quietFor(atLeast: interval) {
                    output.emit(.warning("⏳ Still working..."))
                    activity.touch()
                }
            }
        }
        defer { ticker.cancel() }
        // Until the first words arrive the output may show that the agent works, and on what
        // (a terminal draws a spinner with the time so far, on its own clock).
        let working = WorkingState()
        let started = ContinuousClock.now
        output.emit(.working("Working", since: started))

        var splitter = SentenceSplitter()
        var actions: [ShellAction] = []
        var shownText = false

        func show(_ sentence: String) {
            guard !sentence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                // A line break between the agent's messages is kept; other blank space is not.
                if shownText, sentence.contains("\n") { output.emit(.agentText("\n")) }
                return
            }
            let translated = translator.translateSentence(sentence)
            if working.stop() { output.emit(.progressEnd) }
            output.emit(.agentText(translated.text))
            shownText = true
            activity.touch()
            for action in translated.actions where !actions.contains(action) { actions.append(action) }
        }

        var receivedAny = false
        var openedNewSession = false
        while true {
            do {
                for try await event in backend.chat(message, context: context) {
                    receivedAny = true
                    switch event {
                    case .text(let chunk):
                        splitter.append(chunk).forEach(show)
                    case .toolCall(let name):
                        output.emit(.status("working: \(name)"))
                        if working.update("Working: \(name)") { output.emit(.working("Working: \(name)", since: started)) }
                    case .toolResult, .heartbeat:
                        break
                    case .failure(let problem):
                        throw BackendError.agent(message: problem)
                    }
                }
                break
            } catch BackendError.sessionNotFound where !receivedAny && !openedNewSession {
                // The server refused the turn before acting on it, so sending it again is safe.
                openedNewSession = true
                session = try await backend.newSession(context: context)
                context = try await self.context()
                output.emit(.warning("The server no longer had your session, so a new one was opened; its timeline starts empty."))
            } catch {
                if working.stop() { output.emit(.progressEnd) }
                // Whatever arrived before the failure is still the agent's answer: show it.
                if !(error is CancellationError), let rest = splitter.finish() { show(rest) }
                if shownText { output.emit(.agentTextEnd) }
                shownText = false
                if case BackendError.streamLost(let loss) = error {
                    ticker.cancel()
                    try await watchAfterLostStream(loss, message: text, before: before, context: context)
                    return
                }
                throw error
            }
        }
        _ = working.stop()
        output.emit(.progressEnd)
        // A cancelled consumer sees the stream simply end; that is not a finished turn.
        try Task.checkCancellation()
        if let rest = splitter.finish() { show(rest) }

        if shownText {
            output.emit(.agentTextEnd)
        } else if let after = try? await backend.state(context: context) {  // without it the silent-turn line is left out
            // About a third of edit turns close without a word: say what changed instead.
            let diff = DraftDiff(from: before?.draft ?? Draft(), to: after.draft)
            output.emit(.info(diff.isEmpty ? "Done; the timeline did not change." : diff.sentence))
        }

        if actions.contains(.previewTimeline) { actions.removeAll { $0 == .showState } }
        for action in actions {
            try Task.checkCancellation()
            switch action {
            case .export: try await export(ExportRequest())
            case .showState, .previewTimeline: try await showState()
            case .sendEdit(let edit): if allowFollowUp { try await chat(edit, allowFollowUp: false) }
            case .promptUpload: break
            }
        }
    }
}

extension Conversation {
    /// What people type to send a lost request again.
    static let retryWords: Set<String> = ["retry", "try again", "again", "重试", "再试一次", "再试"]

    /// After a lost stream, watches the state as nemo-video 1.9 says (never re-sending): the
    /// first read after a wait, then one a minute; a change is reported as the timeline's
    /// diff, and after the last unchanged read the failure is reported with "say retry".
    /// Ctrl-C (task cancellation) ends the watch.
    func watchAfterLostStream(_ loss: StreamLoss, message: String, before: ProjectState?, context: RequestContext) async throws {
        let schedule = options.recovery
        output.emit(.warning("\(loss.description) Your message was not sent again; watching the timeline to see whether the edit lands (Ctrl-C stops)."))
        var wait = schedule.firstWait
        for read in 1...schedule.unchangedReads {
            output.emit(.status("checking the timeline in \(StreamLoss.spoken(wait)) (\(read) of \(schedule.unchangedReads))"))
            try await Task.sleep(for: wait)
            wait = schedule.interval
            guard let after = try? await backend.state(context: context) else { continue }  // a failed read counts as unchanged; the next one may work
            let diff = DraftDiff(from: before?.draft ?? Draft(), to: after.draft)
            if !diff.isEmpty {
                retryableMessage = nil
                output.emit(.success("Your edit landed: \(diff.sentence)"))
                return
            }
        }
        retryableMessage = message
        throw BackendError.turnUnconfirmed(checks: schedule.unchangedReads, over: schedule.span)
    }

}

/// What the agent is doing while it is still silent; `nil` once its words arrive.
final class WorkingState: Sendable {
    private let current = Mutex<String?>("Working")

    /// Sets the label while the agent is silent; true when it changed.
    func update(_ label: String) -> Bool {
        current.withLock {
            guard let shown = $0, shown != label else { return false }
            $0 = label
            return true
        }
    }

    /// Ends the silent part; true when it was still going (the output is then told).
    func stop() -> Bool {
        current.withLock { label in
            defer { label = nil }
            return label != nil
        }
    }
}

/// When something was last shown, shared with the "still working" ticker.
final class ActivityClock: Sendable {
    private let last = Mutex(ContinuousClock.now)

    func touch() {
        last.withLock { $0 = .now }
    }

    func quietFor(atLeast interval: Duration) -> Bool {
        last.withLock { ContinuousClock.now - $0 >= interval }
    }
}
