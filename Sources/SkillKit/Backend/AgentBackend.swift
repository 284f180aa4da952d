import Foundation

/// A service that runs the editing agent: the NemoVideo cloud, or the embedded local studio.
///
/// The conversation loop talks to the backend only through this protocol. Every call after
/// `connect` carries a ``RequestContext`` so the active skill's attribution headers go with it.
public protocol AgentBackend: Sendable {
    /// A short name for messages, such as "local studio".
    var displayName: String { get }

    /// File extensions this backend accepts beyond the contract's list (the local studio takes .srt).
    var extraUploadExtensions: Set<String> { get }

    /// Names this backend and its account place, so work left pending is resumed only where it began.
    var identity: String { get }

    /// The most status polls one render gets before the shell stops waiting (the cloud's rule);
    /// nil for no limit (the embedded studio's renders end on their own deadlines).
    var renderPollLimit: Int? { get }

    /// Authenticates and opens a session.
    func connect(attribution: SkillAttribution) async throws -> BackendSession

    /// Opens a fresh session, leaving the old timeline behind.
    func newSession(context: RequestContext) async throws -> BackendSession

    /// Sends one user message and streams the agent's events until the stream closes.
    func chat(_ message: String, context: RequestContext) -> AsyncThrowingStream<AgentEvent, any Error>

    /// Uploads files to the session: local files, and web addresses where the backend can fetch them.
    func upload(_ files: [URL], context: RequestContext, progress: ProgressHandler?) async throws -> [UploadedMedia]

    /// The credit balance of the account.
    func credits(context: RequestContext) async throws -> CreditBalance

    /// The session's current state, with its draft.
    func state(context: RequestContext) async throws -> ProjectState

    /// Queues a render of the draft.
    func startRender(_ request: RenderRequest, context: RequestContext) async throws -> RenderStatus

    /// The render's status.
    func renderStatus(id: String, context: RequestContext) async throws -> RenderStatus

    /// Downloads a completed render to `destination`, returning the number of bytes written.
    func download(_ render: RenderStatus, to destination: URL, context: RequestContext, progress: ProgressHandler?) async throws -> Int64

    /// Stops a render the user gave up on, returning once it has ended; `false` when the
    /// backend cannot stop renders (the cloud contract has no call for it).
    func cancelRender(id: String, context: RequestContext) async -> Bool

    /// The link that opens the session's project in a browser (nemo-video 1.9's claim link);
    /// nil when the backend has no web page for it.
    func claimLink(context: RequestContext) async throws -> ClaimLink?

    /// The process is ending: stop what runs here (an embedded studio's encoders and tools)
    /// and leave the rest for the next start. Nothing to do for a remote backend.
    func shutdown() async
}

/// A browser link to a project, made from a claim token (which has no API access).
public struct ClaimLink: Sendable, Equatable {
    public var url: URL
    public var expiresAt: Date

    public init(url: URL, expiresAt: Date) {
        self.url = url
        self.expiresAt = expiresAt
    }
}

extension AgentBackend {
    public var extraUploadExtensions: Set<String> { [] }
    public var identity: String { displayName }
    public var renderPollLimit: Int? { nil }
    public func cancelRender(id: String, context: RequestContext) async -> Bool { false }
    public func claimLink(context: RequestContext) async throws -> ClaimLink? { nil }
    public func shutdown() async {}
}

/// Receives transfer progress.
public typealias ProgressHandler = @Sendable (TransferProgress) -> Void

/// How far a transfer or a render has come.
public struct TransferProgress: Sendable, Equatable {
    public var completed: Int64
    public var total: Int64?

    public init(completed: Int64, total: Int64?) {
        self.completed = completed
        self.total = total
    }

    /// 0...1 when the total is known.
    public var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(1, Double(completed) / Double(total))
    }
}

/// What every call after `connect` needs: the session and the active skill's attribution.
public struct RequestContext: Sendable, Equatable {
    public var session: BackendSession
    public var attribution: SkillAttribution

    public init(session: BackendSession, attribution: SkillAttribution) {
        self.session = session
        self.attribution = attribution
    }
}
