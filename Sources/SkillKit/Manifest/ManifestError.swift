import Foundation

/// Why a `SKILL.md` could not be loaded.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the manifest.
    public enum Reason: Sendable, Equatable {
        case unreadable(String)
        case tooLarge(bytes: Int)
        case missingFrontmatter
        case unterminatedFrontmatter
        case invalidYAML(String)
        case notAMapping
        case missingField(String)
        case invalidName(String)
        case nameDiffersFromFolder(name: String, folder: String)
        case tooComplex
        case complexKey(line: Int)
    }

    /// The manifest file.
    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reasonText)" }

    /// The reason alone, as one sentence with the fix.
    public var reasonText: String {
        switch reason {
        case .unreadable(let detail):
            return "the file cannot be read (\(detail))."
        case .tooLarge(let bytes):
            return "the file is \(bytes) bytes; a manifest may be at most \(ManifestLoader.maximumBytes) bytes."
        case .missingFrontmatter:
            return "no YAML frontmatter; start the file with a line '---', the fields, and another '---'."
        case .unterminatedFrontmatter:
            return "the frontmatter never ends; close it with a line '---'."
        case .invalidYAML(let detail):
            return "the frontmatter is not valid YAML (\(detail))."
        case .notAMapping:
            return "the frontmatter must be a mapping of fields such as 'name:' and 'version:'."
        case .missingField(let field):
            return "the required field '\(field)' is missing or empty."
        case .invalidName(let name):
            return "the name '\(name)' is not valid; use lowercase letters, digits and single hyphens (at most 64)."
        case .nameDiffersFromFolder(let name, let folder):
            return "the name '\(name)' differs from its folder '\(folder)'; rename one so they match."
        case .complexKey(let line):
            return "line \(line) uses a list, a mapping or an alias as a key; keys must be plain words such as 'name:'."
        case .tooComplex:
            return "the frontmatter expands to too many values (aliases or nesting); simplify it."
        }
    }
}
