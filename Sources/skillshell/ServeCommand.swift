import ArgumentParser
import Foundation
import LocalStudio
import Logging
import SkillKit
import StudioDatabase
import StudioServer

/// `skillshell serve`: the local studio over HTTP, with the cloud's routes, shapes and codes.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the local studio over HTTP with the NemoVideo cloud's contract.",
        discussion: """
            Binds 127.0.0.1 by default. Any other address needs --allow-remote and a shared secret of \
            at least 16 characters (--secret-file FILE or SKILLSHELL_SERVER_SECRET), which every \
            request must carry in X-Studio-Secret.

            --token-file FILE registers the tokens in FILE (one a line) as long-lived user tokens, \
            so a client's NEMO_TOKEN works here as it does with the cloud. The studio keeps only \
            their SHA-256 digests.

            --database postgres://user:password@host:5432/skillshell (or SKILLSHELL_DATABASE_URL)             keeps the records (accounts, credits, sessions, media metadata, renders, tokens) in             PostgreSQL instead of files, so several API nodes can share them; the schema is             created and migrated at start, or alone with --migrate-only. Media stay in --data-dir.
            """
    )

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @Flag(help: "Allow a non-loopback address (requires a secret).") var allowRemote = false
    @Option(help: ArgumentHelp("A file holding the shared secret.", valueName: "FILE")) var secretFile: String?
    @Option(help: ArgumentHelp("A file of user tokens to accept, one a line (a client's NEMO_TOKEN).", valueName: "FILE")) var tokenFile: String?
    @Option(help: ArgumentHelp("Where the studio keeps its data (default: the XDG data folder).", valueName: "DIR")) var dataDir: String?
    @Option(help: "Credits a new user starts with.") var startingCredits: Double = 100
    @Option(help: "Credits one chat turn costs.") var creditsPerTurn: Double = 1
    @Option(help: "Share of edit turns that end without text, 0 to 1.") var silentShare: Double = 0
    @Option(help: ArgumentHelp("Pause between an agent turn's steps, in milliseconds.", valueName: "MS")) var stepPacing = 0
    @Flag(help: "Send each chat event's send time as its SSE id (for bench/sse).") var stampEvents = false
    @Option(help: ArgumentHelp("Connections open at once; more wait for a free slot.", valueName: "N")) var maxConnections = 512
    @Option(help: ArgumentHelp("Connections one remote address may hold (clients on this machine are not counted).", valueName: "N"))
    var maxConnectionsPerAddress = 32
    @Flag(help: "Let clients upload media by web address: the studio fetches it, from public addresses only.")
    var allowURLUploads = false
    @Option(help: ArgumentHelp("Keep the records in PostgreSQL (default: files in the data folder).", valueName: "postgres://…"))
    var database: String?
    @Flag(help: "Create or migrate the database's schema, then exit.") var migrateOnly = false

    /// The PostgreSQL store `--database` or SKILLSHELL_DATABASE_URL names, its schema brought up
    /// to date; `nil` for the files.
    func databaseStore(_ environment: [String: String], console: Console) async throws -> PostgresRecordStore? {
        guard let text = database ?? environment["SKILLSHELL_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if migrateOnly { throw CommandFailure("--migrate-only needs a database: pass --database postgres://… or set SKILLSHELL_DATABASE_URL.", status: 2) }
            return nil
        }
        let url: DatabaseURL
        do {
            url = try DatabaseURL(text)
        } catch {
            throw CommandFailure(error.description, status: 2)
        }
        var logger = Logger(label: "skillshell.database")
        logger.logLevel = .notice
        let store = PostgresRecordStore(url: url, logger: logger)
        do {
            let applied = try await store.migrate()
            console.print(
                applied.isEmpty
                    ? "Database \(url): schema is up to date (version \(PostgresRecordStore.latestSchemaVersion))."
                    : "Database \(url): applied schema step\(applied.count == 1 ? "" : "s") \(applied.map(String.init).joined(separator: ", ")).")
        } catch StudioError.unavailable {
            await store.close()
            throw CommandFailure("The database at \(url) does not answer; check that PostgreSQL runs there and the address is right.", status: 1)
        } catch {
            await store.close()
            throw CommandFailure("The database at \(url) refused the schema: \(String(describing: error).prefix(300))", status: 1)
        }
        return store
    }

    func run() async throws {
        ProcessSignals.shared.install(interruptStops: true)
        let console = Console.standard
        let environment = ProcessInfo.processInfo.environment
        let isLoopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        if !isLoopback, !allowRemote {
            throw CommandFailure("\(host) is not a loopback address; pass --allow-remote (with a secret) to serve on the network.", status: 2)
        }
        var secret = environment["SKILLSHELL_SERVER_SECRET"]
        if let secretFile {
            // try?: the else branch says which file could not be read.
            guard let text = try? String(contentsOfFile: PathExpansion.expandTilde(secretFile), encoding: .utf8) else {
                throw CommandFailure("The secret file \(secretFile) cannot be read.", status: 2)
            }
            secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var tokens: [String] = []
        if let tokenFile {
            // try?: the else branch says which file could not be read.
            guard let text = try? String(contentsOfFile: PathExpansion.expandTilde(tokenFile), encoding: .utf8) else {
                throw CommandFailure("The token file \(tokenFile) cannot be read.", status: 2)
            }
            tokens = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !tokens.isEmpty, tokens.allSatisfy({ (16...512).contains($0.count) }) else {
                throw CommandFailure("The token file \(tokenFile) must hold one token a line, each 16 to 512 characters.", status: 2)
            }
        }
        let data =
            dataDir.map { URL(fileURLWithPath: PathExpansion.expandTilde($0)).appendingPathComponent("studio") }
            ?? BackendFactory.dataDirectory(environment)
        let records = try await databaseStore(environment, console: console)
        if migrateOnly {
            await records?.close()
            return
        }
        do {
            let studio = try await Studio(
                configuration: StudioConfiguration(
                    dataDirectory: data, startingCredits: startingCredits, creditsPerTurn: creditsPerTurn,
                    silentTurnShare: min(max(silentShare, 0), 1), measuresPicture: BackendFactory.measuresPicture(environment),
                    x264Preset: try BackendFactory.x264Preset(environment),
                    fullQualityReport: BackendFactory.fullQualityReport(environment)
                ), records: records)
            for (number, token) in tokens.enumerated() {
                try await studio.registerToken(token, userID: "user-\(number + 1)")
            }
            let server = try StudioServer(
                studio: studio,
                configuration: ServerConfiguration(
                    host: host, port: port, secret: secret, stepPacing: .milliseconds(max(0, stepPacing)), stampEvents: stampEvents,
                    maximumConnections: max(1, maxConnections), maximumConnectionsPerAddress: max(1, maxConnectionsPerAddress),
                    allowsURLUploads: allowURLUploads
                ))
            let shownHost = host.contains(":") ? "[\(host)]" : host
            // Told to stop: the encoders end first (their renders are taken over by the next
            // start), then the server stops accepting and answers the requests in flight, for
            // at most ten seconds.
            let stop = ServerStop()
            let running = Task {
                try await server.run(stop: stop) { port in
                    console.print("Local studio listening on http://\(shownHost):\(port) (data in \(data.path))")
                }
            }
            ProcessSignals.shared.onStop = { _ in
                await studio.shutdown()
                await stop.request()
                let deadline = Task {
                    try await Task.sleep(for: .seconds(10))
                    running.cancel()
                }
                _ = await running.result
                deadline.cancel()
            }
            try await running.value
            if let signal = ProcessSignals.shared.stopSignal { throw ExitCode(128 + signal) }
        } catch let error as StudioError {
            throw CommandFailure(error.description, status: 1)
        } catch let error as ServerConfigurationError {
            throw CommandFailure(error.description, status: 2)
        }
    }
}
