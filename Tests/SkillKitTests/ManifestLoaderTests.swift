import Foundation
import Testing

@testable import SkillKit

struct ManifestLoaderTests {
    @Test func parsesFieldsMetadataAndBody() throws {
        let text = manifestText(
            name: "demo-skill",
            extra: """
                metadata:
                  openclaw:
                    primaryEnv: NEMO_TOKEN
                  skillshell:
                    examples: [one, two]
                    limits:
                      - {name: discord-free, label: Discord free, bytes: 10000000}
                """)
        let manifest = try ManifestLoader.parse(text, file: "SKILL.md", folderName: "demo-skill")
        #expect(manifest.name == "demo-skill")
        #expect(manifest.version == "1.0.0")
        #expect(manifest.description == "A test skill.")
        #expect(manifest.primaryEnvironmentVariable == "NEMO_TOKEN")
        #expect(manifest.examplePrompts == ["one", "two"])
        #expect(manifest.sizeLimit(named: "discord-free")?.bytes == 10_000_000)
        #expect(manifest.body.hasPrefix("# demo-skill"))
    }

    @Test(arguments: [("1.10", "1.10"), ("\"1.10\"", "1.10"), ("2", "2"), ("'0.9.0'", "0.9.0"), ("1.0", "1.0"), ("1.2.3-beta", "1.2.3-beta")])
    func keepsTheVersionAsWritten(written: String, expected: String) throws {
        let manifest = try ManifestLoader.parse(manifestText(name: "demo", version: written), file: "SKILL.md")
        #expect(manifest.version == expected)
    }

