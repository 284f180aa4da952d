import Foundation

/// The XDG base folders, with their documented fallbacks.
public struct XDGPaths: Sendable {
    let environment: [String: String]
    public let home: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, home: URL? = nil) {
        self.environment = environment
        self.home = home ?? environment["HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil } ?? PathExpansion.home
    }

    /// `$XDG_STATE_HOME/skillshell`, else `~/.local/state/skillshell`: history and pending work.
    public var state: URL { base("XDG_STATE_HOME", ".local/state") }
    /// `$XDG_DATA_HOME/skillshell`, else `~/.local/share/skillshell`: the local studio's store.
    public var data: URL { base("XDG_DATA_HOME", ".local/share") }
    /// `$XDG_CONFIG_HOME/skillshell`, else `~/.config/skillshell`.
    public var config: URL { base("XDG_CONFIG_HOME", ".config") }

    private func base(_ variable: String, _ fallback: String) -> URL {
        // The spec says to ignore relative paths in these variables.
        if let value = environment[variable], value.hasPrefix("/") {
            return URL(fileURLWithPath: value).appendingPathComponent("skillshell")
        }
        return home.appendingPathComponent(fallback).appendingPathComponent("skillshell")
    }
}
