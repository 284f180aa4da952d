import Foundation

/// Where the studio keeps its records: accounts, sessions, media metadata, renders and
/// credentials. Two implementations speak it: ``StudioStore``'s JSON files (the default, nothing
/// to install, one machine) and PostgreSQL (`serve --database`, any number of API nodes).
///
/// Every method is one change or one read; a failure throws (a database that is down), where a
/// record that is not there is `nil`. Media files themselves stay on disk (``StudioStore``).
public protocol RecordStore: Sendable {
    func session(_ id: String) async throws -> SessionRecord?
    func save(_ session: SessionRecord) async throws
    /// Saves `session` only if the stored one is still `previous`; answers whether it did. Two
    /// nodes editing one session at once: the second is told, reads again and redoes its change.
    func save(_ session: SessionRecord, replacing previous: SessionRecord) async throws -> Bool

    func user(_ id: String) async throws -> UserRecord?
    /// Stores `user` unless an account with its id exists; answers the stored account.
    func insertUser(_ user: UserRecord) async throws -> UserRecord
    /// Takes `amount` from the account in one step, only when it has at least that much left;
    /// answers the account after, or `nil` when it has too few (or does not exist).
    func charge(userID: String, amount: Double) async throws -> UserRecord?

    func media(_ hash: String) async throws -> MediaRecord?
    func save(_ media: MediaRecord) async throws

    func render(_ id: String) async throws -> RenderRecord?
    func save(_ render: RenderRecord) async throws
    func renders(sessionID: String) async throws -> [RenderRecord]
    /// Renders that are pending or processing.
    func unfinishedRenders() async throws -> [RenderRecord]

    func token(_ digest: String) async throws -> TokenRecord?
    func save(_ token: TokenRecord, digest: String) async throws
    func claim(_ digest: String) async throws -> ClaimRecord?
    func save(_ claim: ClaimRecord, digest: String) async throws
    func client(_ digest: String) async throws -> ClientRecord?
    func save(_ client: ClientRecord, digest: String) async throws
    /// Forgets expired tokens and claims, and client ids whose wait is over; answers how many went.
    @discardableResult
    func removeExpiredCredentials(clientWait: TimeInterval, now: Date) async throws -> Int
}
