import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process, told apart from a later one that reuses its pid by the time it started, and from
/// a process on another machine by that machine's boot id.
///
/// A render record names the studio process that runs it, so a second shell or server on the
/// same data folder leaves a live render alone and takes over only those whose process is gone.
/// API nodes on other machines sharing one database (`serve --database`) cannot look into each
/// other's processes, so a render owned on another machine is always left alone.
public struct ProcessIdentity: Codable, Sendable, Equatable {
    public var pid: Int32
    /// When it started, in clock ticks after boot (`/proc/PID/stat`, field 22); 0 where unknown.
    public var started: UInt64
    /// The boot id of its machine (`/proc/sys/kernel/random/boot_id`); `nil` in records made
    /// before it was noted, and where the system has none.
    public var machine: String?

    public init(pid: Int32, started: UInt64, machine: String? = ProcessIdentity.thisMachine) {
        self.pid = pid
        self.started = started
        self.machine = machine
    }

    /// This process.
    public static let current = ProcessIdentity(pid: getpid(), started: startTime(of: getpid()) ?? 0)

    /// This machine's boot id: the same for every process until the machine restarts.
    public static let thisMachine: String? = {
        // try?: no boot id (not Linux): processes are told apart by pid and start time alone.
        let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
        return text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }()

    /// Whether the process still runs (a zombie has ended; a reused pid is another process). A
    /// process of another machine (or of this one before it restarted) cannot be looked at:
    /// it counts as running, and its render is not taken over.
    public var isRunning: Bool {
        if let machine, let here = Self.thisMachine, machine != here { return true }
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = Self.stat(of: pid) else { return started == 0 }  // no /proc: kill's answer stands
        guard stat.state != "Z" else { return false }
        return started == 0 || stat.started == started
    }

    static func startTime(of pid: Int32) -> UInt64? {
        stat(of: pid)?.started
    }

    /// The state letter and start time from `/proc/PID/stat`: "pid (name) state ppid …", where
    /// the name may hold spaces and parentheses.
    private static func stat(of pid: Int32) -> (state: Substring, started: UInt64)? {
        // try?: no stat file: the process is gone.
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (the state), so field 22 is fields[19].
        guard fields.count > 19, let started = UInt64(fields[19]) else { return nil }
        return (fields[0], started)
    }
}
