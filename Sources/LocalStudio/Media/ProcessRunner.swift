import Foundation
import SkillKit
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a command-line tool, with its output captured and Task cancellation ending the child.
///
/// Tools start through swift-subprocess, which gives the child what a tool that must always be
/// stoppable needs (checked in its 1.0.2 source, and by ProcessRunnerTests): every signal back
/// to its default and none blocked, whatever the spawning thread had (Swift's worker threads
/// block nearly all, and a recogniser that inherited that once ran on after Ctrl-C); no
/// descriptor above stderr; standard input from /dev/null. Each tool gets a process group of its
/// own, so Ctrl-C in the terminal reaches only the shell, which decides what to stop, and a stop
/// reaches everything the tool started.
enum ProcessRunner {
    /// What a finished process left behind.
    struct Result: Sendable {
        var status: Int32
        var standardOutput: Data
        var standardError: Data

        var errorText: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// How long a stopped tool gets to end on SIGTERM before its group is killed. A task-local
    /// value, so a test can shorten it for the tools it starts.
    @TaskLocal static var graceBeforeKill: Duration = .seconds(3)

    /// Runs `executable` with `arguments`; each stdout line goes to `onLine` as it arrives.
    /// `standardInput`, when given, is the tool's standard input instead of /dev/null, and this
    /// process's copy of it is closed once the tool has started or could not start.
    ///
    /// Cancelling the calling task terminates the child and throws `CancellationError`.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: URL? = nil,
        deadline: Duration? = nil,
        standardInput: ToolPipe.End? = nil,
        onStart: (@Sendable (Int32) -> Void)? = nil,
        onLine: (@Sendable (String) -> Void)? = nil
    ) async throws -> Result {
        defer { standardInput?.close() }
        guard let deadline else {
            return try await runToEnd(executable, arguments, in: directory, standardInput: standardInput, onStart: onStart, onLine: onLine)
        }
        // A tool that runs past its deadline (a stuck decoder, an input built to spin) is ended
        // like a cancelled one, and the caller hears why.
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await runToEnd(executable, arguments, in: directory, standardInput: standardInput, onStart: onStart, onLine: onLine) }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw ToolDeadline(tool: URL(fileURLWithPath: executable).lastPathComponent, seconds: Int(deadline.components.seconds))  // checked: a Duration's whole seconds
            }
            return result
        }
    }

    /// A tool that did not finish in its time.
    struct ToolDeadline: Error, CustomStringConvertible {
        var tool: String
        var seconds: Int
        var description: String { "\(tool) did not finish within \(seconds) s and was stopped." }
    }

    private static func runToEnd(
        _ executable: String,
        _ arguments: [String],
        in directory: URL?,
        standardInput: ToolPipe.End?,
        onStart: (@Sendable (Int32) -> Void)?,
        onLine: (@Sendable (String) -> Void)?
    ) async throws -> Result {
        // (`run` closes `standardInput` once this returns or throws, or if it never starts.)
        if let standardInput, standardInput.current == nil {
            throw RenderFailure("\(PathText.lastComponent(executable)) could not be given its input, which was already closed.")
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        // On a cancel: SIGTERM to the tool's group, then SIGKILL to the group after the grace.
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: graceBeforeKill)]
        let environment = Dictionary(
            uniqueKeysWithValues: childEnvironment().compactMap { key, value in
                Environment.Key(rawValue: key).map { ($0, value) }
            })
        let collected = Collected()
        let outcome: ExecutionResult<Void, SequenceOutput, SequenceOutput>
        do {
            func body<Input: InputProtocol>(_ execution: Execution<Input, SequenceOutput, SequenceOutput>) async throws {
                // The tool has its own copy now; this one would keep a pipe from ever ending.
                standardInput?.close()
                let pid = execution.processIdentifier.value
                // Listed only while the tool is certainly not reaped yet (the runner reaps it after
                // this closure returns), so ``ToolGroup/killAll()`` never signals a recycled pid.
                let group = Self.group
                group?.insert(pid)
                defer { group?.remove(pid) }
                onStart?(pid)
                @Sendable func readErrors() async throws {
                    for try await chunk in execution.standardError { collected.appendError(Data(buffer: chunk)) }
                }
                async let errors: Void = readErrors()
                for try await chunk in execution.standardOutput {
                    for line in collected.appendOutput(Data(buffer: chunk)) { onLine?(line) }
                }
                try await errors
                for line in collected.appendOutput(Data(), flush: true) { onLine?(line) }
            }
            let executable = Executable.path(FilePath(executable))
            let workingDirectory = directory.map { FilePath($0.path) }
            if let descriptor = standardInput?.current {
                outcome = try await Subprocess.run(
                    executable, arguments: Arguments(arguments), environment: .custom(environment), workingDirectory: workingDirectory,
                    platformOptions: options, input: .fileDescriptor(descriptor, closeAfterSpawningProcess: false), output: .sequence, error: .sequence,
                    body: body)
            } else {
                outcome = try await Subprocess.run(
                    executable, arguments: Arguments(arguments), environment: .custom(environment), workingDirectory: workingDirectory,
                    platformOptions: options, input: .none, output: .sequence, error: .sequence, body: body)
            }
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            throw RenderFailure(startFailure(executable, directory: directory, error))
        }
        // A cancel ends the tool through the teardown above; its output then ends normally, so the
        // cancel is reported here.
        try Task.checkCancellation()
        let status: Int32
        switch outcome.terminationStatus {
        case .exited(let code): status = code
        case .signaled(let signal): status = 128 + signal
        }
        return Result(status: status, standardOutput: collected.output, standardError: collected.error)
    }

    /// The sentence for a tool that could not be started.
    private static func startFailure(_ executable: String, directory: URL?, _ error: SubprocessError) -> String {
        let name = PathText.lastComponent(executable)
        let reason = error.underlyingError.map { " (\(String(cString: strerror($0.rawValue))))" } ?? ""
        if error.code == .failedToChangeWorkingDirectory, let directory {
            return "\(name) could not be started in \(directory.path)\(reason)."
        }
        return "\(name) could not be started\(reason)."
    }

    // MARK: Groups

    /// The group the tools started by the current task belong to: a studio sets its own around
    /// the work it does, so its ``Studio/shutdown()`` ends its tools and no one else's.
    @TaskLocal static var group: ToolGroup?

    /// Variables that hold secrets; never passed on, even if a pattern below would match.
    static let secretVariables: Set<String> = ["NEMO_TOKEN", "SKILLSHELL_SERVER_SECRET"]

    /// What a tool may see of this process's environment: where to find programs and write
    /// caches, the locale and time zone, and fontconfig's and OpenBLAS's settings. Nothing else
    /// (tokens, cloud credentials, a server's settings) reaches ffmpeg or a recogniser.
    static let allowedVariables: Set<String> = [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM",
        "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
    ]

    /// The environment a tool starts with: ``allowedVariables`` and the `LC_*` locale settings.
    static func childEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { key, _ in
            !secretVariables.contains(key) && (allowedVariables.contains(key) || key.hasPrefix("LC_"))
        }
    }

    /// The first of `names` found on PATH (or in the usual folders).
    static func locate(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        // Spelled out as Strings: `split(...) + ["/usr/bin"]` infers arrays of Characters, and
        // "\(folder)" then printed as ["/", "o", "p", "t"]: PATH was never searched.
        let folders: [String] = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for folder in folders where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Output gathered while the tool runs: lines of stdout as they complete, both streams bounded.
private final class Collected: Sendable {
    private struct State {
        var output = Data()
        var error = Data()
        var partialLine = Data()
    }

    private let state = Mutex(State())

    var output: Data { state.withLock { $0.output } }
    var error: Data { state.withLock { $0.error } }

    /// Adds a chunk of standard output; returns the lines it completes.
    func appendOutput(_ chunk: Data, flush: Bool = false) -> [String] {
        state.withLock { state in
            state.output.append(chunk)
            // Keep memory bounded for chatty tools: only lines matter once read.
            if state.output.count > 1 << 20 { state.output = state.output.suffix(1 << 16) }
            state.partialLine.append(chunk)
            var lines: [String] = []
            while let newline = state.partialLine.firstIndex(of: 0x0A) {
                lines.append(String(decoding: state.partialLine[state.partialLine.startIndex..<newline], as: UTF8.self))
                state.partialLine = state.partialLine[(newline + 1)...]
            }
            if flush, !state.partialLine.isEmpty {
                lines.append(String(decoding: state.partialLine, as: UTF8.self))
                state.partialLine = Data()
            }
            return lines
        }
    }

    func appendError(_ chunk: Data) {
        state.withLock { state in
            state.error.append(chunk)
            if state.error.count > 1 << 20 { state.error = state.error.suffix(1 << 16) }
        }
    }
}

/// The tools one owner started and that are still running.
final class ToolGroup: Sendable {
    private let pids = Mutex<Set<pid_t>>([])

    func insert(_ pid: pid_t) { pids.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { pids.withLock { _ = $0.remove(pid) } }

    /// Ends every tool of the group still running, at once, with everything each started.
    func killAll() {
        pids.withLock { pids in
            for pid in pids { kill(-pid, SIGKILL) }
        }
    }
}
