import Foundation

/// The machine's processes as /proc shows them: who runs what, under which parent.
public struct ProcessTable {
    /// Whether `pid` is alive; a zombie has ended (in a container nobody may reap orphans).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    public struct Entry: Sendable {
        public var pid: Int32
        public var parent: Int32
        /// The command line, argument by argument.
        public var arguments: [String]

        public var commandLine: String { arguments.joined(separator: " ") }
    }

    public let entries: [Entry]

    /// A snapshot; processes that end while it is taken are left out.
    public init() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        entries = names.compactMap { name -> Entry? in
            guard let pid = Int32(name),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // "pid (name) state ppid ...": the name may hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = Int32(fields[1]),
                let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { return nil }
            let arguments = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            return Entry(pid: pid, parent: parent, arguments: arguments.last == "" ? Array(arguments.dropLast()) : arguments)
        }
    }

    /// The process running `executable` whose arguments contain `marker`.
    public func first(running executable: URL, with marker: String) -> Entry? {
        entries.first { $0.arguments.first == executable.path && $0.commandLine.contains(marker) }
    }

    /// Every process below `pid`, children first.
    public func descendants(of pid: Int32) -> [Entry] {
        var found: [Entry] = []
        var parents: Set<Int32> = [pid]
        var grew = true
        while grew {
            grew = false
            for entry in entries where parents.contains(entry.parent) && !parents.contains(entry.pid) {
                found.append(entry)
                parents.insert(entry.pid)
                grew = true
            }
        }
        return found
    }
}
