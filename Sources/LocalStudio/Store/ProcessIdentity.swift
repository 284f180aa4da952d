import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process, told apart from a later one that reuses its pid by the time it started.
///
/// A render record names the studio process that runs it, so a second shell or server on the
/// same data folder leaves a live render alone and takes over only those whose process is gone.
public struct ProcessIdentity: Codable, Sendable, Equatable {
    public var pid: Int32
    /// When it started, in clock ticks after boot (`/proc/PID/stat`, field 22); 0 where unknown.
    public var started: UInt64

    /// This process.
    public static let current = ProcessIdentity(pid: getpid(), started: startTime(of: getpid()) ?? 0)

    /// Whether the process still runs (a zombie has ended; a reused pid is another process).
    public var isRunning: Bool {
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
