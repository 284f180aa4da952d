import Foundation
import Testing

@testable import SkillKit

/// The Agent Skills rules: required and optional fields, every problem at once with the file's
/// line numbers, and the lenient reading that loads skills with cosmetic problems.
struct AgentSkillsConformanceTests {
    @Test func versionIsOptionalAndKeptAsWrittenWhenPresent() throws {
        let bare = try ManifestLoader.parse("---\nname: demo\ndescription: No version.\n---\n", file: "SKILL.md")
        #expect(bare.version == nil)
        #expect(bare.attributionVersion == "unversioned")
        let inMetadata = try ManifestLoader.parse("---\nname: demo\ndescription: x\nmetadata:\n  version: \"2.3\"\n---\n", file: "SKILL.md")
        #expect(inMetadata.version == nil)
        #expect(inMetadata.attributionVersion == "2.3")
        for (written, kept) in [("1.10", "1.10"), ("2.0", "2.0"), ("3", "3"), ("\"1.10\"", "1.10"), ("1.0.0-rc.1", "1.0.0-rc.1")] {
            let manifest = try ManifestLoader.parse("---\nname: demo\nversion: \(written)\ndescription: x\n---\n", file: "SKILL.md")
            #expect(manifest.version == kept)
            #expect(manifest.attributionVersion == kept)
        }
    }

    @Test(arguments: [
        (String(repeating: "a", count: 64), true), (String(repeating: "a", count: 65), false),
        ("a", true), ("pdf2text", true), ("x-1-y", true), ("", false), ("-a", false), ("a-", false),
        ("a--b", false), ("A", false), ("a_b", false), ("a.b", false), ("ä", false), ("a b", false),
    ])
    func nameRules(name: String, valid: Bool) {
        #expect(ManifestLoader.isValidName(name) == valid)
    }

