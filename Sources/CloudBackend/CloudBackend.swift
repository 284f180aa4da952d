import Foundation
import SkillKit

/// The NemoVideo cloud (or any server that speaks its contract, such as `skillshell serve`)
/// as an ``AgentBackend``, over libcurl.
///
/// The token is fetched and renewed here and never leaves this type except in the
/// `Authorization` header of requests to ``CloudConfiguration/apiBase``.
public actor CloudBackend: AgentBackend {
    public nonisolated let displayName: String
    public nonisolated let configuration: CloudConfiguration
    let client: CurlClient
    /// The token in use, once known.
    var token: String?
    var lastUserID: String?

    public init(configuration: CloudConfiguration, client: CurlClient = CurlClient()) {
        self.configuration = configuration
        self.client = client
        let host = configuration.apiBase.host ?? "the server"
        displayName = configuration.apiBase == CloudConfiguration.productionBase ? "NemoVideo cloud" : host
    }

    var isAnonymous: Bool { configuration.environmentToken == nil }

    /// The server with its port, so exports left pending on one `serve` are never asked of
    /// another on the same host (which would not know them, and they would be dropped).
    public nonisolated var identity: String {
        guard configuration.apiBase != CloudConfiguration.productionBase else { return displayName }
        let base = configuration.apiBase
        return "\(base.scheme ?? "https")://\(base.host ?? "")\(base.port.map { ":\($0)" } ?? "")\(base.path)"
    }

    // MARK: Session

    public func connect(attribution: SkillAttribution) async throws -> BackendSession {
        try await openSession(attribution: attribution)
    }

    public func newSession(context: RequestContext) async throws -> BackendSession {
        try await openSession(attribution: context.attribution)
    }

    private func openSession(attribution: SkillAttribution) async throws -> BackendSession {
        let body: JSONValue = .object(["task_name": .string("project"), "language": .string("en")])
        let data = try await call(.post, "api/tasks/me/with-session/nemo_agent", json: body, attribution: attribution, doing: "Starting a session")
        guard let sessionID = data["session_id"]?.stringValue ?? data["sessionId"]?.stringValue, !sessionID.isEmpty else {
            throw BackendError.malformedResponse(what: "the new session")
        }
        let userID = data["user_id"]?.stringValue ?? lastUserID
        lastUserID = userID
        return BackendSession(sessionID: sessionID, userID: userID, taskID: data["task_id"]?.stringValue, isAnonymous: isAnonymous)
    }

    // MARK: Account and state

    public func credits(context: RequestContext) async throws -> CreditBalance {
        let data = try await call(.get, "api/credits/balance/simple", attribution: context.attribution, doing: "Checking your credits")
        guard let available = data["available"]?.doubleValue ?? data["credits"]?.doubleValue ?? data["balance"]?.doubleValue else {
            throw BackendError.malformedResponse(what: "the credit balance")
        }
        return CreditBalance(available: available, frozen: data["frozen"]?.doubleValue ?? 0, total: data["total"]?.doubleValue)
    }

    /// nemo-video 1.9's claim link: a claim token (no API access, unlike the bearer token, which
    /// never goes in a URL) on the web app's `workspace/claim` page.
    public func claimLink(context: RequestContext) async throws -> ClaimLink? {
        let body: JSONValue = .object(["session_id": .string(context.session.sessionID)])
        let data = try await call(.post, "api/auth/claim-token", json: body, attribution: context.attribution, doing: "Getting the project link", retryNetworkFailure: true)
        guard let token = data["claim_token"]?.stringValue, !token.isEmpty, token.count <= 512,
            !token.hasPrefix("nmv_"), token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw BackendError.malformedResponse(what: "the project link request")
        }
        let lifetime = CheckedNumber.clamped(data["expires_in"]?.doubleValue ?? 604_800, to: 0...31_536_000)
        var components = URLComponents(url: configuration.webBase.appendingPathComponent("workspace/claim"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "ct", value: token)]
        guard let url = components?.url else { throw BackendError.malformedResponse(what: "the project link request") }
        return ClaimLink(url: url, expiresAt: Date().addingTimeInterval(TimeInterval(lifetime)))
    }

    public func state(context: RequestContext) async throws -> ProjectState {
        let path = "api/state/nemo_agent/me/\(Self.segment(context.session.sessionID))/latest"
        let data = try await call(.get, path, attribution: context.attribution, doing: "Fetching the timeline")
        let state = data["state"] ?? data
        return ProjectState(draft: Draft(json: state["draft"] ?? .object([:])), raw: state)
    }

    // MARK: Requests

    /// Sends one API request with the headers every call needs, and recovers from what the
    /// contract says to recover from: a refused starter token is renewed and a 429 waited out,
    /// each once. Both mean the server did not act on the request, so repeating it is safe.
    func call(
        _ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, attribution: SkillAttribution,
        doing operation: String, retryNetworkFailure: Bool? = nil
    ) async throws -> JSONValue {
        try await exchange(method, path, json: json, attribution: attribution, doing: operation, retryNetworkFailure: retryNetworkFailure).data
    }

    /// ``call(_:_:json:attribution:doing:retryNetworkFailure:)`` that also returns the response head.
    func exchange(
        _ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, attribution: SkillAttribution,
        doing operation: String, retryNetworkFailure: Bool? = nil
    ) async throws -> (data: JSONValue, head: HTTPResponseHead) {
        let body: HTTPRequest.Body = json.map { .bytes(Data($0.jsonText().utf8), contentType: "application/json") } ?? .none
        var policy = policy(retriesUnanswered: retryNetworkFailure ?? (method == .get))
        while true {
            let request = try await authorizedRequest(method, path, body: body, attribution: attribution, timeouts: configuration.apiTimeouts)
            let head: HTTPResponseHead, data: Data
            do {
                (head, data) = try await client.data(for: request)
            } catch let error as TransportError {
                guard try await carryOut(policy.next(after: .unreachable(retryable: error.isWorthRetrying))) else { throw error.backendError(doing: operation, host: configuration.apiBase.host) }
                continue
            }
            do {
                return (try APIReply(head: head, body: data).data(), head)
            } catch {
                guard try await carryOut(policy.next(after: .refused(error))) else { throw backendError(for: error, doing: operation) }
            }
        }
    }

    /// A request to `path` under the API base with authorization, attribution and the client id.
    func authorizedRequest(
        _ method: HTTPRequest.Method, _ path: String, body: HTTPRequest.Body, attribution: SkillAttribution,
        timeouts: TransferTimeouts, accept: String = "application/json"
    ) async throws -> HTTPRequest {
        let token = try await currentToken(attribution: attribution)
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer \(token)")]
        headers += attribution.headers
        headers += try commonHeaders(accept: accept)
        if case .bytes(_, let contentType) = body { headers.append(("Content-Type", contentType)) }
        return HTTPRequest(method: method, url: url(path), headers: headers, body: body, timeouts: timeouts)
    }

    func commonHeaders(accept: String) throws -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        // try?: without a stored client id the request goes without one, as the contract allows.
        if let clientID = try? configuration.credentials.clientID() { headers.append(("X-Client-Id", clientID)) }
        if let secret = configuration.studioSecret { headers.append(("X-Studio-Secret", secret)) }
        return headers
    }

    func url(_ path: String) -> URL {
        var base = configuration.apiBase.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/" + path)!
    }

    /// A value made safe to stand as one path segment.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "_"
    }

    /// Whether `url` is on the API's own origin, where the token may be sent.
    func isAPIOrigin(_ url: URL) -> Bool {
        let base = configuration.apiBase
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme == "https" ? 443 : url.scheme == "http" ? 80 : nil) }
        return url.scheme?.lowercased() == base.scheme?.lowercased() && url.host?.lowercased() == base.host?.lowercased() && port(url) == port(base)
    }
}
