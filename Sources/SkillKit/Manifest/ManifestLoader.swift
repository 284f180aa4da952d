import Foundation
import Yams

/// Reads `SKILL.md` files: YAML frontmatter between `---` lines, then Markdown.
public enum ManifestLoader {
    /// The largest manifest accepted; real ones are a few kilobytes.
    public static let maximumBytes = 256 * 1024

    /// Loads the manifest at `file`; its name must match its folder (a cosmetic rule, so
    /// `.lenient` loads a mismatch with a warning).
    public static func load(from file: URL, mode: ManifestMode = .strict) throws(ManifestError) -> ManifestReading {
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
        return try read(text, file: path, folderName: folder, mode: mode)
    }

    /// Parses manifest text strictly: any problem, cosmetic ones included, is an error.
    ///
    /// - Parameter folderName: when given, the manifest's name must equal it.
    public static func parse(_ text: String, file: String, folderName: String? = nil) throws(ManifestError) -> SkillManifest {
        try read(text, file: file, folderName: folderName, mode: .strict).manifest
    }

    /// Parses manifest text, collecting every problem in the file before deciding.
    ///
    /// Structural problems (no frontmatter, broken YAML, complex keys) stop the reading at the
    /// first one, since nothing after them can be trusted; field problems are all reported.
    public static func read(_ text: String, file: String, folderName: String? = nil, mode: ManifestMode) throws(ManifestError) -> ManifestReading {
        guard text.utf8.count <= maximumBytes else { throw ManifestError(file: file, reason: .tooLarge(bytes: text.utf8.count)) }
        let (yaml, yamlStart, body) = try splitFrontmatter(text, file: file)
        if let line = PlainKeyCheck.firstComplexKey(in: yaml) {
            throw ManifestError(file: file, reason: .complexKey, line: yamlStart + line - 1)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let (detail, line) = describe(error)
            throw ManifestError(file: file, reason: .invalidYAML(detail), line: line.map { yamlStart + $0 - 1 })
        } catch {
            throw ManifestError(file: file, reason: .invalidYAML(firstLine(of: "\(error)")))
        }
        guard let root, case .mapping(let mapping) = root else {
            throw ManifestError(file: file, reason: .notAMapping, line: yamlStart)
        }
        var fields = FrontmatterFields(mapping: mapping, firstLine: yamlStart)
        let manifest = fields.manifest(folderName: folderName, body: body)
        let fatal = fields.problems.filter { mode == .strict || !$0.isCosmetic }
        guard fatal.isEmpty, let manifest else {
            throw ManifestError(file: file, problems: fields.problems.sorted { ($0.line ?? Int.max) < ($1.line ?? Int.max) })
        }
        return ManifestReading(manifest: manifest, warnings: fields.problems)
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
        guard
            let closing = lines.indices.dropFirst().first(where: {
                let line = lines[$0].trimmingCharacters(in: .whitespaces)
                return line == "---" || line == "..."
            })
        else {
            throw ManifestError(file: file, reason: .unterminatedFrontmatter)
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let body = lines[(closing + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (yaml, blank + 2, body)
    }

    /// The problem and its line within the YAML, from a Yams error.
    private static func describe(_ error: YamlError) -> (String, Int?) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            // "while scanning a quoted scalar" points where the quote opened, which is where the
            // fix is; the problem's own mark is often the end of the frontmatter.
            return (text, context?.mark.line ?? mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("the key '\(duplicates.first ?? "")' is given twice", context.mark.line)
        default:
            return (firstLine(of: "\(error)"), nil)
        }
    }

    private static func firstLine(of text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(160)) + "…" : line
    }
}