    @Test func everyProblemIsNamedAtOnceWithTheFilesLineNumbers() {
        // Two blank lines and a byte order mark before the frontmatter: lines count from the file.
        let text = "\u{FEFF}\n\n---\nname: Bad_Name\nlicense: MIT\ndescription: \(String(repeating: "d", count: 1_100))\ncompatibility: \(String(repeating: "c", count: 501))\nmetadata: [1, 2]\nallowed-tools: {a: b}\n---\n"
        let problems = allProblems(text)
        #expect(
            problems == [
                ManifestProblem(.invalidName("Bad_Name"), line: 4),
                ManifestProblem(.descriptionTooLong(characters: 1_100), line: 6),
                ManifestProblem(.compatibilityTooLong(characters: 501), line: 7),
                ManifestProblem(.metadataNotAMapping, line: 8),
                ManifestProblem(.notText(field: "allowed-tools"), line: 9),
            ])
    }

    @Test func aMissingFieldIsNamedAfterTheProblemsWithLines() {
        #expect(
            allProblems("---\nversion: 1\nname: UP\n---\n") == [
                ManifestProblem(.invalidName("UP"), line: 3), ManifestProblem(.missingField("description")),
            ])
    }

    @Test func yamlErrorsCountLinesFromTheFile() throws {
        let text = "\n\n---\nname: demo\ndescription: x\nmetadata:\n  a: [unclosed\n---\n"
        let problem = try #require(firstProblem(text))
        guard case .invalidYAML(let detail) = problem.kind else {
            Issue.record("wrong kind \(problem.kind)")
            return
        }
        #expect(!detail.isEmpty && !detail.contains("\n"))
        // The list opens on line 7 of the file (line 4 of the frontmatter).
        #expect(problem.line == 7)
    }

    @Test func lenientLoadsCosmeticProblemsWithWarningsAndStrictRefusesThem() throws {
        let text = "---\nname: demo\ndescription: \(String(repeating: "x", count: 1_500))\n---\n"
        let lenient = try ManifestLoader.read(text, file: "f", folderName: "renamed", mode: .lenient)
        #expect(lenient.manifest.name == "demo")
        #expect(lenient.warnings.map(\.kind) == [.nameDiffersFromFolder(name: "demo", folder: "renamed"), .descriptionTooLong(characters: 1_500)])
        #expect(allProblems(text, folder: "renamed").count == 2)
        // A real problem is refused even leniently, and the cosmetic ones are still listed.
        let worse = text.replacingOccurrences(of: "---\n", with: "---\ncompatibility: [x]\n", options: .anchored)
        #expect(
            allProblems(worse, folder: "renamed", mode: .lenient) == [
                ManifestProblem(.notText(field: "compatibility"), line: 2),
                ManifestProblem(.nameDiffersFromFolder(name: "demo", folder: "renamed"), line: 3),
                ManifestProblem(.descriptionTooLong(characters: 1_500), line: 4),
            ])
    }

    @Test func optionalFieldsAreReadAndUnknownOnesKept() throws {
        let text = """
            ---
            name: demo
            description: >-
              Folded over
              two lines.
            license: Apache-2.0
            compatibility: Needs git.
            allowed-tools: Read Bash(git:*)
            argument-hint: "[file]"
            user-invocable: true
            ---
            Body
            """
        let manifest = try ManifestLoader.parse(text, file: "SKILL.md")
        #expect(manifest.description == "Folded over two lines.")
        #expect(manifest.license == "Apache-2.0")
        #expect(manifest.compatibility == "Needs git.")
        #expect(manifest.allowedTools == ["Read", "Bash(git:*)"])
        #expect(manifest.otherFields["argument-hint"] == .string("[file]"))
        #expect(manifest.otherFields["user-invocable"] == .bool(true))
        #expect(manifest.body == "Body")
    }

    @Test func literalDescriptionsKeepTheirLines() throws {
        let manifest = try ManifestLoader.parse("---\nname: demo\ndescription: |\n  One.\n  Two.\n---\n", file: "SKILL.md")
        #expect(manifest.description == "One.\nTwo.")
    }

    @Test func jsonStyleMetadataIsReadEitherWay() throws {
        let flow = try ManifestLoader.parse(#"---\#nname: demo\#ndescription: x\#nmetadata: {"openclaw": {"primaryEnv": "NEMO_TOKEN"}}\#n---\#n"#, file: "SKILL.md")
        #expect(flow.primaryEnvironmentVariable == "NEMO_TOKEN")
        let quoted = try ManifestLoader.parse(#"---\#nname: demo\#ndescription: x\#nmetadata: '{"openclaw": {"primaryEnv": "NEMO_TOKEN"}}'\#n---\#n"#, file: "SKILL.md")
        #expect(quoted.primaryEnvironmentVariable == "NEMO_TOKEN")
        #expect(firstProblem("---\nname: demo\ndescription: x\nmetadata: '{not json'\n---\n")?.kind == .metadataNotAMapping)
    }

    @Test func fieldsThatMustBeTextRefuseListsAndMappings() {
        #expect(
            allProblems("---\nname: [a]\ndescription: {b: c}\nversion: [1]\nlicense: {x: y}\n---\n").map(\.kind) == [
                .notText(field: "name"), .notText(field: "description"), .notText(field: "version"), .notText(field: "license"),
            ])
    }

    /// The corpus: manifests in the styles of public collections (Anthropic's, OpenAI's,
    /// Vercel's, OpenClaw's, the NemoVideo family), each with the expected reading.
    @Test func corpusOfRealStyleManifests() throws {
        let root = packageRoot.appendingPathComponent("Tests/SkillKitTests/SkillCorpus")
        let rows = try String(contentsOf: root.appendingPathComponent("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count >= 20)
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.contains(".") }
        #expect(Set(folders) == Set(rows.map { $0[0] }), "every corpus folder has a row")
        for row in rows {
            let (folder, lenient, strict, runs, expected) = (row[0], row[1], row[2], row[3], row[4])
            let file = root.appendingPathComponent("\(folder)/SKILL.md")
            var strictProblems: [ManifestProblem] = []
            do { _ = try ManifestLoader.load(from: file, mode: .strict) } catch { strictProblems = error.problems }
            #expect((strictProblems.isEmpty ? "ok" : "refused") == strict, "\(folder) strict")
            let described = strictProblems.map { Self.token($0.kind) + ($0.line.map { "@\($0)" } ?? "") }.joined(separator: ",")
            #expect((described.isEmpty ? "-" : described) == expected, "\(folder)")
            do {
                let reading = try ManifestLoader.load(from: file, mode: .lenient)
                #expect((reading.warnings.isEmpty ? "ok" : "warn") == lenient, "\(folder) lenient")
                let runtime = PluginCatalog().runtime(for: reading.manifest)
                #expect(runtime.shortName == runs, "\(folder) runs")
            } catch {
                #expect(lenient == "refused", "\(folder): \(error)")
            }
        }
        // Discovery reads the same folder leniently: loaded and skipped add up.
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [root]), environment: [:])
        #expect(registry.skills.count == rows.filter { $0[1] != "refused" }.count)
        #expect(registry.problems.count == rows.filter { $0[1] == "refused" }.count)
        #expect(registry.skill(named: "video-subtitle-maker")?.manifest.version == "1.10")
        #expect(registry.skill(named: "brand-voice")?.attribution.version == "2.3")
        #expect(registry.skill(named: "weather-now")?.manifest.metadata["openclaw"]?["emoji"]?.stringValue == "🌤️")
        #expect(registry.skill(named: "folder-renamed")?.warnings.count == 1)
    }

    static func token(_ kind: ManifestProblem.Kind) -> String {
        let mirror = "\(kind)"
        return String(mirror.prefix { $0 != "(" })
    }

}
