import Foundation

/// The built `skillshell` binary and a private home to run it in.
public struct ShellBinary: Sendable {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Beside the test bundle, where `swift build --build-tests` puts it.
    /// Found once a run (a process watcher compares every process against it, 50 times a second).
    public static let url: URL = {
        if let custom = ProcessInfo.processInfo.environment["SKILLSHELL_BIN"] { return URL(fileURLWithPath: custom) }
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleFolder, packageRoot.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("skillshell") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? packageRoot.appendingPathComponent(".build/debug/skillshell")
    }()

    public let home: URL

    public init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("shell-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    public func cleanUp() {
        try? FileManager.default.removeItem(at: home)
    }

    /// The environment of a fresh user: a private home, no token, no colour preferences.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NEMO_TOKEN", "SKILL_SOURCE", "NO_COLOR", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "SKILLSHELL_DATA_DIR"] {
            environment[key] = nil
        }
        environment["HOME"] = home.path
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        // No test of the binary asserts on the SSIM report or the chroma offset's choice.
        for key in ["SKILLSHELL_MEASURE_PICTURE", "SKILLSHELL_X264_PRESET"] { environment[key] = nil }
        return TestEncoding.applied(to: environment.merging(extra) { $1 })
    }

    public typealias Result = Tool.Result

    /// Starts the binary in the home folder with `input` written to its standard input, which
    /// stays open (the session waits for more), for tests that stop it part-way.
    public func launch(_ arguments: [String], input: String) throws -> Process {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment()
        process.currentDirectoryURL = home
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pipe.fileHandleForWriting.write(Data(input.utf8))
        return process
    }

    /// Runs the binary to completion with `input` on its standard input.
    public func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:], in directory: URL? = nil) async throws -> Result {
        try await run(arguments, bytes: Data(input.utf8), environment: extra, in: directory)
    }

    /// Runs the binary with raw bytes on its standard input.
    public func run(_ arguments: [String], bytes input: Data, environment extra: [String: String] = [:], in directory: URL? = nil) async throws -> Result {
        try await offPool { try runBlocking(arguments, bytes: input, environment: extra, in: directory) }
    }

    private func runBlocking(_ arguments: [String], bytes input: Data, environment extra: [String: String], in directory: URL?) throws -> Result {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment(extra)
        process.currentDirectoryURL = directory ?? home
        return try Tool.collect(process, input: input)
    }
}

/// `skillshell serve` as its own process on 127.0.0.1 at a free port, its output in a log file.
public final class ServeProcess: Sendable {
    public let process: Process
    public let port: Int
    public let log: URL

    public var address: String { "http://127.0.0.1:\(port)" }
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Starts `serve` over `data` and waits (up to 30 s) for the address it prints.
    public static func start(data: URL, arguments extra: [String] = [], environment: [String: String]? = nil, log: URL? = nil) async throws -> ServeProcess {
        try await offPool { try startBlocking(data: data, arguments: extra, environment: environment, log: log) }
    }

    private static func startBlocking(data: URL, arguments extra: [String], environment: [String: String]?, log: URL?) throws -> ServeProcess {
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let log = log ?? data.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)  // FileHandle below says why if it could not
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }  // the child keeps its own copy
        let process = Process()
        process.executableURL = ShellBinary.url
        process.arguments = ["serve", "--port", "0", "--data-dir", data.path] + extra
        process.environment = TestEncoding.applied(to: environment ?? ProcessInfo.processInfo.environment)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // (The address it listens on, not a database's that may be printed before it.)
            if let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression), let port = Int(text[range].split(separator: ":")[2]) {
                return ServeProcess(process: process, port: port, log: log)
            }
            usleep(20_000)
        }
        if process.isRunning { process.terminate() }
        throw TestFailure("serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    private init(process: Process, port: Int, log: URL) {
        self.process = process
        self.port = port
        self.log = log
    }

    /// Sends `signal` and waits for the process to end; returns its status.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
