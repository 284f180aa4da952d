import Foundation
import Testing

extension Tag {
    /// Runs a real encoder (x264, the speech recogniser or a headless browser): seconds, not
    /// milliseconds, of both cores.
    @Tag public static var encodes: Self
    /// Drives the binary in a real terminal (tmux).
    @Tag public static var terminal: Self
    /// Talks HTTP to a server on 127.0.0.1, in this process or another.
    @Tag public static var network: Self
}

/// `swift test` has no switch to leave out a tag, so the tagged suites also carry
/// `.skippable(...)`: `SKILLSHELL_SKIP_TAGS=encodes,terminal swift test` runs everything else.
public enum TestScope {
    static let named: [String: Tag] = ["encodes": .encodes, "terminal": .terminal, "network": .network]

    /// The tags `SKILLSHELL_SKIP_TAGS` names (comma-separated).
    public static let skipped: Set<Tag> = Set(
        (ProcessInfo.processInfo.environment["SKILLSHELL_SKIP_TAGS"] ?? "").split(separator: ",").compactMap {
            named[$0.trimmingCharacters(in: .whitespaces).lowercased()]
        })
}

extension Trait where Self == ConditionTrait {
    /// Enabled unless `SKILLSHELL_SKIP_TAGS` names one of `tags`.
    public static func skippable(_ tags: Tag...) -> Self {
        .enabled("SKILLSHELL_SKIP_TAGS leaves it out") { TestScope.skipped.isDisjoint(with: tags) }
    }
}
