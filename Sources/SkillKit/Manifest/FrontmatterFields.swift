import Foundation
import Yams

/// Reads the fields of a parsed frontmatter by the Agent Skills rules, noting every problem with
/// its line in the file.
struct FrontmatterFields {
    /// How many YAML values the frontmatter may expand to, aliases included.
    static let maximumNodes = 20_000

    private var values: [String: Node] = [:]
    private var keyLines: [String: Int] = [:]
    private var order: [String] = []
    private let firstLine: Int
    private var budget = FrontmatterFields.maximumNodes
    private(set) var problems: [ManifestProblem] = []

    /// - Parameter firstLine: the file's line number of the frontmatter's first line.
    init(mapping: Node.Mapping, firstLine: Int) {
        self.firstLine = firstLine
        for (key, value) in mapping {
            // Keys are plain scalars (PlainKeyCheck refused the rest before parsing).
            guard case .scalar(let scalar) = key else { continue }
            let name = scalar.string
            if values[name] == nil { order.append(name) }
            values[name] = value
            keyLines[name] = line(of: key)
        }
    }

    static let knownFields: Set<String> = ["name", "description", "version", "license", "compatibility", "allowed-tools", "metadata"]

    /// The manifest, or nil when a required field is missing or unusable; `problems` says why.
    mutating func manifest(folderName: String?, body: String) -> SkillManifest? {
        let name = text("name", required: true)
        if let name {
            if !ManifestLoader.isValidName(name) {
                note(.invalidName(name), at: "name")
            } else if let folderName, folderName != name {
                note(.nameDiffersFromFolder(name: name, folder: folderName), at: "name")
            }
        }
        let description = text("description", required: true)
        if let description, description.count > ManifestProblem.maximumDescription {
            note(.descriptionTooLong(characters: description.count), at: "description")
        }
        let version = text("version", required: false)
        let license = text("license", required: false)
        let compatibility = text("compatibility", required: false)
        if let compatibility, compatibility.count > ManifestProblem.maximumCompatibility {
            note(.compatibilityTooLong(characters: compatibility.count), at: "compatibility")
        }
        let tools = allowedTools()
        let metadata = metadataValue()
        var others: [String: JSONValue] = [:]
        for key in order where !Self.knownFields.contains(key) {
            guard let value = values[key] else { continue }
            guard let converted = convert(value) else {
                note(.tooComplex, at: key)
                continue
            }
            others[key] = converted
        }
        guard let name, let description, ManifestLoader.isValidName(name), !problems.contains(where: { !$0.isCosmetic }) else {
            return nil
        }
        return SkillManifest(
            name: name, version: version, description: description, license: license, compatibility: compatibility,
            allowedTools: tools, metadata: metadata, otherFields: others, body: body
        )
    }

    private func line(of node: Node) -> Int? {
        node.mark.map { firstLine + $0.line - 1 }
    }

    private mutating func note(_ kind: ManifestProblem.Kind, at key: String) {
        problems.append(ManifestProblem(kind, line: keyLines[key]))
    }

    /// A text field, trimmed; nil when absent, empty or null (noting it when required).
    private mutating func text(_ key: String, required: Bool) -> String? {
        guard let node = values[key] else {
            if required { problems.append(ManifestProblem(.missingField(key))) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            note(.notText(field: key), at: key)
            return nil
        }
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || node.tag.rawValue == Tag.Name.null.rawValue {
            if required { note(.missingField(key), at: key) }
            return nil
        }
        return trimmed
    }

    /// `allowed-tools`: "Read Bash(git:*)" as the specification writes it, or a YAML list.
    private mutating func allowedTools() -> [String] {
        guard let node = values["allowed-tools"] else { return [] }
        switch node {
        case .scalar(let scalar):
            return scalar.string.split(whereSeparator: { $0 == " " || $0 == "," || $0.isNewline }).map(String.init)
        case .sequence(let sequence):
            var tools: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    note(.notText(field: "allowed-tools"), at: "allowed-tools")
                    return []
                }
                tools.append(scalar.string)
            }
            return tools
        default:
            note(.notText(field: "allowed-tools"), at: "allowed-tools")
            return []
        }
    }

    /// `metadata`: a mapping, or (as some OpenClaw skills write it) a string holding a JSON object.
    private mutating func metadataValue() -> JSONValue {
        guard let node = values["metadata"] else { return .object([:]) }
        if case .scalar(let scalar) = node {
            if node.tag.rawValue == Tag.Name.null.rawValue { return .object([:]) }
            if let data = scalar.string.data(using: .utf8),
                let object = try? JSONDecoder().decode(JSONValue.self, from: data),  // not JSON: reported just below
                case .object = object
            {
                return object
            }
            note(.metadataNotAMapping, at: "metadata")
            return .object([:])
        }
        guard case .mapping = node else {
            note(.metadataNotAMapping, at: "metadata")
            return .object([:])
        }
        guard let converted = convert(node) else {
            note(.tooComplex, at: "metadata")
            return .object([:])
        }
        return converted
    }

    /// Converts a YAML node, spending one unit of the budget per value so alias bombs stop early.
    private mutating func convert(_ node: Node) -> JSONValue? {
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
                guard case .scalar(let keyScalar) = key, let converted = convert(value) else { return nil }
                members[keyScalar.string] = converted
            }
            return .object(members)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                guard let converted = convert(item) else { return nil }
                items.append(converted)
            }
            return .array(items)
        case .alias:
            return nil
        }
    }
}
