import Foundation
import SkillShellTestSupport
import Synchronization
import Testing

extension ShellSuite {
    /// A user token through whole sessions: it must not show up in any output, file, process
    /// argument list or child environment.
    @Suite(.tags(.encodes, .network), .skippable(.encodes)) struct SecretsTests {
        let skills = ShellBinary.packageRoot.appendingPathComponent("Skills").path
        let token = "nmv_usr_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()

        /// The session both runs go through: upload, an edit turn, status, two exports,
        /// credits, a skill switch and captions from speech (a Whisper child).
        static let script = """
            clip.mp4
            compress this video under 1MB for Discord upload
            status
            export
            credits
            /skill video-ai-discord
            add captions from the speech
            export 720p
            """ + "\n"

        @Test func theTokenNeverLeavesTheShellOrServe() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let outside = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: outside) }
            let tokenFile = outside.appendingPathComponent("tokens")
            #expect(FileManager.default.createFile(atPath: tokenFile.path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]))
            try await TestClips.copy(ClipSpec(width: 640, height: 360, fps: 30, seconds: 4, tone: 440), to: shell.home.appendingPathComponent("clip.mp4"))

            // Every tool the studio runs is found through PATH; a wrapper for each, first on PATH,
            // writes down its arguments and environment before it runs the real one. Polling
            // /proc as well catches anything started some other way.
            // (The speech recogniser runs from its own environment's Python, by path; the /proc
            // watcher below sees its command line and environment.)
            let tools = ["ffmpeg", "ffprobe"]
            let shims = outside.appendingPathComponent("bin")
            let toolLog = outside.appendingPathComponent("tools.log")
            try FileManager.default.createDirectory(at: shims, withIntermediateDirectories: true)
            for tool in tools {
                let real = try #require(["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(tool)" }.first(where: FileManager.default.isExecutableFile))
                let script = "#!/bin/sh\n{ echo \"== \(tool) $*\"; env; } >> '\(toolLog.path)'\nexec '\(real)' \"$@\"\n"
                let shim = shims.appendingPathComponent(tool)
                try script.write(to: shim, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.path)
            }
            let path = shims.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let withToken = ["NEMO_TOKEN": token, "PATH": path]

            let watcher = ProcessWatcher(marker: shell.home.path)
            watcher.start()
            var printed: [String] = []

            // 1. The shell as a cloud client (NEMO_TOKEN) of `serve`, which accepts that token
            // and was itself started with it in its environment, as an operator's shell would.
            let log = outside.appendingPathComponent("serve.log")
            let serve = try await ServeProcess.start(
                data: shell.home.appendingPathComponent("serve-data"), arguments: ["--token-file", tokenFile.path],
                environment: shell.environment(withToken), log: log)
            defer { serve.stop() }
            let address = serve.address
            watcher.watch(serve.processIdentifier)

            let cloud = try await shell.run(["--backend", address, "--skills-dir", skills, "--keep-going"], input: Self.script, environment: withToken)
            #expect(cloud.output.contains("✓ Fits under 1 MB"), "\(cloud.output)\n\(cloud.errors)")
            #expect(cloud.output.contains("Credits: 99 available."), "the registered token's user pays for the turn")
            printed += [cloud.output, cloud.errors]

            // 2. The shell on its embedded studio with NEMO_TOKEN set: its own encoders run.
            let local = try await shell.run(["--backend", "local", "--skills-dir", skills, "--keep-going"], input: Self.script, environment: withToken)
            #expect(local.output.contains("✓ Fits under 1 MB"), "\(local.output)\n\(local.errors)")
            printed += [local.output, local.errors]

            serve.stop()
            watcher.stop()
            printed.append(try String(contentsOf: log, encoding: .utf8))

            // Every tool ran, with neither the token in its arguments nor in its environment.
            let runs = try String(contentsOf: toolLog, encoding: .utf8)
            for tool in tools { #expect(runs.contains("== \(tool) "), "\(tool) never ran") }
            #expect(!runs.contains(token), "a tool was given the token (see \(toolLog.path))")
            #expect(runs.contains("HOME=\(shell.home.path)"), "the log has the tools' environments")

            // And every child /proc showed.
            let seen = watcher.seen
            #expect(seen.contains { $0.arguments.first?.hasSuffix("ffmpeg") == true }, "the watcher saw no encoder")
            // (Each check is a Bool first, so a failure does not print the whole environment.)
            let name = { (process: ProcessWatcher.Seen) in process.arguments.first ?? "?" }
            let inArguments = seen.filter { $0.commandLine.contains(token) }.map(name)
            let inEnvironment = seen.filter { $0.environment.contains(token) }.map(name)
            #expect(inArguments.isEmpty, "these children have the token in their arguments: \(inArguments)")
            #expect(inEnvironment.isEmpty, "these children inherited the token: \(inEnvironment)")

            // Everything printed and everything written under the home folder.
            #expect(printed.allSatisfy { !$0.contains(token) }, "the token was printed")
            var checked = 0
            for path in FileManager.default.subpaths(atPath: shell.home.path) ?? [] {
                let file = shell.home.appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                checked += 1
                #expect(data.range(of: Data(token.utf8)) == nil, "\(path) holds the token")
            }
            #expect(checked > 10, "only \(checked) files were written")
        }
    }
}

/// Watches /proc from its own thread and keeps every descendant of the watched processes (and
/// of any skillshell running in the folder `marker`), with its arguments and environment.
final class ProcessWatcher: Sendable {
    struct Seen: Sendable {
        var arguments: [String]
        var environment: String

        var commandLine: String { arguments.joined(separator: " ") }
    }

    private struct State {
        var roots: Set<Int32> = []
        var found: [Int32: Seen] = [:]
        var running = true
    }

    private let marker: String
    private let state = Mutex(State())

    init(marker: String) { self.marker = marker }

    func watch(_ pid: Int32) { state.withLock { _ = $0.roots.insert(pid) } }

    var seen: [Seen] { state.withLock { Array($0.found.values) } }

    func start() {
        Thread { [self] in
            while state.withLock({ $0.running }) {
                // Command lines are read only for the shells and what they started: a scan of every
                // process's command line, 50 times a second, cost the suite 8 CPU-seconds.
                let links = ProcessTable.links()
                let shells = links.filter {
                    $0.name == "skillshell" && ProcessTable.arguments(of: $0.pid)?.first == ShellBinary.url.path
                        // try?: a shell that ended meanwhile has no folder, and is not one to watch.
                        && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0.pid)/cwd")) == marker
                }.map(\.pid)
                let watched = state.withLock { $0.roots }.union(shells)
                for root in watched {
                    let below = ProcessTable(ProcessTable.descendants(of: root, in: links)).entries
                    for entry in below where state.withLock({ $0.found[entry.pid]?.arguments != entry.arguments }) {
                        // A process's environment is read once per program it runs (a spawn
                        // may be seen before its exec, so a new command line reads it again).
                        let environment =
                            FileManager.default.contents(atPath: "/proc/\(entry.pid)/environ")
                            .map { String(decoding: $0, as: UTF8.self) } ?? ""
                        state.withLock { $0.found[entry.pid] = Seen(arguments: entry.arguments, environment: environment) }
                    }
                }
                // Tools also log themselves through the PATH wrappers; this is the second net, and
                // every 20 ms still sees a probe that lives 50 ms.
                Thread.sleep(forTimeInterval: 0.02)
            }
        }.start()
    }

    func stop() {
        state.withLock { $0.running = false }
        Thread.sleep(forTimeInterval: 0.05)
    }
}
