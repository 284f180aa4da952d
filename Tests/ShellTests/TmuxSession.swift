import Foundation
import SkillShellTestSupport

/// The shell in a real terminal: tmux runs it; keys go in with send-keys, the screen comes
/// back with capture-pane.
final class TmuxSession {
    let socket = "skillshell-test-\(UUID().uuidString.prefix(8))"
    let name = "shell"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// Starts `command` in a detached 120x40 terminal; the exit status is printed when it ends.
    init(command: [String], environment: [String: String]) throws {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let exports = environment.filter { Self.passedOn.contains($0.key) || $0.key.hasPrefix("XDG_") }
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try tmux([
            "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
            "env -i TERM=xterm-256color \(exports) \(quoted); echo \"[exited $?]\"; sleep 30",
        ])
    }

    /// The variables the shell sees; the terminal starts from an empty environment otherwise.
    static let passedOn: Set<String> = ["HOME", "PATH", "LANG", "LC_ALL", "NEMO_TOKEN", "NEMO_API_BASE"]

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The screen and its scrollback.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name, "-S", "-200"])
    }

    /// The last non-empty line on the screen.
    func currentLine() throws -> String {
        try screen().split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }).map(String.init) ?? ""
    }

    /// Waits until `condition` holds for the screen, or fails after `timeout`.
    @discardableResult
    func waitFor(_ description: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestFailure("timed out waiting for \(description); screen was:\n\(last)")
    }

    /// Waits like ``waitFor(_:timeout:_:)`` without blocking a thread, for async tests whose
    /// servers need the cooperative pool meanwhile.
    @discardableResult
    func waitFor(_ description: String, timeout: Duration = .seconds(20), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("timed out waiting for \(description); screen was:\n\(last)")
    }

    /// Closes the terminal, as closing its window would: its processes get SIGHUP.
    func close() {
        _ = try? tmux(["kill-server"])
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Runs tmux with posix_spawn and waitpid rather than Foundation's Process or the product's
    /// runner: the server that `new-session` forks inherits whatever the client holds, so its
    /// output goes to a file (a pipe would never see its end), and the session's methods stay
    /// synchronous for the tests that drive it.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Other tests' pipes must not live on in the tmux server, or their readers never see EOF.
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > 2 && fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // The server and the terminal's processes start with no blocked signals, as under a
        // login: a test's thread blocks nearly all, and a pane that inherited that would shrug
        // off the SIGHUP of a closed terminal.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = (["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, environ) == 0 else {
            throw TestFailure("tmux could not be started")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw TestFailure("tmux \(arguments.first ?? "") failed with status \(status)") }
        return (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }
}
