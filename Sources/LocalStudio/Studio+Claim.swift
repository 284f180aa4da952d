import Foundation
import SkillKit

extension Studio {
    /// A claim token for a session of `userID`: it opens the project's page and nothing else
    /// (no API call accepts it). Only its digest is stored.
    public func issueClaimToken(sessionID: String, userID: String) async throws -> (token: String, expiresIn: Int) {
        _ = try await session(sessionID, userID: userID)
        let token = "clm_" + Self.randomHex(24)
        let lifetime = CheckedNumber.clamped(configuration.claimLifetime, to: 1...31_536_000)
        try await store.save(ClaimRecord(sessionID: sessionID, expiresAt: configuration.now().addingTimeInterval(TimeInterval(lifetime))), digest: Self.digest(token))
        return (token, lifetime)
    }

    /// What an unexpired claim token shows: the session's timeline and its finished exports.
    public func claimedProject(_ token: String?) async throws -> ClaimedProject {
        guard let token, token.hasPrefix("clm_"), token.count <= 80,
            let record = await store.claim(Self.digest(token)), record.expiresAt > configuration.now(),
            let session = await store.session(record.sessionID)
        else {
            throw StudioError.claimInvalid
        }
        let exports = await store.allRenders()
            .filter { $0.sessionID == session.id && $0.phase == .completed && $0.outputFile != nil }
            .sorted { $0.createdAt < $1.createdAt }
        return ClaimedProject(sessionID: session.id, draft: Draft(json: session.draft), exports: exports, expiresAt: record.expiresAt)
    }
}

/// A project as its claim page shows it.
public struct ClaimedProject: Sendable {
    public var sessionID: String
    public var draft: Draft
    public var exports: [RenderRecord]
    public var expiresAt: Date
}
