import Foundation
import SkillKit

extension Studio {
    /// A claim token for a session of `userID`: it opens the project's page and nothing else
    /// (no API call accepts it). Only its digest is stored.
    public func issueClaimToken(sessionID: String, userID: String) async throws -> (token: String, expiresIn: Int) {
        _ = try await session(sessionID, userID: userID)
        let token = "clm_" + Self.randomHex(24)
        let lifetime = CheckedNumber.clamped(configuration.claimLifetime, to: 1...31_536_000)
        try await records.save(ClaimRecord(sessionID: sessionID, expiresAt: configuration.now().addingTimeInterval(TimeInterval(lifetime))), digest: Self.digest(token))
        return (token, lifetime)
    }

    /// The session an unexpired claim token opens, and when the token expires.
    private func claimedSession(_ token: String?) async throws -> (SessionRecord, Date) {
        guard let token, token.hasPrefix("clm_"), token.count <= 80,
            let record = try await records.claim(Self.digest(token)), record.expiresAt > configuration.now(),
            let session = try await records.session(record.sessionID)
        else {
            throw StudioError.claimInvalid
        }
        return (session, record.expiresAt)
    }

    /// What an unexpired claim token shows: the session's timeline and its finished exports.
    public func claimedProject(_ token: String?) async throws -> ClaimedProject {
        let (session, expiresAt) = try await claimedSession(token)
        let exports = try await records.renders(sessionID: session.id)
            .filter { $0.phase == .completed && $0.outputFile != nil }
            .sorted { $0.createdAt < $1.createdAt }
        return ClaimedProject(sessionID: session.id, draft: Draft(json: session.draft), exports: exports, expiresAt: expiresAt)
    }

    /// One finished export of the claimed session, by id: a `<video>` asks for byte ranges many
    /// times, so this reads that one record rather than every render.
    public func claimedExport(_ token: String?, id: String) async throws -> RenderRecord {
        let (session, _) = try await claimedSession(token)
        guard StudioStore.isSafeIdentifier(id), let record = try await records.render(id), record.sessionID == session.id,
            record.phase == .completed, record.outputFile != nil
        else {
            throw StudioError.renderNotFound(String(id.prefix(64)))
        }
        return record
    }
}

/// A project as its claim page shows it.
public struct ClaimedProject: Sendable {
    public var sessionID: String
    public var draft: Draft
    public var exports: [RenderRecord]
    public var expiresAt: Date
}
