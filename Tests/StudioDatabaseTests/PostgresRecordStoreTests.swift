import Foundation
import Logging
import SkillKit
import SkillShellTestSupport
import StudioDatabase
import Testing

@testable import LocalStudio

/// The PostgreSQL record store against a real server of the suite's own (initdb and pg_ctl in a
/// temporary folder), each test in a database of its own.
@Suite(.serialized, .postgresCluster) struct PostgresRecordStoreTests {
    static let logger = Logger(label: "test.database")

    func freshStore(patience: Duration = .seconds(5)) async throws -> (PostgresRecordStore, String) {
        let address = try await TestPostgres.suiteCluster().createDatabase()
        let store = PostgresRecordStore(url: try DatabaseURL(address), logger: Self.logger, patience: patience)
        try await store.migrate()
        return (store, address)
    }

    @Test func migrationsApplyOnceEvenFromTwoNodesAtOnce() async throws {
        let address = try await TestPostgres.suiteCluster().createDatabase()
        let first = PostgresRecordStore(url: try DatabaseURL(address), logger: Self.logger)
        let second = PostgresRecordStore(url: try DatabaseURL(address), logger: Self.logger)
        #expect(try await first.schemaVersion() == 0)
        async let a = first.migrate()
        async let b = second.migrate()
        let applied = try await a + b
        #expect(applied == Array(1...PostgresRecordStore.latestSchemaVersion))
        #expect(try await first.migrate().isEmpty)
        #expect(try await second.schemaVersion() == PostgresRecordStore.latestSchemaVersion)
        await first.close()
        await second.close()
    }

    @Test func recordsRoundTrip() async throws {
        let (store, _) = try await freshStore()
        defer { Task { await store.close() } }
        let now = Date(timeIntervalSince1970: 1_800_000_000)

        #expect(try await store.session("nope") == nil)
        let session = SessionRecord(id: "s1", userID: "u1", taskID: "t1", createdAt: now, language: "zh", draft: .object(["tracks": .array([])]), media: ["abc"])
        try await store.save(session)
        #expect(try await store.session("s1") == session)
        var changed = session
        changed.media.append("def")
        try await store.save(changed)
        #expect(try await store.session("s1")?.media == ["abc", "def"])
        // A change made on a record another node has changed since is refused, not lost.
        var mine = changed
        mine.language = "en"
        var theirs = changed
        theirs.media.append("ghi")
        #expect(try await store.save(theirs, replacing: changed))
        #expect(try await store.save(mine, replacing: changed) == false)
        #expect(try await store.session("s1") == theirs)

        let user = try await store.insertUser(UserRecord(id: "u1", credits: 3, frozen: 0, anonymous: true))
        #expect(user.credits == 3)
        // A second insert keeps the account as it is.
        #expect(try await store.insertUser(UserRecord(id: "u1", credits: 99, frozen: 0, anonymous: false)).credits == 3)

        let media = MediaRecord(
            hash: "abc", filename: "clip 1.mp4", fileExtension: "mp4", info: MediaInfo(kind: "video", duration: 12.5, width: 1920, height: 1080, fps: 30, hasAudio: true),
            bytes: 1234, uploadedAt: now)
        try await store.save(media)
        #expect(try await store.media("abc") == media)

        var render = RenderRecord(id: "r1", sessionID: "s1", status: "pending", progress: 0, createdAt: now, updatedAt: now, draft: .object([:]), output: .object([:]))
        try await store.save(render)
        #expect(try await store.unfinishedRenders().map(\.id) == ["r1"])
        render.status = "completed"
        render.outputFile = "output.mp4"
        try await store.save(render)
        #expect(try await store.unfinishedRenders().isEmpty)
        #expect(try await store.renders(sessionID: "s1") == [render])
        #expect(try await store.render("r1") == render)

        try await store.save(TokenRecord(userID: "u1", expiresAt: now.addingTimeInterval(-1), anonymous: true), digest: "old")
        try await store.save(TokenRecord(userID: "u1", expiresAt: now.addingTimeInterval(3600), anonymous: true), digest: "new")
        try await store.save(ClientRecord(issuedAt: now.addingTimeInterval(-7200)), digest: "c-old")
        try await store.save(ClientRecord(issuedAt: now), digest: "c-new")
        #expect(try await store.removeExpiredCredentials(clientWait: 3600, now: now) == 2)
        #expect(try await store.token("old") == nil)
        #expect(try await store.token("new")?.userID == "u1")
        #expect(try await store.client("c-old") == nil)
        #expect(try await store.client("c-new") != nil)
    }

    /// Two API nodes (two stores, two connection pools) charging one account at once: every
    /// credit is spent once, the balance never goes below zero.
    @Test func twoNodesNeverSpendOneCreditTwice() async throws {
        let (first, address) = try await freshStore()
        let second = PostgresRecordStore(url: try DatabaseURL(address), logger: Self.logger)
        _ = try await first.insertUser(UserRecord(id: "shared", credits: 25, frozen: 0, anonymous: false))
        let charged = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<80 {
                let node = attempt.isMultiple(of: 2) ? first : second
                group.addTask { try await node.charge(userID: "shared", amount: 1) != nil }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        #expect(charged == 25)
        #expect(try await second.user("shared")?.credits == 0)
        #expect(try await first.charge(userID: "shared", amount: 1) == nil)
        #expect(try await first.charge(userID: "nobody", amount: 1) == nil)
        await first.close()
        await second.close()
    }

    /// A database that stops answering fails calls as unavailable (503 with Retry-After to a
    /// client), never a hang or a crash; once it is back, the same store works again.
    @Test func aDatabaseRestartIsUnavailableThenReconnected() async throws {
        let server = try TestPostgres.suiteCluster()
        let (store, _) = try await freshStore(patience: .seconds(2))
        _ = try await store.insertUser(UserRecord(id: "u", credits: 1, frozen: 0, anonymous: false))
        try await server.stopServer()
        do {
            _ = try await store.user("u")
            Issue.record("a stopped database answered")
        } catch let error as StudioError {
            #expect(error == .unavailable(retryAfter: 5))
        }
        try await server.startServer()
        var answered: UserRecord?
        var last: (any Error)?
        for _ in 0..<20 where answered == nil {
            do {
                answered = try await store.user("u")
            } catch {
                last = error
                try await Task.sleep(for: .milliseconds(500))
            }
        }
        #expect(answered?.credits == 1, "last error: \(String(describing: last))")
        await store.close()
    }

    @Test(arguments: [
        ("postgres://app:s%40cret@db.example:6543/skills?sslmode=require", "db.example", 6543, "app", "s@cret", "skills"),
        ("postgresql://app@127.0.0.1/skills", "127.0.0.1", 5432, "app", nil, "skills"),
    ])
    func addressesAreRead(text: String, host: String, port: Int, user: String, password: String?, database: String) throws {
        let url = try DatabaseURL(text)
        #expect(url.host == host && url.port == port && url.username == user && url.password == password && url.database == database)
        #expect(!url.description.contains("cret"))
    }

    @Test func badAddressesSayWhatIsWrong() {
        for text in ["mysql://x@y/z", "postgres://x@y:99999/z", "postgres://x@y/z?sslmode=maybe"] {
            #expect(throws: DatabaseURLError.self) { try DatabaseURL(text) }
        }
    }
}
