import Foundation
import SkillKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tool started with `posix_spawn` in a clean state, so it can always be stopped.
///
/// Foundation's `Process` hands the child the signal mask of whichever thread spawned it, and
/// Swift's worker threads block nearly every signal: a recogniser started that way never saw
/// the SIGTERM of a cancel and ran on after Ctrl-C. Here the child starts with no blocked
/// signals, default handling of every signal and its own process group (so Ctrl-C in the
/// terminal reaches the shell, which decides what to stop), with only its three standard
/// descriptors open.
///
/// swift-subprocess 1.0.2 (checked 2026-11-28) now does the same in its child: every signal
/// back to its default, an empty mask, its own group (`processGroupID`), descriptors above
/// stderr closed, and a SIGTERM-then-SIGKILL `teardownSequence`. This type stays until the
/// runner (line-by-line output, deadlines, the pid for the orphan record) moves onto it.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let state = Mutex(State())

    private struct State {
        /// Set once the child has ended, before it is reaped.
        var exited = false
        /// Set once it is reaped and its output drained.
        var status: Int32?
        var finished: (@Sendable (Int32) -> Void)?
    }

    /// How long a stopped child gets to end on SIGTERM before it is killed.
    static let graceBeforeKill: Duration = .seconds(3)

    /// Starts `executable`; stdout and stderr chunks go to the handlers, on their own threads,
    /// until the child closes them.
    init(
        _ executable: String, _ arguments: [String], directory: URL?, environment: [String: String],
        standardOutput: @escaping @Sendable (Data) -> Void, standardError: @escaping @Sendable (Data) -> Void
    ) throws {
        let output = try Self.makePipe()
        let errors: (read: Int32, write: Int32)
        do { errors = try Self.makePipe() } catch { close(output.read); close(output.write); throw error }
        let nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            close(output.write)
            close(errors.write)
            if nullDevice >= 0 { close(nullDevice) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, nullDevice >= 0 ? nullDevice : 0, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        SpawnExtras.closeFrom(3, &actions)
        if let directory {
            guard SpawnExtras.changeDirectory(directory.path, &actions) else {
                close(output.read); close(errors.read)
                throw RenderFailure("\(PathText.lastComponent(executable)) could not be started in \(directory.path).")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        SpawnExtras.startClean(&attributes, inOwnGroup: true)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(output.read); close(errors.read)
            throw RenderFailure("\(PathText.lastComponent(executable)) could not be started (\(String(cString: strerror(result)))).")
        }
        pid = child
        Self.running.withLock { _ = $0.insert(child) }

        // Two readers and a waiter, each on its own thread: they block, and the cooperative
        // pool must not. The exit is reported once both streams are drained.
        let drained = DispatchGroup()
        for (descriptor, handler) in [(output.read, standardOutput), (errors.read, standardError)] {
            drained.enter()
            Thread.detachNewThread {
                Self.drain(descriptor, into: handler)
                drained.leave()
            }
        }
        Thread.detachNewThread { [self] in
            let status = waitForExit()
            drained.wait()
            let finished = state.withLock { state in
                state.status = status
                defer { state.finished = nil }
                return state.finished
            }
            finished?(status)
        }
    }

    /// Calls `body` with the exit status once the child has ended and its output is read
    /// (at once if that has already happened).
    func onExit(_ body: @escaping @Sendable (Int32) -> Void) {
        let status: Int32? = state.withLock { state in
            if let status = state.status { return status }
            state.finished = body
            return nil
        }
        if let status { body(status) }
    }

    /// Asks the child (and anything it started in its group) to end, and kills it if it has
    /// not within ``graceBeforeKill``.
    func terminate() {
        guard signal(SIGTERM) else { return }
        Task.detached { [self] in
            try? await Task.sleep(for: Self.graceBeforeKill)  // cancelled: SIGKILL at once, as intended
            signal(SIGKILL)
        }
    }

    /// Sends `number` to the child's process group while the child is not yet reaped, so a
    /// recycled pid is never signalled; `false` once it has ended.
    @discardableResult
    private func signal(_ number: Int32) -> Bool {
        state.withLock { state in
            guard !state.exited else { return false }
            kill(-pid, number)
            return true
        }
    }

    /// Waits for the child without reaping it, marks it ended, then reaps it: between the two,
    /// ``signal(_:)`` and ``killAll()`` see it ended and leave the pid alone.
    private func waitForExit() -> Int32 {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        state.withLock { $0.exited = true }
        Self.running.withLock { _ = $0.remove(pid) }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let code = raw & 0x7f
        return code == 0 ? (raw >> 8) & 0xff : 128 + code
    }

    private static func drain(_ descriptor: Int32, into handler: @Sendable (Data) -> Void) {
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                handler(Data(buffer[0..<count]))
            } else if count == 0 || errno != EINTR {
                return
            }
        }
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw RenderFailure("no pipe for a tool's output (\(String(cString: strerror(errno)))).")
        }
        // A tool spawned on another thread in between could still inherit these two; the
        // children's close-from action (``SpawnExtras/closeFrom(_:_:)``) closes them there.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    // MARK: Every child

    private static let running = Mutex<Set<pid_t>>([])

    /// Ends every tool still running, at once: for ``Studio/shutdown()`` when the process is
    /// ending, so no encoder or recogniser is left behind.
    static func killAll() {
        running.withLock { pids in
            for pid in pids { kill(-pid, SIGKILL) }
        }
    }
}