    @Test func acceptsByteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}" + manifestText(name: "demo").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ManifestLoader.parse(text, file: "SKILL.md").name == "demo")
    }

    @Test(arguments: [
        (manifestText(name: "demo", description: nil), ManifestError.Reason.missingField("description")),
        (manifestText(name: "demo", description: "\"\""), ManifestError.Reason.missingField("description")),
        ("---\nversion: \"1\"\ndescription: x\n---\n", ManifestError.Reason.missingField("name")),
        (manifestText(name: "Demo_Skill"), ManifestError.Reason.invalidName("Demo_Skill")),
        (manifestText(name: "-demo"), ManifestError.Reason.invalidName("-demo")),
        (manifestText(name: "de--mo"), ManifestError.Reason.invalidName("de--mo")),
        ("# no frontmatter\n", ManifestError.Reason.missingFrontmatter),
        ("---\nname: demo\n", ManifestError.Reason.unterminatedFrontmatter),
        ("---\n- a\n- b\n---\n", ManifestError.Reason.notAMapping),
    ])
    func rejectsBadManifests(text: String, reason: ManifestError.Reason) {
        #expect(firstProblem(text)?.kind == reason)
    }

    @Test func reportsBrokenYAMLWithItsCause() {
        do {
            _ = try ManifestLoader.parse("---\nname: demo\nversion: [unclosed\ndescription: x\n---\n", file: "SKILL.md")
            Issue.record("broken YAML was accepted")
        } catch {
            guard case .invalidYAML(let detail) = error.reason else {
                Issue.record("wrong reason \(error.reason)")
                return
            }
            #expect(!detail.isEmpty)
            #expect(error.description.contains("not valid YAML"))
        }
    }

    @Test func nameMustMatchFolder() {
        #expect(firstProblem(manifestText(name: "demo"), folder: "other") == ManifestProblem(.nameDiffersFromFolder(name: "demo", folder: "other"), line: 2))
    }

    @Test func stopsAliasBombs() {
        var yaml = "metadata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            yaml += "  a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let text = "---\nname: demo\nversion: \"1\"\ndescription: bomb\n" + yaml + "---\n"
        #expect(firstProblem(text)?.kind == .tooComplex)
    }

    /// Two keys, each given twice, that differ only after a list nested `depth` deep: Yams sorts
    /// duplicate keys with a comparison that is exponential in such depth (measured with the
    /// unguarded loader: 0.2 s at depth 18, 3 s at 22, 12 s at 24).
    static func duplicateKeyBomb(depth: Int, explicit: Bool) -> String {
        let deep = String(repeating: "[", count: depth) + "x" + String(repeating: "]", count: depth)
        return [1, 1, 2, 2].map { explicit ? "? [\(deep), \($0)]\n: 0\n" : "[\(deep), \($0)]: 0\n" }.joined()
    }

    /// Keys that are lists, mappings or aliases are refused before Yams sees them (the
    /// frontmatter fuzzer found one that kept the loader busy for minutes); the two bombs here
    /// would take days without the check.
    @Test(arguments: [
        (duplicateKeyBomb(depth: 40, explicit: true), 5),
        (duplicateKeyBomb(depth: 40, explicit: false), 5),
        ("? " + String(repeating: "- ? ", count: 40) + "x\n: 1\n", 5),
        ("metadata:\n  list:\n    - ? [a]\n      : 1\n", 7),
        ("metadata: {? [a]: 1}\n", 5),
        ("metadata: {[a, b]: 1}\n", 5),
        ("metadata:\n  anchor: &deep [[[x]]]\n  table: {*deep : 1, *deep : 2}\n", 7),
    ])
    func refusesKeysThatAreNotWords(yaml: String, line: Int) {
        let text = "---\nname: demo\nversion: \"1\"\ndescription: keys\n" + yaml + "---\n"
        #expect(firstProblem(text) == ManifestProblem(.complexKey, line: line))
    }

    @Test func questionMarksInTextAreNotKeys() throws {
        let text = """
            ---
            name: demo
            version: "1"
            description: Too big for Discord? It shrinks videos. Is it free? Yes.
            metadata:
              faq: |
                ? is only a key at the start of a line, but this is a block of text
                - ? neither is this
              answers: ["yes", "no?"]
              note: >-
                [a]: not a key either
            ---
            Body?
            """
        let manifest = try ManifestLoader.parse(text, file: "SKILL.md")
        #expect(manifest.description == "Too big for Discord? It shrinks videos. Is it free? Yes.")
        #expect(manifest.metadata["faq"]?.stringValue?.hasPrefix("? is only a key") == true)
        #expect(manifest.metadata["note"]?.stringValue == "[a]: not a key either")
    }

    @Test func refusesHugeFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let huge = manifestText(name: "huge", description: String(repeating: "x", count: ManifestLoader.maximumBytes))
        let file = try folder.write("huge/SKILL.md", huge)
        #expect(throws: ManifestError.self) { try ManifestLoader.load(from: file) }
    }

    @Test(arguments: ["video-compressor-for-discord-10mb", "video-ai-discord"])
    func shippedManifestsAreValid(name: String) throws {
        let file = packageRoot.appendingPathComponent("Skills/\(name)/SKILL.md")
        let manifest = try ManifestLoader.load(from: file).manifest
        #expect(manifest.name == name)
        #expect(manifest.version?.isEmpty == false)
        #expect(manifest.primaryEnvironmentVariable == "NEMO_TOKEN")
        #expect(manifest.examplePrompts.count >= 3)
        #expect(manifest.sizeLimit(named: "discord-free")?.bytes == 10_000_000)
        #expect(manifest.sizeLimits.allSatisfy { $0.checked != nil && $0.source != nil })
    }
}

/// The first problem a strict reading finds in `text`, or nil when it loads.
func firstProblem(_ text: String, folder: String? = nil) -> ManifestProblem? {
    allProblems(text, folder: folder).first
}

/// Every problem a strict reading finds in `text`.
func allProblems(_ text: String, folder: String? = nil, mode: ManifestMode = .strict) -> [ManifestProblem] {
    do {
        _ = try ManifestLoader.read(text, file: "x/SKILL.md", folderName: folder, mode: mode)
        return []
    } catch {
        return error.problems
    }
}
