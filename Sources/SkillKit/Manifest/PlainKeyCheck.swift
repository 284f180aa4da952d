/// Finds YAML keys that are not plain scalars, before the YAML parser sees them.
///
/// A manifest's keys are words such as `name:`. YAML also allows lists, mappings and aliases as
/// keys (`? [a, b]`, `[a]: 1`, `*anchor : 1`), and Yams orders duplicate keys with a comparison
/// that is exponential in their depth: a 3 KB frontmatter of nested `? -` keys kept it busy for
/// minutes (found by the frontmatter fuzzer). No manifest needs such keys, so they are refused by
/// this line scan, which errs towards refusing: the error names the line to change.
enum PlainKeyCheck {
    /// The 1-based line of the first key that is a collection or an alias, if any.
    static func firstComplexKey(in yaml: String) -> Int? {
        var blockScalarParent: Int?  // the indentation of the line that opened a `|` or `>` block
        var number = 0
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = Array(rawLine.utf8)
            let indent = line.prefix { $0 == space || $0 == tab }.count
            if let parent = blockScalarParent {
                if indent == line.count || indent > parent { continue }
                blockScalarParent = nil
            }
            if startsWithExplicitKey(line[indent...]) || hasFlowKey(line) || hasAliasKey(line) { return number }
            if opensBlockScalar(line) { blockScalarParent = indent }
        }
        return nil
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private static func isBlank(_ byte: UInt8?) -> Bool { byte == nil || byte == space || byte == tab || byte == UInt8(ascii: "\r") }

    /// `? key` at the start of a line's content, also after `- ` entries on the same line.
    private static func startsWithExplicitKey(_ content: ArraySlice<UInt8>) -> Bool {
        var rest = content
        while let first = rest.first {
            let next = rest.dropFirst().first
            if first == UInt8(ascii: "?"), isBlank(next) { return true }
            guard first == UInt8(ascii: "-"), isBlank(next) else { return false }
            rest = rest.dropFirst().drop { $0 == space || $0 == tab }
        }
        return false
    }

    /// `? key` inside a flow collection (after `[`, `{` or `,`), or a flow collection used as a
    /// key (`]:` or `}:`).
    private static func hasFlowKey(_ line: [UInt8]) -> Bool {
        for (index, byte) in line.enumerated() {
            let opensEntry = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
            let closes = byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
            guard opensEntry || closes else { continue }
            var next = index + 1
            while next < line.count, line[next] == space || line[next] == tab { next += 1 }
            guard next < line.count else { continue }
            let after = next + 1 < line.count ? line[next + 1] : nil
            if opensEntry, line[next] == UInt8(ascii: "?"), isBlank(after) || after == UInt8(ascii: "[") || after == UInt8(ascii: "{") {
                return true
            }
            if closes, line[next] == UInt8(ascii: ":"), isBlank(after) || after.map({ ",]}".utf8.contains($0) }) == true {
                return true
            }
        }
        return false
    }

    /// `*anchor :`, an alias used as a key.
    private static func hasAliasKey(_ line: [UInt8]) -> Bool {
        var index = 0
        while index < line.count {
            defer { index += 1 }
            guard line[index] == UInt8(ascii: "*") else { continue }
            var end = index + 1
            while end < line.count, isAnchorCharacter(line[end]) { end += 1 }
            guard end > index + 1 else { continue }
            var colon = end
            while colon < line.count, line[colon] == space || line[colon] == tab { colon += 1 }
            if colon < line.count, line[colon] == UInt8(ascii: ":"), isBlank(colon + 1 < line.count ? line[colon + 1] : nil) {
                return true
            }
        }
        return false
    }

    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    /// A line ending in `key: |` or `- >` (with optional chomping and indentation indicators):
    /// the lines indented under it are text, not YAML. A line with a `#` never counts, so that a
    /// comment cannot hide structure from the scan.
    private static func opensBlockScalar(_ line: [UInt8]) -> Bool {
        guard !line.contains(UInt8(ascii: "#")) else { return false }
        var end = line.count
        while end > 0, isBlank(line[end - 1]) { end -= 1 }
        var start = end
        while start > 0, "+-0123456789".utf8.contains(line[start - 1]) { start -= 1 }
        guard start > 0, line[start - 1] == UInt8(ascii: "|") || line[start - 1] == UInt8(ascii: ">") else { return false }
        var before = start - 1
        guard before > 0, isBlank(line[before - 1]) else { return false }
        while before > 0, isBlank(line[before - 1]) { before -= 1 }
        return before > 0 && (line[before - 1] == UInt8(ascii: ":") || line[before - 1] == UInt8(ascii: "-"))
    }
}
