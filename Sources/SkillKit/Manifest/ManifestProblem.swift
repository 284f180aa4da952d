import Foundation

/// One thing wrong with a `SKILL.md`, with the line of the file it is on when known.
public struct ManifestProblem: Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        case unreadable(String)
        case tooLarge(bytes: Int)
        case missingFrontmatter
        case unterminatedFrontmatter
        case invalidYAML(String)
        case notAMapping
        case missingField(String)
        /// A field that must be text is a list or a mapping.
        case notText(field: String)
        case invalidName(String)
        case nameDiffersFromFolder(name: String, folder: String)
        case descriptionTooLong(characters: Int)
        case compatibilityTooLong(characters: Int)
        /// `metadata` is not a mapping of keys to values.
        case metadataNotAMapping
        case tooComplex
        case complexKey
    }

    public var kind: Kind
    /// The 1-based line of the file (not of the frontmatter), when the problem has one.
    public var line: Int?

    public init(_ kind: Kind, line: Int? = nil) {
        self.kind = kind
        self.line = line
    }

    /// The longest description and compatibility note the Agent Skills specification allows.
    public static let maximumDescription = 1_024
    public static let maximumCompatibility = 500

    /// Whether a lenient reader (the default for discovery) loads the skill anyway, with a
    /// warning: the skill still works, it only breaks a rule of form.
    public var isCosmetic: Bool {
        switch kind {
        case .nameDiffersFromFolder, .descriptionTooLong: return true
        default: return false
        }
    }

    /// "line 3: the name …", or the sentence alone when there is no line.
    public var description: String { line.map { "line \($0): \(sentence)" } ?? sentence }

    /// The problem as one sentence with the fix.
    public var sentence: String {
        switch kind {
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
            return "the frontmatter must be a mapping of fields such as 'name:' and 'description:'."
        case .missingField(let field):
            return "the required field '\(field)' is missing or empty."
        case .notText(let field):
            return "'\(field)' must be text, not a list or a mapping."
        case .invalidName(let name):
            return "the name '\(name)' is not valid; use 1 to 64 lowercase letters, digits and single hyphens, not starting or ending with a hyphen."
        case .nameDiffersFromFolder(let name, let folder):
            return "the name '\(name)' differs from its folder '\(folder)'; rename one so they match."
        case .descriptionTooLong(let characters):
            return "the description has \(characters) characters; the limit is \(Self.maximumDescription), so shorten it."
        case .compatibilityTooLong(let characters):
            return "'compatibility' has \(characters) characters; the limit is \(Self.maximumCompatibility), so shorten it."
        case .metadataNotAMapping:
            return "'metadata' must be a mapping of keys to values (for example 'metadata:' then '  author: me')."
        case .complexKey:
            return "a list, a mapping or an alias is used as a key; keys must be plain words such as 'name:'."
        case .tooComplex:
            return "the frontmatter expands to too many values (aliases or nesting); simplify it."
        }
    }
}
