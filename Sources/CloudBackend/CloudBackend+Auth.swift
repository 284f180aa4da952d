import Foundation
import SkillKit

extension CloudBackend {
    /// The token to send: `NEMO_TOKEN`, else a cached starter token, else a new one.
    func currentToken(attribution: SkillAttribution) async throws -> String {
        if let environmentToken = configuration.environmentToken { return environmentToken }
        if let token { return token }
        if let cached = configuration.credentials.token(for: configuration.apiBase) {
            token = cached.token
            lastUserID = cached.userID ?? lastUserID
            return cached.token
        }
        let fresh = try await fetchAnonymousToken(attribution: attribution)
        token = fresh.token
        lastUserID = fresh.userID ?? lastUserID
        do {
            try configuration.credentials.save(fresh, for: configuration.apiBase)
        } catch {
            // The session still works; only the next start will ask for a new token.
        }
        return fresh.token
    }

    /// Forgets a token the server refused, here and on disk.
    func discardToken() {
        token = nil
        configuration.credentials.forgetToken(for: configuration.apiBase)
    }

    private func fetchAnonymousToken(attribution: SkillAttribution) async throws -> CachedToken {
        // No token to renew on this call; a 400 means the client id, a 429 is waited out once.
        var policy = RequestPolicy(ownsToken: false, retriesUnanswered: false, rateLimitWait: configuration.rateLimitWait, renewsClientIDOnBadRequest: true)
        let operation = "Getting a starter token"
        while true {
            var headers = attribution.headers
            let clientID: String
            do {
                clientID = try configuration.credentials.clientID()
            } catch {
                throw BackendError.network(what: "Saving the client id", hint: (error as? CredentialError)?.description ?? "check that ~/.config is writable.")
            }
            headers.append(("X-Client-Id", clientID))
            headers.append(("Accept", "application/json"))
            if let secret = configuration.studioSecret { headers.append(("X-Studio-Secret", secret)) }
            let request = HTTPRequest(method: .post, url: url("api/auth/anonymous-token"), headers: headers, timeouts: configuration.apiTimeouts)
            let head: HTTPResponseHead, body: Data
            do {
                (head, body) = try await client.data(for: request)
            } catch let error as TransportError {
                throw error.backendError(doing: "Connecting to \(displayName)", host: configuration.apiBase.host)
            }
            let data: JSONValue
            do {
                data = try APIReply(head: head, body: body).data()
            } catch {
                // The contract's HTTP 400 here means the client id was missing or refused.
                let sentence: BackendError
                switch error {
                case .badRequest: sentence = .missingClientID
                case .invalidToken: sentence = .server(status: 401, message: "the server refused to issue a starter token")
                default: sentence = backendError(for: error, doing: operation)
                }
                guard try await carryOut(policy.next(after: .refused(error))) else { throw sentence }
                continue
            }
            guard let token = data["token"]?.stringValue, !token.isEmpty else {
                throw BackendError.malformedResponse(what: "the starter token request")
            }
            let expiry =
                data["expires_at"]?.doubleValue.map { Date(timeIntervalSince1970: $0 > 1e12 ? $0 / 1000 : $0) }
                ?? Date().addingTimeInterval(7 * 24 * 3600)
            return CachedToken(token: token, expiresAt: expiry, userID: data["user_id"]?.stringValue)
        }
    }

    /// A policy for one request to the API: the starter token may be renewed unless the user
    /// gave NEMO_TOKEN; an unanswered request is repeated only when `retriesUnanswered`.
    nonisolated func policy(retriesUnanswered: Bool) -> RequestPolicy {
        RequestPolicy(ownsToken: configuration.environmentToken == nil, retriesUnanswered: retriesUnanswered, rateLimitWait: configuration.rateLimitWait)
    }

    /// Carries out a step the policy chose; answers whether to send the request again (false:
    /// give up, with the failure's sentence).
    func carryOut(_ step: RequestPolicy.Step) async throws -> Bool {
        switch step {
        case .deliver, .fail: return false
        case .retry(let wait): try await Task.sleep(for: wait)
        case .renewToken: discardToken()
        case .renewClientID: _ = try? configuration.credentials.renewClientID()  // a store that cannot be written sends the old id, and the next 400 fails with its sentence
        }
        return true
    }

    /// The sentence for a failure that cannot be recovered from.
    func backendError(for failure: APIFailure, doing operation: String, fileName: String? = nil, fileBytes: Int64? = nil) -> BackendError {
        switch failure {
        case .invalidToken: return .invalidToken(fromEnvironment: configuration.environmentToken != nil)
        case .sessionNotFound: return .sessionNotFound
        case .noCredits(let bindID):
            guard isAnonymous else { return .noCredits(bindURL: nil) }
            let id = bindID ?? lastUserID
            return .noCredits(bindURL: id.map { registrationLink(bindID: $0) } ?? configuration.registrationPage)
        case .unsupportedFile: return .unsupportedFile(name: fileName ?? "The file")
        case .fileTooLarge: return .fileTooLarge(name: fileName ?? "The file", bytes: fileBytes ?? MediaRules.maximumUploadBytes + 1)
        case .exportBlocked: return .exportBlocked
        case .rateLimited: return .rateLimited
        case .badRequest(let message): return .server(status: 400, message: APIReply.shortened(message))
        case .notFound(let message): return .server(status: 404, message: APIReply.shortened(message))
        case .server(let status, _, let message): return .server(status: status, message: message)
        case .malformed: return .malformedResponse(what: operation.lowercased())
        }
    }

    func registrationLink(bindID: String) -> String {
        let separator = configuration.registrationPage.contains("?") ? "&" : "?"
        return configuration.registrationPage + separator + "bind=" + Self.segment(bindID)
    }
}
