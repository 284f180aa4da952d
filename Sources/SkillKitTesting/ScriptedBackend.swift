import Foundation
import SkillKit
import Synchronization

/// An ``AgentBackend`` that plays a script, for tests of the host without a server.
///
/// Each chat message takes the next ``ScriptedTurn``; uploads add clips to the draft as the
/// real backends do; renders complete after a set number of polls; every call is recorded with
/// the attribution it carried.
public final class ScriptedBackend: AgentBackend, Sendable {
    /// One call the backend received.
    public struct Call: Sendable, Equatable {
        public var name: String
        public var argument: String
        public var attribution: SkillAttribution?
        public var sessionID: String?
    }

    public let displayName = "scripted backend"

    private struct State {
        var turns: [ScriptedTurn]
        var draft: Draft
        var sessionCounter = 0
        var recorded: [Call] = []
        var renders: [String: (request: RenderRequest, polls: Int)] = [:]
        var balance = CreditBalance(available: 100)
        var pollsBeforeCompletion = 2
        var downloadBytes = 9_500_000
        var renderFailure: String?
        var connectFailure: BackendError?
    }

    private let state: Mutex<State>

    /// Credits reported by `credits`.
    public var balance: CreditBalance {
        get { state.withLock { $0.balance } }
        set { state.withLock { $0.balance = newValue } }
    }
    /// How many polls a render stays processing before it completes.
    public var pollsBeforeCompletion: Int {
        get { state.withLock { $0.pollsBeforeCompletion } }
        set { state.withLock { $0.pollsBeforeCompletion = newValue } }
    }
    /// The size of the downloaded file.
    public var downloadBytes: Int {
        get { state.withLock { $0.downloadBytes } }
        set { state.withLock { $0.downloadBytes = newValue } }
    }
    /// When set, renders fail with this reason.
    public var renderFailure: String? {
        get { state.withLock { $0.renderFailure } }
        set { state.withLock { $0.renderFailure = newValue } }
    }
    /// When set, `connect` throws this error.
    public var connectFailure: BackendError? {
        get { state.withLock { $0.connectFailure } }
        set { state.withLock { $0.connectFailure = newValue } }
    }

    public init(turns: [ScriptedTurn] = [], draft: Draft = Draft()) {
        state = Mutex(State(turns: turns, draft: draft))
    }

    /// Every call so far.
    public var calls: [Call] {
        state.withLock { $0.recorded }
    }

    /// The messages sent to the chat stream.
    public var chatMessages: [String] { calls.filter { $0.name == "chat" }.map(\.argument) }

    /// The current draft.
    public var currentDraft: Draft { state.withLock { $0.draft } }

    /// Adds turns to the end of the script.
    public func enqueue(_ more: ScriptedTurn...) {
        state.withLock { $0.turns += more }
    }

    private func record(_ name: String, _ argument: String = "", _ context: RequestContext?) {
        state.withLock {
            $0.recorded.append(Call(name: name, argument: argument, attribution: context?.attribution, sessionID: context?.session.sessionID))
        }
    }

    public func connect(attribution: SkillAttribution) async throws -> BackendSession {
        let id = try state.withLock { state throws(BackendError) -> Int in
            if let failure = state.connectFailure { throw failure }
            state.sessionCounter += 1
            state.recorded.append(Call(name: "connect", argument: "", attribution: attribution, sessionID: nil))
            return state.sessionCounter
        }
        return BackendSession(sessionID: "\(1000 + id)", userID: "anon_test", isAnonymous: true)
    }

    public func newSession(context: RequestContext) async throws -> BackendSession {
        record("newSession", "", context)
        let id = state.withLock { state -> Int in
            state.sessionCounter += 1
            state.draft = Draft()
            return state.sessionCounter
        }
        return BackendSession(sessionID: "\(1000 + id)", userID: "anon_test", isAnonymous: true)
    }

