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

    /// A process as its `stat` file shows it: cheap to read for every process, where the
    /// command line is not.
    public struct Link: Sendable {
        public var pid: Int32
        public var parent: Int32
        /// The program's short name (at most 15 bytes), as `ps` shows it.
        public var name: String
    }

    /// A snapshot; processes that end while it is taken are left out.
    public init() {
        self.init(Self.links())
    }

    /// A snapshot of `links` with their command lines; those that ended meanwhile are left out.
    public init(_ links: [Link]) {
        entries = links.compactMap { link in
            Self.arguments(of: link.pid).map { Entry(pid: link.pid, parent: link.parent, arguments: $0) }
        }
    }

    /// Every process's pid, parent and name, without reading command lines.
    public static func links() -> [Link] {
        // try?: no /proc listing reads as no processes; the callers' waits then time out and say so.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> Link? in
            guard let pid = Int32(name), let raw = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
            let stat = String(decoding: raw, as: UTF8.self)
            // "pid (name) state ppid ...": the name may hold spaces and parentheses.
            guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, let parent = Int32(fields[1]) else { return nil }
            return Link(pid: pid, parent: parent, name: String(stat[stat.index(after: open)..<close]))
        }
    }

    /// The command line of `pid`, argument by argument; `nil` once it has ended.
    public static func arguments(of pid: Int32) -> [String]? {
        guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        let arguments = raw.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        return arguments.last == "" ? Array(arguments.dropLast()) : arguments
    }

    /// Every process below `pid` in `links`, children first.
    public static func descendants(of pid: Int32, in links: [Link]) -> [Link] {
        var found: [Link] = []
        var parents: Set<Int32> = [pid]
        var grew = true
        while grew {
            grew = false
            for link in links where parents.contains(link.parent) && !parents.contains(link.pid) {
                found.append(link)
                parents.insert(link.pid)
                grew = true
            }
        }
        return found
    }

    /// The process running `executable` whose arguments contain `marker`.
    public func first(running executable: URL, with marker: String) -> Entry? {
        entries.first { $0.arguments.first == executable.path && $0.commandLine.contains(marker) }
    }

    /// Every process below `pid`, children first.
    public func descendants(of pid: Int32) -> [Entry] {
        let byPID = Dictionary(entries.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
        let links = entries.map { Link(pid: $0.pid, parent: $0.parent, name: "") }
        return Self.descendants(of: pid, in: links).compactMap { byPID[$0.pid] }
    }
}
