import Foundation

/// Why a `SKILL.md` could not be loaded: every problem found in it, in file order.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public typealias Reason = ManifestProblem.Kind

    /// The manifest file.
    public var file: String
    /// At least one problem.
    public var problems: [ManifestProblem]

    public init(file: String, problems: [ManifestProblem]) {
        self.file = file
        self.problems = problems.isEmpty ? [ManifestProblem(.notAMapping)] : problems
    }

    public init(file: String, reason: Reason, line: Int? = nil) {
        self.init(file: file, problems: [ManifestProblem(reason, line: line)])
    }

    /// The first problem's kind.
    public var reason: Reason { problems[0].kind }

    /// The name of the folder that holds the manifest: the name the skill would have.
    public var folderName: String { URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent }

    public var description: String { "\(file): \(reasonText)" }

    /// Every problem, joined into one paragraph ("line 2: …; line 5: …").
    public var reasonText: String {
        problems.map(\.description).joined(separator: " ")
    }

    /// One line per problem, compiler style: `path:LINE: sentence`.
    public var locatedLines: [String] {
        problems.map { problem in problem.line.map { "\(file):\($0): \(problem.sentence)" } ?? "\(file): \(problem.sentence)" }
    }
}
