import Foundation
import SkillKit
import SkillShellTestSupport
import Testing

/// A NemoVideo skill with no compiled plugin runs through the generic one, under its own name.
struct NemoVideoSkillTests {
    /// A trimmer in the family's usual style (token variable in `metadata.openclaw`) and a merger
    /// known only by the API base and config folder its body names.
    static func writeFamily(in folder: URL) throws {
        let trimmer = """
            ---
            name: video-trimmer
            version: 1.10
            description: Cuts a video down to the part you want and exports an MP4.
            metadata:
              openclaw:
                primaryEnv: NEMO_TOKEN
            ---
            ## Getting Started
            Try saying:
            - "keep 0:05 to 0:20"
            - "cut the first 3 seconds"
            """
        let merger = """
            ---
            name: video-merger
            description: Joins several clips into one video.
            ---
            Examples:
            1. "merge these clips"
            2. "join them with a crossfade"

            Calls go to https://mega-api-prod.nemovideo.ai; settings live in ~/.config/nemovideo/.
            """
        for (name, text) in [("video-trimmer", trimmer), ("video-merger", merger)] {
            let file = folder.appendingPathComponent("\(name)/SKILL.md")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    @Test func familySkillsSendTheirOwnNameAndVersionAndGreetWithTheirWords() async throws {
        let server = try await FaultServer.start { router in
            FaultServer.basics(router)
            router.get("/api/credits/balance/simple") { _, _ in FaultServer.ok(#"{"available":7}"#) }
        }
        defer { server.stop() }
        let skills = FileManager.default.temporaryDirectory.appendingPathComponent("family-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: skills) }
        try Self.writeFamily(in: skills)

        let harness = try CloudHarness(base: server.base, skill: "video-trimmer", extraSkills: skills)
        defer { harness.cleanUp() }
        await harness.conversation.start()
        await harness.run("credits", "/help")
        #expect(harness.text.contains("Cuts a video down to the part you want and exports an MP4."))
        #expect(harness.text.contains("\"cut the first 3 seconds\""))
        var requests = await server.recorder.requests
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.headers["x-skill-source"] == "video-trimmer", "\(request.path)")
            #expect(request.headers["x-skill-version"] == "1.10")
        }

        let before = requests.count
        await harness.run("/skill video-merger", "credits")
        #expect(harness.text.contains("Switched to video-merger."))
        #expect(harness.text.contains("\"join them with a crossfade\""))
        requests = Array(await server.recorder.requests.dropFirst(before))
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.headers["x-skill-source"] == "video-merger", "\(request.path)")
            #expect(request.headers["x-skill-version"] == "unversioned")
        }
    }
}
