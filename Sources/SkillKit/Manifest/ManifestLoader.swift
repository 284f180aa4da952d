import Foundation
import Yams

/// Reads `SKILL.md` files: YAML frontmatter between `---` lines, then Markdown.
public enum ManifestLoader {
    /// The largest manifest accepted; real ones are a few kilobytes.
    public static let maximumBytes = 256 * 1024
    /// How many YAML values the frontmatter may expand to, aliases included.
    static let maximumNodes = 20_000

    /// Loads the manifest at `file` and checks that its name matches its folder.
    public static func load(from file: URL) throws(ManifestError) -> SkillManifest {
        let path = file.path
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maximumBytes {
                throw ManifestError(file: path, reason: .tooLarge(bytes: size))
            }
            data = try Data(contentsOf: file)
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(file: path, reason: .unreadable(error.localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: path, reason: .unreadable("not UTF-8 text"))
        }
        let folder = file.deletingLastPathComponent().lastPathComponent
        return try parse(text, file: path, folderName: folder)
    }

    /// Parses manifest text.
    ///
    /// - Parameter folderName: when given, the manifest's name must equal it.
    public static func parse(_ text: String, file: String, folderName: String? = nil) throws(ManifestError) -> SkillManifest {
        guard text.utf8.count <= maximumBytes else { throw ManifestError(file: file, reason: .tooLarge(bytes: text.utf8.count)) }
        let (yaml, yamlStart, body) = try splitFrontmatter(text, file: file)
        if let line = PlainKeyCheck.firstComplexKey(in: yaml) {
            throw ManifestError(file: file, reason: .complexKey(line: yamlStart + line - 1))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ManifestError(file: file, reason: .invalidYAML(firstLine(of: "\(error)")))
        }
        guard let root, case .mapping(let mapping) = root else {
            throw ManifestError(file: file, reason: .notAMapping)
        }

        func scalarText(_ key: String) -> String? {
            guard let node = mapping[key], case .scalar(let scalar) = node else { return nil }
            let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }

        guard let name = scalarText("name") else { throw ManifestError(file: file, reason: .missingField("name")) }
        guard isValidName(name) else { throw ManifestError(file: file, reason: .invalidName(name)) }
        if let folderName, folderName != name {
            throw ManifestError(file: file, reason: .nameDiffersFromFolder(name: name, folder: folderName))
        }
        guard let version = scalarText("version") else { throw ManifestError(file: file, reason: .missingField("version")) }
        guard let description = scalarText("description") else {
            throw ManifestError(file: file, reason: .missingField("description"))
        }

        var budget = maximumNodes
        let metadata: JSONValue
        if let node = mapping["metadata"] {
            guard let converted = convert(node, budget: &budget) else {
                throw ManifestError(file: file, reason: .tooComplex)
            }
            metadata = converted
        } else {
            metadata = .object([:])
        }
        return SkillManifest(name: name, version: version, description: description, metadata: metadata, body: body)
    }

    /// Whether `name` is a valid skill name: lowercase words joined by single hyphens.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The YAML, the file's line number of its first line, and the Markdown body.
    private static func splitFrontmatter(_ text: String, file: String) throws(ManifestError) -> (yaml: String, firstLine: Int, body: String) {
        var content = Substring(text)
        if content.first == "\u{FEFF}" { content = content.dropFirst() }
        // "\r\n" is one Character in Swift, so split on any line break rather than on "\n".
        var lines = content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        let blank = lines.prefix { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        lines.removeFirst(blank)
        guard let opening = lines.first, opening.trimmingCharacters(in: .whitespaces) == "---" else {
            throw ManifestError(file: file, reason: .missingFrontmatter)
        }
        guard let closing = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingCharacters(in: .whitespaces)
            return line == "---" || line == "..."
        }) else {
            throw ManifestError(file: file, reason: .unterminatedFrontmatter)
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (yaml, blank + 2, body)
    }

    /// Converts a YAML node, spending one unit of `budget` per value so alias bombs stop early.
    private static func convert(_ node: Node, budget: inout Int) -> JSONValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
                return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key, let converted = convert(value, budget: &budget) else { return nil }
                members[keyScalar.string] = converted
            }
            return .object(members)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                guard let converted = convert(item, budget: &budget) else { return nil }
                items.append(converted)
            }
            return .array(items)
        case .alias:
            return nil
        }
    }

    private static func firstLine(of text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(160)) + "…" : line
    }
}
