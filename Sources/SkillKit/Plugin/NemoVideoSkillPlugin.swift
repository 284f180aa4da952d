import Foundation

/// Runs any skill of the NemoVideo family that has no compiled plugin of its own: the skill's
/// name and version go in the attribution headers, its description is the greeting and the
/// example prompts come from its body.
public struct NemoVideoSkillPlugin: SkillPlugin {
    public let manifest: SkillManifest

    public init(manifest: SkillManifest) {
        self.manifest = manifest
    }

    /// Whether `manifest` is a NemoVideo skill: it takes `NEMO_TOKEN`, or its text names the
    /// NemoVideo API or the family's configuration folder.
    public static func isFamilyMember(_ manifest: SkillManifest) -> Bool {
        if manifest.primaryEnvironmentVariable == "NEMO_TOKEN" { return true }
        let required = manifest.metadata["openclaw"]?["requires"]?["env"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if required.contains("NEMO_TOKEN") { return true }
        let texts = [manifest.description, manifest.body, manifest.compatibility ?? ""]
        return texts.contains { text in
            let lowered = text.lowercased()
            return lowered.contains("nemovideo.ai") || lowered.contains(".config/nemovideo")
        }
    }

    public var examplePrompts: [String] {
        let declared = manifest.examplePrompts
        return declared.isEmpty ? ExamplePrompts.find(in: manifest.body) : declared
    }
}

/// Finds the example prompts a skill's Markdown body suggests to its users.
public enum ExamplePrompts {
    /// At most this many are shown.
    static let limit = 6

    /// The list under a "Try saying" (or "Examples", 试试, 例如) line; else list items that are
    /// wholly a quotation.
    public static func find(in body: String) -> [String] {
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var prompts: [String] = []
        for (index, line) in lines.enumerated() where introducesExamples(line) {
            for item in lines[(index + 1)...].prefix(while: { $0.isEmpty || listItem($0) != nil }) {
                if let text = listItem(item).map(unquoted), !text.isEmpty { prompts.append(text) }
            }
            if !prompts.isEmpty { break }
        }
        if prompts.isEmpty {
            prompts = lines.compactMap(listItem).filter(isQuotation).map(unquoted)
        }
        var seen = Set<String>()
        return Array(prompts.filter { $0.count <= 160 && seen.insert($0.lowercased()).inserted }.prefix(limit))
    }

    private static func introducesExamples(_ line: String) -> Bool {
        let lowered = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "#*_ "))
        let openings = ["try saying", "try asking", "try:", "example prompts", "examples:", "example requests", "things to try", "试试", "例如", "示例"]
        return openings.contains { lowered.hasPrefix($0) } && (lowered.hasSuffix(":") || lowered.hasSuffix("：") || lowered.count < 30)
    }

    /// The text of a Markdown list item ("- x", "* x", "1. x").
    private static func listItem(_ line: String) -> String? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
            return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return String(line.dropFirst(digits.count + 2)).trimmingCharacters(in: .whitespaces)
    }

    private static let quotePairs: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("「", "」"), ("'", "'")]

    private static func isQuotation(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last, text.count > 2 else { return false }
        return quotePairs.contains { $0.0 == first && $0.1 == last } && !text.dropFirst().dropLast().contains(first)
    }

    private static func unquoted(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        if isQuotation(text) { text = String(text.dropFirst().dropLast()) }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
