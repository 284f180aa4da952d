import Foundation
import Testing

@testable import SkillKit

struct SkillRegistryTests {
    @Test func loadsGoodSkillsAndNamesBrokenOnes() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("skills/good-one/SKILL.md", manifestText(name: "good-one"))
        try folder.write("skills/broken/SKILL.md", "---\nname: broken\nversion: \"1\"\n---\n")
        try folder.write("skills/bad-yaml/SKILL.md", "---\nname: bad-yaml\n  version: : [\n---\n")
        try folder.write("skills/not-a-skill/README.md", "nothing here")
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [folder.url.appendingPathComponent("skills")]), environment: [:])
        #expect(registry.names == ["good-one"])
        #expect(registry.problems.count == 2)
        let broken = try #require(registry.problems.first { $0.file.hasSuffix("broken/SKILL.md") })
        #expect(broken.reason == .missingField("description"))
        #expect(registry.problems.contains { $0.file.hasSuffix("bad-yaml/SKILL.md") })
    }

    @Test func earlierFolderWinsAClashWithAWarning() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("first/same/SKILL.md", manifestText(name: "same", version: "\"2.0\""))
        try folder.write("second/same/SKILL.md", manifestText(name: "same", version: "\"1.0\""))
        let path = SkillSearchPath(directories: [folder.url.appendingPathComponent("first"), folder.url.appendingPathComponent("second")])
        let registry = SkillRegistry.discover(in: path, environment: [:])
        #expect(registry.skill(named: "same")?.manifest.version == "2.0")
        #expect(registry.warnings.count == 1)
        #expect(registry.warnings[0].contains("second/same"))
    }

    @Test func standardSearchOrder() {
        let home = URL(fileURLWithPath: "/home/u")
        let cwd = URL(fileURLWithPath: "/work/project")
        let path = SkillSearchPath.standard(extra: ["~/mine", "rel"], currentDirectory: cwd, home: home)
        #expect(
            path.directories.map(\.path) == [
                "/home/u/mine", "/work/project/rel", "/work/project/Skills", "/work/project/skills",
                "/home/u/.agents/skills", "/home/u/.clawhub/skills", "/home/u/.cursor/skills",
            ])
    }

    @Test func platformFromEnvironmentThenPath() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let home = folder.url.appendingPathComponent("home")
        let plain = folder.url.appendingPathComponent("skills/demo")
        let clawhubPath = home.appendingPathComponent(".clawhub/skills/demo")
        let cursorPath = home.appendingPathComponent(".cursor/skills/demo")
        try folder.write("beside/demo/.clawhub/origin.json", "{}")
        let beside = folder.url.appendingPathComponent("beside/demo")

        #expect(SkillPlatform.detect(skillDirectory: plain, environment: [:], home: home) == .unknown)
        #expect(SkillPlatform.detect(skillDirectory: plain, environment: ["SKILL_SOURCE": "clawhub"], home: home) == .clawhub)
        #expect(SkillPlatform.detect(skillDirectory: cursorPath, environment: ["SKILL_SOURCE": " Cursor "], home: home) == .cursor)
        #expect(SkillPlatform.detect(skillDirectory: plain, environment: ["SKILL_SOURCE": ""], home: home) == .unknown)
        #expect(SkillPlatform.detect(skillDirectory: clawhubPath, environment: [:], home: home) == .clawhub)
        #expect(SkillPlatform.detect(skillDirectory: beside, environment: [:], home: home) == .clawhub)
        #expect(SkillPlatform.detect(skillDirectory: cursorPath, environment: [:], home: home) == .cursor)
    }

    @Test func attributionIsComputedOnceAtDiscovery() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("skills/demo/SKILL.md", manifestText(name: "demo", version: "1.10"))
        let registry = SkillRegistry.discover(in: SkillSearchPath(directories: [folder.url.appendingPathComponent("skills")]), environment: ["SKILL_SOURCE": "clawhub"])
        let attribution = try #require(registry.skill(named: "demo")?.attribution)
        #expect(attribution.headers.map(\.name) == ["X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"])
        #expect(attribution.headers.map(\.value) == ["demo", "1.10", "clawhub"])
    }
}
