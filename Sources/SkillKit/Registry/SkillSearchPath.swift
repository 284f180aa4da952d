import Foundation

/// The folders searched for skills, earliest first; an earlier folder wins a name clash.
public struct SkillSearchPath: Sendable, Equatable {
    public var directories: [URL]

    public init(directories: [URL]) {
        self.directories = directories
    }

    /// The standard order: folders given on the command line, then `./Skills`, `./skills`,
    /// `~/.agents/skills`, `~/.clawhub/skills` and `~/.cursor/skills`.
    public static func standard(
        extra: [String] = [],
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        home: URL = PathExpansion.home
    ) -> SkillSearchPath {
        var directories = extra.map { path -> URL in
            let expanded = PathExpansion.expandTilde(path, home: home)
            return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : currentDirectory.appendingPathComponent(expanded)
        }
        directories += [
            currentDirectory.appendingPathComponent("Skills"),
            currentDirectory.appendingPathComponent("skills"),
            home.appendingPathComponent(".agents/skills"),
            home.appendingPathComponent(".clawhub/skills"),
            home.appendingPathComponent(".cursor/skills"),
        ]
        var seen = Set<String>()
        let unique = directories.map(\.standardizedFileURL).filter { seen.insert($0.resolvingSymlinksInPath().path).inserted }
        return SkillSearchPath(directories: unique)
    }
}

/// Small helpers for paths as people type them.
public enum PathExpansion {
    /// The user's home: `$HOME` when set (as every shell and tool honours it), else the
    /// account's home from the password database.
    public static var home: URL {
        if let value = ProcessInfo.processInfo.environment["HOME"], value.hasPrefix("/") {
            return URL(fileURLWithPath: value)
        }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    /// Replaces a leading `~` or `~/` with the home folder.
    public static func expandTilde(_ path: String, home: URL = PathExpansion.home) -> String {
        if path == "~" { return home.path }
        if path.hasPrefix("~/") { return home.path + "/" + path.dropFirst(2) }
        return path
    }
}
