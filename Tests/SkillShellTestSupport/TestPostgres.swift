import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of the test's own: `initdb` in a temporary folder, `pg_ctl` on a free port
/// on 127.0.0.1 with trust authentication, and the folder removed by ``stop()``. No test needs
/// a database that is already running; the server's programs come from Debian's `postgresql`
/// package (scripts/install-deps.sh installs it). As root, the server runs as the `postgres`
/// user, since PostgreSQL refuses to run as root.
public final class TestPostgres: Sendable {
    public let port: Int
    public let folder: URL
    let binaries: String
    let user: String?

    public static let role = "skillshell"

    private init(port: Int, folder: URL, binaries: String, user: String?) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
        self.user = user
    }

    /// Makes and starts a cluster; throws with what to install when PostgreSQL is missing.
    public static func start() async throws -> TestPostgres {
        guard let binaries = findBinaries() else {
            throw TestFailure("PostgreSQL's server programs (initdb, pg_ctl) were not found; install them: sudo apt-get install postgresql (scripts/install-deps.sh does).")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skillshell-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let user: String? = getuid() == 0 ? "postgres" : nil
        if let user {
            let chown = try await Tool.run("/bin/chown", ["-R", "\(user):\(user)", folder.path])
            guard chown.status == 0 else { throw TestFailure("chown for the test cluster failed: \(chown.errors)") }
        }
        let port = try ClosedPort().port
        let server = TestPostgres(port: port, folder: folder, binaries: binaries, user: user)
        let initdb = try await server.asServer(
            "initdb", ["-D", server.dataFolder, "-U", role, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"])
        guard initdb.status == 0 else { throw TestFailure("initdb failed: \(initdb.errors)\(initdb.output)") }
        try await server.startServer()
        return server
    }

    var dataFolder: String { folder.appendingPathComponent("data").path }

    /// The address of `database` on this server.
    public func url(database: String) -> String { "postgres://\(Self.role)@127.0.0.1:\(port)/\(database)" }

    /// A new, empty database; answers its address.
    public func createDatabase() async throws -> String {
        let name = "test_\(UUID().uuidString.prefix(8).lowercased())"
        let result = try await Tool.run(binaries + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", Self.role, name])
        guard result.status == 0 else { throw TestFailure("createdb failed: \(result.errors)") }
        return url(database: name)
    }

    /// Starts the server (again, after ``stopServer()``) and waits until it takes connections.
    public func startServer() async throws {
        let options = "-p \(port) -c listen_addresses=127.0.0.1 -k \(folder.path) -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        let result = try await asServer(
            "pg_ctl", ["-D", dataFolder, "-l", folder.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "30", "start"])
        guard result.status == 0 else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw TestFailure("pg_ctl start failed: \(result.errors)\(result.output)\n\(log.suffix(2000))")
        }
    }

    /// Stops the server, keeping its data, as a restart would (its clients are cut off at once;
    /// the cluster runs without fsync, so a crash could lose the last commits).
    public func stopServer() async throws {
        let result = try await asServer("pg_ctl", ["-D", dataFolder, "-m", "fast", "-w", "stop"])
        guard result.status == 0 else { throw TestFailure("pg_ctl stop failed: \(result.errors)") }
    }

    /// Stops the server and removes its folder.
    public func stop() async {
        // try?: a server that already stopped leaves only its folder to remove.
        _ = try? await asServer("pg_ctl", ["-D", dataFolder, "-m", "immediate", "-w", "stop"])
        // try?: a temporary folder the system cleans anyway.
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs one of the server's programs and waits for it to exit. Its output goes to a file,
    /// not a pipe: the server `pg_ctl` starts keeps the descriptors it inherited, so a pipe would
    /// never reach its end while the server runs. (Foundation's `Process` did not see `runuser`
    /// exit here either; the program is spawned and waited for directly.)
    private func asServer(_ program: String, _ arguments: [String]) async throws -> Tool.Result {
        let output = folder.appendingPathComponent("\(program)-\(UUID().uuidString.prefix(6)).out").path
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--", binaries + "/" + program] } ?? [binaries + "/" + program]
        let status = try await offPool { try Self.spawnAndWait(command + arguments, output: output) }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // try?: the output file is the test's own, removed with its folder anyway.
        try? FileManager.default.removeItem(atPath: output)
        return Tool.Result(status: status, output: text, errors: "")
    }

    /// Spawns `command` with standard input from /dev/null and both outputs into `output`, and
    /// answers its exit status once it has ended.
    static func spawnAndWait(_ command: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw TestFailure("could not start \(command[0]): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestFailure("waiting for \(command[0]) failed: errno \(errno)") }
        }
        // Exited normally: the status's second byte; killed by a signal: 128 plus the signal.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Debian keeps the server's programs in /usr/lib/postgresql/VERSION/bin; the newest wins.
    static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") {
            return String(folder)
        }
        return nil
    }
}

/// `@Suite(.postgresCluster)`: a cluster of the suite's own, started before its first test and
/// stopped and removed after its last. Its tests find it in ``TestPostgres/current``.
public struct PostgresClusterTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await TestPostgres.start()
        do {
            try await TestPostgres.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == PostgresClusterTrait {
    public static var postgresCluster: Self { PostgresClusterTrait() }
}

extension TestPostgres {
    /// The cluster of the running suite (``PostgresClusterTrait``).
    @TaskLocal public static var current: TestPostgres?

    /// The running suite's cluster, or a failure that says the suite lacks the trait.
    public static func suiteCluster() throws -> TestPostgres {
        guard let current else { throw TestFailure("this suite has no cluster: add .postgresCluster to its @Suite") }
        return current
    }
}
