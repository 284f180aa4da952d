import Foundation
import SkillShellTestSupport
import Testing

/// `skillshell serve --database` as separate processes: API nodes with data folders of their
/// own sharing one PostgreSQL database.
@Suite(.serialized, .postgresCluster, .tags(.network)) struct ServeOnPostgresTests {
    /// Two `serve --database` processes on a fresh database of the suite's cluster, each with a
    /// data folder of its own, both accepting one registered token.
    struct TwoNodes {
        let root: URL
        let token: String
        let processes: [ServeProcess]
        let clients: [TestHTTPClient]

        static func start(_ arguments: [String]) async throws -> TwoNodes {
            let address = try await TestPostgres.suiteCluster().createDatabase()
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("skillshell-pgserve-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let token = "pg-node-token-\(UUID().uuidString.prefix(12))"
            let tokens = root.appendingPathComponent("tokens")
            try Data((token + "\n").utf8).write(to: tokens)
            let common = ["--database", address, "--token-file", tokens.path] + arguments
            let first = try await ServeProcess.start(data: root.appendingPathComponent("a"), arguments: common)
            let second: ServeProcess
            do {
                second = try await ServeProcess.start(data: root.appendingPathComponent("b"), arguments: common)
            } catch {
                first.stop()
                throw error
            }
            return TwoNodes(root: root, token: token, processes: [first, second], clients: [TestHTTPClient(port: first.port), TestHTTPClient(port: second.port)])
        }

        /// A new session, made on the first node.
        func session() async throws -> String {
            let made = try await clients[0].json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, ["task_name": "p", "language": "en"])
            return try #require(made.data["session_id"] as? String, "\(made.text)")
        }

        /// One chat turn on node `index`.
        func turn(_ index: Int, _ session: String, _ text: String) async throws -> TestHTTPClient.Response {
            try await clients[index].json(
                "POST", "/run_sse", token: token, headers: ["Accept": "text/event-stream"],
                ["app_name": "nemo_agent", "user_id": "me", "session_id": session, "new_message": ["role": "user", "parts": [["text": text]]]])
        }

        func stop() {
            for process in processes { process.stop() }
            // try?: a temporary folder the system cleans anyway.
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test func migrateOnlyCreatesTheSchemaAndSaysSo() async throws {
        let address = try await TestPostgres.suiteCluster().createDatabase()
        let shell = try ShellBinary()
        defer { shell.cleanUp() }
        let first = try await shell.run(["serve", "--migrate-only", "--database", address])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("applied schema step 1"), "\(first.output)")
        let again = try await shell.run(["serve", "--migrate-only"], environment: ["SKILLSHELL_DATABASE_URL": address])
        #expect(again.status == 0 && again.output.contains("schema is up to date"), "\(again.output)\(again.errors)")

        let nowhere = try ClosedPort()
        let refused = try await shell.run(["serve", "--migrate-only", "--database", "postgres://app:hunter2hunter2@127.0.0.1:\(nowhere.port)/x"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("does not answer"), "\(refused.errors)")
        #expect(!(refused.output + refused.errors).contains("hunter2"), "the password is never printed")
        let bad = try await shell.run(["serve", "--migrate-only", "--database", "mysql://x@y/z"])
        #expect(bad.status == 2 && bad.errors.contains("postgres://"), "\(bad.errors)")
    }

    /// Edits to one session sent to two nodes at once all land: a node whose change lost the race
    /// reads the session again and makes its change on what the other saved.
    @Test func editsToOneSessionOnTwoNodesAllLand() async throws {
        let nodes = try await TwoNodes.start(["--credits-per-turn", "0"])
        defer { nodes.stop() }
        let session = try await nodes.session()
        let (body, type) = TestHTTPClient.multipart([("clip.mp4", try await TestClips.data())])
        let uploaded = try await nodes.clients[0].send(
            "POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(nodes.token)", "Content-Type": type], body: body)
        #expect(uploaded.code == 0, "\(uploaded.text)")
        _ = try await withThrowingTaskGroup(of: Void.self) { group in
            for turn in 0..<12 {
                group.addTask {
                    let reply = try await nodes.turn(turn % 2, session, "add the text \"note\(turn)\" at the top")
                    #expect(reply.status == 200, "\(reply.text)")
                }
            }
            try await group.waitForAll()
        }
        let state = try await nodes.clients[1].json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: nodes.token)
        for turn in 0..<12 {
            #expect(state.text.contains("\"note\(turn)\""), "note\(turn) was lost")
        }
    }

    /// Two API nodes, each with its own data folder, on one database: a session made on one is
    /// used on the other, and 40 turns sent to both at once on an account of 30 credits spend
    /// exactly 30; the balance never goes below zero.
    @Test func twoAPINodesShareRecordsAndNeverOverspend() async throws {
        let nodes = try await TwoNodes.start(["--starting-credits", "30", "--credits-per-turn", "1"])
        defer { nodes.stop() }
        let session = try await nodes.session()
        let seen = try await nodes.clients[1].json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: nodes.token)
        #expect(seen.code == 0, "the other node knows the session: \(seen.text)")

        let outcomes = try await withThrowingTaskGroup(of: Int.self) { group in
            for turn in 0..<40 {
                group.addTask { try await nodes.turn(turn % 2, session, "hello").status }
            }
            var statuses: [Int] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
        #expect(outcomes.filter { $0 == 200 }.count == 30, "\(outcomes)")
        #expect(outcomes.filter { $0 == 403 }.count == 10, "\(outcomes)")
        for client in nodes.clients {
            let balance = try await client.json("GET", "/api/credits/balance/simple", token: nodes.token)
            #expect(balance.data["available"] as? Int == 0, "\(balance.text)")
        }
        // The records are in the database, not in either node's folder.
        let userFiles = (try? FileManager.default.contentsOfDirectory(atPath: nodes.root.appendingPathComponent("a/studio/users").path)) ?? []
        #expect(userFiles.isEmpty, "\(userFiles)")
    }
}
