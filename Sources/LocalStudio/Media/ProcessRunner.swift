import Foundation
import Synchronization

/// Runs a command-line tool, with its output captured and Task cancellation ending the child.
enum ProcessRunner {
    /// What a finished process left behind.
    struct Result: Sendable {
        var status: Int32
        var standardOutput: Data
        var standardError: Data

        var errorText: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments`; each stdout line goes to `onLine` as it arrives.
    ///
    /// Cancelling the calling task terminates the child and throws `CancellationError`.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: URL? = nil,
        deadline: Duration? = nil,
        onStart: (@Sendable (Int32) -> Void)? = nil,
        onLine: (@Sendable (String) -> Void)? = nil
    ) async throws -> Result {
        guard let deadline else {
            return try await runToEnd(executable, arguments, in: directory, onStart: onStart, onLine: onLine)
        }
        // A tool that runs past its deadline (a stuck decoder, an input built to spin) is ended
        // like a cancelled one, and the caller hears why.
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await runToEnd(executable, arguments, in: directory, onStart: onStart, onLine: onLine) }
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
        onStart: (@Sendable (Int32) -> Void)?,
        onLine: (@Sendable (String) -> Void)?
    ) async throws -> Result {
        let collected = Collected()
        let child = try ChildProcess(
            executable, arguments, directory: directory, environment: childEnvironment(),
            standardOutput: { chunk in for line in collected.appendOutput(chunk) { onLine?(line) } },
            standardError: { chunk in collected.appendError(chunk) }
        )
        onStart?(child.pid)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                child.onExit { status in
                    for line in collected.appendOutput(Data(), flush: true) { onLine?(line) }
                    if collected.wasCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        continuation.resume(returning: Result(status: status, standardOutput: collected.output, standardError: collected.error))
                    }
                }
            }
        } onCancel: {
            collected.markCancelled()
            child.terminate()
        }
    }

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

/// Output gathered from the readability handlers, which run on other threads.
private final class Collected: Sendable {
    private struct State {
        var output = Data()
        var error = Data()
        var partialLine = Data()
        var cancelled = false
    }

    private let state = Mutex(State())

    var output: Data { state.withLock { $0.output } }
    var error: Data { state.withLock { $0.error } }
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

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

    func markCancelled() {
        state.withLock { $0.cancelled = true }
    }
}
