import Foundation
import SkillKit

extension Studio {
    /// Issues an anonymous token for a client id: one per id within the token lifetime.
    public func issueAnonymousToken(clientID: String?) async throws -> (token: String, user: UserRecord, expiresAt: Date) {
        guard let clientID = clientID?.trimmingCharacters(in: .whitespaces), !clientID.isEmpty, clientID.count <= 128 else {
            throw StudioError.missingClientID
        }
        let clientDigest = Self.digest(clientID)
        let now = configuration.now()
        if let previous = try await records.client(clientDigest) {
            let wait = previous.issuedAt.addingTimeInterval(configuration.tokenLifetime).timeIntervalSince(now)
            if wait > 0 { throw StudioError.rateLimited(retryAfter: Int(wait.rounded(.up))) }  // checked: at most the token lifetime
        }
        let userID = "anon_" + Self.randomHex(8)
        let user = try await user(userID, anonymous: true)
        let token = "nmv_usr_" + Self.randomHex(24)
        let expiresAt = now.addingTimeInterval(configuration.tokenLifetime)
        try await records.save(TokenRecord(userID: userID, expiresAt: expiresAt, anonymous: true), digest: Self.digest(token))
        try await records.save(ClientRecord(issuedAt: now), digest: clientDigest)
        return (token, user, expiresAt)
    }

    /// Accepts `token` for a named user until the studio stops, as the operator's stand-in for
    /// the cloud's `NEMO_TOKEN`. Only its digest is kept, and only in memory: a token taken out
    /// of the operator's file stops working at the next start.
    public func registerToken(_ token: String, userID: String) async throws {
        _ = try await user(userID, anonymous: false)
        registeredTokens[Self.digest(token)] = userID
    }

    /// The user a bearer token belongs to; 1001 when it is unknown or expired.
    public func authenticate(_ token: String?) async throws -> UserRecord {
        guard let token, !token.isEmpty, token.count <= 512 else { throw StudioError.invalidToken }
        let digest = Self.digest(token)
        if let userID = registeredTokens[digest] { return try await user(userID, anonymous: false) }
        guard let record = try await records.token(digest), record.expiresAt > configuration.now() else { throw StudioError.invalidToken }
        return try await user(record.userID, anonymous: record.anonymous)
    }

    static func digest(_ text: String) -> String {
        ContentDigest.hex(Data(text.utf8))
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