    public func chat(_ message: String, context: RequestContext) -> AsyncThrowingStream<AgentEvent, any Error> {
        record("chat", message, context)
        let turn = state.withLock { state -> ScriptedTurn in
            let next = state.turns.isEmpty ? ScriptedTurn(text: "OK.") : state.turns.removeFirst()
            if let change = next.draftAfter { state.draft = change }
            return next
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                for event in turn.events {
                    if let delay = turn.delayBetweenEvents { try? await Task.sleep(for: delay) }  // a cancel ends the turn on the next line
                    if Task.isCancelled { break }
                    continuation.yield(event)
                }
                if let error = turn.error {
                    continuation.finish(throwing: error)
                } else {
                    continuation.finish()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func upload(_ files: [URL], context: RequestContext, progress: ProgressHandler?) async throws -> [UploadedMedia] {
        record("upload", files.map(\.lastPathComponent).joined(separator: ","), context)
        return state.withLock { state in
            files.map { file in
                var tracks = state.draft.tracks
                let segment = DraftSegment(source: file.path, name: file.lastPathComponent, start: 0, inPoint: 0, duration: 10_000)
                if let index = tracks.firstIndex(where: { $0.kind == .video }) {
                    tracks[index].segments.append(segment)
                } else {
                    tracks.insert(DraftTrack(kind: .video, segments: [segment]), at: 0)
                }
                state.draft.tracks = tracks
                progress?(TransferProgress(completed: 1, total: 1))
                return UploadedMedia(filename: file.lastPathComponent, fileType: "video", duration: 10, width: 1920, height: 1080, fps: 30)
            }
        }
    }

    public func credits(context: RequestContext) async throws -> CreditBalance {
        record("credits", "", context)
        return balance
    }

    public func state(context: RequestContext) async throws -> ProjectState {
        record("state", "", context)
        return ProjectState(draft: currentDraft)
    }

    public func startRender(_ request: RenderRequest, context: RequestContext) async throws -> RenderStatus {
        record("render", request.options.json.jsonText(), context)
        state.withLock { $0.renders[request.id] = (request, 0) }
        return RenderStatus(id: request.id, phase: .pending, progress: 0, retryAfter: .zero)
    }

    public func renderStatus(id: String, context: RequestContext) async throws -> RenderStatus {
        record("poll", id, context)
        return state.withLock { state in
            guard var render = state.renders[id] else {
                return RenderStatus(id: id, phase: .failed, failureReason: "unknown render")
            }
            render.polls += 1
            state.renders[id] = render
            if let failure = state.renderFailure { return RenderStatus(id: id, phase: .failed, failureReason: failure) }
            if render.polls < state.pollsBeforeCompletion {
                return RenderStatus(id: id, phase: .processing, progress: Double(render.polls * 100 / state.pollsBeforeCompletion), retryAfter: .zero)
            }
            return RenderStatus(id: id, phase: .completed, progress: 100, outputURL: "scripted://\(id).mp4", duration: 10, size: Int64(state.downloadBytes))
        }
    }

    public func download(_ render: RenderStatus, to destination: URL, context: RequestContext, progress: ProgressHandler?) async throws -> Int64 {
        record("download", destination.lastPathComponent, context)
        let downloadBytes = self.downloadBytes
        try Data(count: downloadBytes).write(to: destination, options: .withoutOverwriting)
        progress?(TransferProgress(completed: Int64(downloadBytes), total: Int64(downloadBytes)))
        return Int64(downloadBytes)
    }
}

/// What the scripted agent does for one chat message.
public struct ScriptedTurn: Sendable {
    public var events: [AgentEvent]
    /// The draft once the turn is over, when the turn edits it.
    public var draftAfter: Draft?
    /// An error that ends the stream after the events.
    public var error: BackendError?
    public var delayBetweenEvents: Duration?

    public init(events: [AgentEvent], draftAfter: Draft? = nil, error: BackendError? = nil, delayBetweenEvents: Duration? = nil) {
        self.events = events
        self.draftAfter = draftAfter
        self.error = error
        self.delayBetweenEvents = delayBetweenEvents
    }

    /// A turn that answers with text, streamed in small pieces as a real stream would.
    public init(text: String, draftAfter: Draft? = nil) {
        var pieces: [AgentEvent] = [.toolCall(name: "think")]
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(.text(String(rest.prefix(7))))
            rest = rest.dropFirst(7)
        }
        self.init(events: pieces, draftAfter: draftAfter)
    }
}

/// The first box of an MP4 and a few words: passes the upload's signature check, for tests whose
/// backend never reads the file.
public let isoMediaStandIn = "\u{0}\u{0}\u{0}\u{18}ftypisom\u{0}\u{0}\u{2}\u{0}isomiso2 a stand-in for a video"
