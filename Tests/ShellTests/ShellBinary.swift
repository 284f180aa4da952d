import Foundation

/// The built `skillshell` binary and a private home to run it in.
struct ShellBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Beside the test bundle, where `swift build --build-tests` puts it.
    static var url: URL {
        if let custom = ProcessInfo.processInfo.environment["SKILLSHELL_BIN"] { return URL(fileURLWithPath: custom) }
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleFolder, packageRoot.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("skillshell") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? packageRoot.appendingPathComponent(".build/debug/skillshell")
    }

    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("shell-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: home)
    }

    /// The environment of a fresh user: a private home, no token, no colour preferences.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["NEMO_TOKEN", "SKILL_SOURCE", "NO_COLOR", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "SKILLSHELL_DATA_DIR"] {
            environment[key] = nil
        }
        environment["HOME"] = home.path
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        return environment.merging(extra) { $1 }
    }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Starts the binary in the home folder with `input` written to its standard input, which
    /// stays open (the session waits for more), for tests that stop it part-way.
    func launch(_ arguments: [String], input: String) throws -> Process {
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
    func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        try run(arguments, bytes: Data(input.utf8), environment: extra, in: directory)
    }

    /// Runs the binary with raw bytes on its standard input.
    func run(_ arguments: [String], bytes input: Data, environment extra: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment(extra)
        process.currentDirectoryURL = directory ?? home
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors, as: UTF8.self))
    }
}
