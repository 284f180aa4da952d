import Foundation
import LocalStudio
import Logging
import PostgresNIO

/// The studio's records in PostgreSQL, for any number of API nodes on one database.
///
/// Every change is one statement (a transaction of its own); credits are taken with a
/// conditional update, so two nodes charging one account at once never spend a credit twice.
/// Records are stored whole as JSON, beside the columns the queries need. A database that does
/// not answer within ``patience`` fails the call with ``StudioError/unavailable(retryAfter:)``,
/// which clients see as 503 with Retry-After; the connection pool keeps reconnecting behind it.
public final class PostgresRecordStore: RecordStore {
    let client: PostgresClient
    let logger: Logger
    /// How long one read or change may wait for the database.
    let patience: Duration
    private let runner: Task<Void, Never>

    /// Connects lazily: nothing is sent until the first call (or ``migrate()``).
    public init(url: DatabaseURL, logger: Logger, patience: Duration = .seconds(5)) {
        var configuration: PostgresClient.Configuration
        if let folder = url.socketFolder {
            configuration = .init(unixSocketPath: folder + "/.s.PGSQL.\(url.port)", username: url.username, password: url.password, database: url.database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch url.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(.makeClientConfiguration())
            case .require: tls = .require(.makeClientConfiguration())
            }
            configuration = .init(host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.patience = patience
        runner = Task { await client.run() }
    }

    /// Closes the connections; the store cannot be used after.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    deinit { runner.cancel() }

    // MARK: Schema

    /// Brings the schema to this program's version, one step per transaction, under an advisory
    /// lock so that two nodes starting at once do not both apply a step. Answers the steps applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        // A database that is not there is said within seconds; the steps themselves may take longer.
        try await within(.seconds(10)) { try await self.client.query("SELECT 1", logger: self.logger) }
        return try await within(.seconds(120)) {
            try await self.client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: self.logger)
                do {
                    let applied = try await Self.migrate(on: connection, logger: self.logger)
                    try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: self.logger)
                    return applied
                } catch {
                    // try?: the lock goes with the connection anyway.
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: self.logger)
                    throw error
                }
            }
        }
    }

    /// The schema version the database has, 0 when none.
    public func schemaVersion() async throws -> Int {
        try await within(patience) {
            let rows = try await self.client.query("SELECT to_regclass('skillshell_migrations') IS NOT NULL", logger: self.logger)
            var exists = false
            for try await (found) in rows.decode(Bool.self) { exists = found }
            guard exists else { return 0 }
            var version = 0
            for try await (value) in try await self.client.query("SELECT coalesce(max(version), 0) FROM skillshell_migrations", logger: self.logger).decode(Int.self) {
                version = value
            }
            return version
        }
    }

    /// The newest schema version this program knows.
    public static var latestSchemaVersion: Int { Migrations.latest }

    static let migrationLock: Int64 = 0x736B_696C_6C73  // "skills"

    private static func migrate(on connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        try await connection.query(
            "CREATE TABLE IF NOT EXISTS skillshell_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
            logger: logger)
        var done: Set<Int> = []
        for try await (version) in try await connection.query("SELECT version FROM skillshell_migrations", logger: logger).decode(Int.self) {
            done.insert(version)
        }
        if let newest = done.max(), newest > Migrations.latest {
            throw StudioError.badRequest(
                "The database's schema is version \(newest), newer than this program's \(Migrations.latest); run the newer skillshell, or point this one at another database.")
        }
        var applied: [Int] = []
        for step in Migrations.steps where !done.contains(step.version) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in step.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO skillshell_migrations (version, name) VALUES (\(step.version), \(step.name))", logger: logger)
            }
            applied.append(step.version)
        }
        return applied
    }

    // MARK: Calls

    /// Runs `body`, failing it as unavailable when the database does not answer in `limit`.
    @discardableResult
    func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next(), let value = first else {
                    logger.warning("database did not answer within \(limit)")
                    throw StudioError.unavailable(retryAfter: 5)
                }
                return value
            } catch let error as PSQLError where error.code != .server {
                logger.warning("database unreachable: \(String(describing: error.code))")
                throw StudioError.unavailable(retryAfter: 5)
            }
        }
    }

    /// One statement's rows of JSON, decoded.
    func records<Record: Decodable & Sendable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> [Record] {
        try await within(patience) {
            var found: [Record] = []
            for try await (text) in try await self.client.query(query, logger: self.logger).decode(String.self) {
                found.append(try Self.decoder.decode(Record.self, from: Data(text.utf8)))
            }
            return found
        }
    }

    func run(_ query: PostgresQuery) async throws {
        try await within(patience) { try await self.client.query(query, logger: self.logger) }
    }

    static func json<Record: Encodable>(_ record: Record) throws -> String {
        String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    // MARK: Records

    public func session(_ id: String) async throws -> SessionRecord? {
        try await records(SessionRecord.self, "SELECT record::text FROM sessions WHERE id = \(id)").first
    }

    public func save(_ session: SessionRecord) async throws {
        let json = try Self.json(session)
        try await run(
            "INSERT INTO sessions (id, user_id, record) VALUES (\(session.id), \(session.userID), \(json)::jsonb) ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, record = EXCLUDED.record"
        )
    }

    public func save(_ session: SessionRecord, replacing previous: SessionRecord) async throws -> Bool {
        let json = try Self.json(session)
        let old = try Self.json(previous)
        return try await within(patience) {
            var changed = false
            let query: PostgresQuery = "UPDATE sessions SET record = \(json)::jsonb, user_id = \(session.userID) WHERE id = \(session.id) AND record = \(old)::jsonb RETURNING id"
            for try await _ in try await self.client.query(query, logger: self.logger) { changed = true }
            return changed
        }
    }

    public func user(_ id: String) async throws -> UserRecord? {
        try await users("SELECT id, credits, frozen, anonymous FROM users WHERE id = \(id)").first
    }

    public func insertUser(_ user: UserRecord) async throws -> UserRecord {
        try await run(
            "INSERT INTO users (id, credits, frozen, anonymous) VALUES (\(user.id), \(user.credits), \(user.frozen), \(user.anonymous)) ON CONFLICT (id) DO NOTHING")
        return try await self.user(user.id) ?? user
    }

    public func charge(userID: String, amount: Double) async throws -> UserRecord? {
        try await users("UPDATE users SET credits = credits - \(amount) WHERE id = \(userID) AND credits >= \(amount) RETURNING id, credits, frozen, anonymous").first
    }

    private func users(_ query: PostgresQuery) async throws -> [UserRecord] {
        try await within(patience) {
            var found: [UserRecord] = []
            for try await (id, credits, frozen, anonymous) in try await self.client.query(query, logger: self.logger).decode((String, Double, Double, Bool).self) {
                found.append(UserRecord(id: id, credits: credits, frozen: frozen, anonymous: anonymous))
            }
            return found
        }
    }

    public func media(_ hash: String) async throws -> MediaRecord? {
        try await records(MediaRecord.self, "SELECT record::text FROM media WHERE hash = \(hash)").first
    }

    public func save(_ media: MediaRecord) async throws {
        let json = try Self.json(media)
        try await run("INSERT INTO media (hash, record) VALUES (\(media.hash), \(json)::jsonb) ON CONFLICT (hash) DO UPDATE SET record = EXCLUDED.record")
    }

    public func render(_ id: String) async throws -> RenderRecord? {
        try await records(RenderRecord.self, "SELECT record::text FROM renders WHERE id = \(id)").first
    }

    public func save(_ render: RenderRecord) async throws {
        let json = try Self.json(render)
        try await run(
            "INSERT INTO renders (id, session_id, status, record, updated_at) VALUES (\(render.id), \(render.sessionID), \(render.status), \(json)::jsonb, now()) ON CONFLICT (id) DO UPDATE SET session_id = EXCLUDED.session_id, status = EXCLUDED.status, record = EXCLUDED.record, updated_at = now()"
        )
    }

    public func renders(sessionID: String) async throws -> [RenderRecord] {
        try await records(RenderRecord.self, "SELECT record::text FROM renders WHERE session_id = \(sessionID) ORDER BY updated_at")
    }

    public func unfinishedRenders() async throws -> [RenderRecord] {
        try await records(RenderRecord.self, "SELECT record::text FROM renders WHERE status IN ('pending', 'processing') ORDER BY updated_at")
    }

    public func token(_ digest: String) async throws -> TokenRecord? { try await credential(TokenRecord.self, in: .tokens, digest: digest) }
    public func save(_ token: TokenRecord, digest: String) async throws { try await save(token, in: .tokens, digest: digest, time: token.expiresAt) }
    public func claim(_ digest: String) async throws -> ClaimRecord? { try await credential(ClaimRecord.self, in: .claims, digest: digest) }
    public func save(_ claim: ClaimRecord, digest: String) async throws { try await save(claim, in: .claims, digest: digest, time: claim.expiresAt) }
    public func client(_ digest: String) async throws -> ClientRecord? { try await credential(ClientRecord.self, in: .clients, digest: digest) }
    public func save(_ client: ClientRecord, digest: String) async throws { try await save(client, in: .clients, digest: digest, time: client.issuedAt) }

    /// The tables of credentials kept under a digest, each with the time that retires a row.
    private enum Credentials: String {
        case tokens, claims, clients
        var timeColumn: String { self == .clients ? "issued_at" : "expires_at" }
    }

    private func credential<Record: Decodable & Sendable>(_ type: Record.Type, in table: Credentials, digest: String) async throws -> Record? {
        try await records(type, "SELECT record::text FROM \(unescaped: table.rawValue) WHERE digest = \(digest)").first
    }

    private func save<Record: Encodable>(_ record: Record, in table: Credentials, digest: String, time: Date) async throws {
        let json = try Self.json(record)
        let column = table.timeColumn
        try await run(
            "INSERT INTO \(unescaped: table.rawValue) (digest, \(unescaped: column), record) VALUES (\(digest), \(time), \(json)::jsonb) ON CONFLICT (digest) DO UPDATE SET \(unescaped: column) = EXCLUDED.\(unescaped: column), record = EXCLUDED.record"
        )
    }

    @discardableResult
    public func removeExpiredCredentials(clientWait: TimeInterval, now: Date) async throws -> Int {
        let clientsBefore = now.addingTimeInterval(-clientWait)
        return try await within(patience) {
            var removed = 0
            let query: PostgresQuery = """
                WITH t AS (DELETE FROM tokens WHERE expires_at <= \(now) RETURNING 1),
                     c AS (DELETE FROM claims WHERE expires_at <= \(now) RETURNING 1),
                     k AS (DELETE FROM clients WHERE issued_at <= \(clientsBefore) RETURNING 1)
                SELECT (SELECT count(*) FROM t) + (SELECT count(*) FROM c) + (SELECT count(*) FROM k)
                """
            for try await (count) in try await self.client.query(query, logger: self.logger).decode(Int.self) { removed = count }
            return removed
        }
    }
}
