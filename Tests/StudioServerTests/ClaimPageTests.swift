import Foundation
import SkillShellTestSupport
import Testing

@testable import LocalStudio
@testable import StudioServer

/// `serve`'s claim link: a claim token for the bearer's session opens a read-only page of the
/// project (its timeline drawn, its exports playable), and nothing else.
@Suite(.tags(.network, .encodes), .skippable(.encodes)) struct ClaimPageTests {
    /// A session with a clip, a title full of HTML, and one finished export; returns its render id.
    static func project(on server: RunningServer, token: String, session: String) async throws -> String {
        _ = try await server.upload(token, session, name: "clip.mp4", data: try await TestClips.data(ClipSpec(seconds: 3)))
        _ = try await server.chat(token, session, #"add the title "<b>GG & co</b>" for 2 seconds"#)
        let state = try await server.client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        let draft = (state.data["state"] as? [String: Any])?["draft"] ?? [:]
        let id = "render_claim_\(UUID().uuidString.prefix(8).lowercased())"
        let body: [String: Any] = ["id": id, "sessionId": session, "draft": draft, "output": ["format": "mp4", "target_size_bytes": 300_000]]
        _ = try await server.client.json("POST", "/api/render/proxy/lambda", token: token, headers: RunningServer.attribution, body)
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let status = try await server.client.json("GET", "/api/render/proxy/lambda/\(id)", token: token)
            if let phase = status.data["status"] as? String, phase == "completed" || phase == "failed" {
                #expect(phase == "completed", "\(status.text)")
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return id
    }

    static func claim(_ server: RunningServer, token: String, session: String) async throws -> String {
        let response = try await server.client.json("POST", "/api/auth/claim-token", token: token, ["session_id": session])
        #expect(response.code == 0, "\(response.text)")
        #expect(response.data["expires_in"] as? Int == 3600)
        return try #require(response.data["claim_token"] as? String)
    }

    @Test func theClaimPageShowsTheTimelineAndPlaysTheExportsEscaped() async throws {
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let render = try await Self.project(on: server, token: token, session: session)
        let claim = try await Self.claim(server, token: token, session: session)
        #expect(claim.hasPrefix("clm_") && !claim.contains("nmv_"))

        let page = try await server.client.send("GET", "/workspace/claim?ct=\(claim)")
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        let html = page.text
        #expect(html.contains(#"<svg id="timeline""#))
        #expect(html.components(separatedBy: #"class="segment""#).count - 1 >= 2, "a bar for the clip and one for the title")
        #expect(html.contains("&lt;b&gt;GG &amp; co&lt;/b&gt;"), "the title is escaped")
        #expect(!html.contains("<b>GG"))
        #expect(html.contains("<video controls"))
        let source = "/workspace/claim/export/\(render)?ct=\(claim)"
        #expect(html.contains(#"src="\#(source)""#))
        #expect(!html.contains(token))

        let part = try await server.client.send("GET", source, headers: ["Range": "bytes=0-99"])
        #expect(part.status == 206 && part.body.count == 100)
        #expect(part.headers["content-disposition"]?.hasPrefix("inline") == true)
    }

    @Test func aClaimTokenOpensThePageAndNothingElse() async throws {
        let clock = TestClock()
        let server = try await RunningServer.start(claimLifetime: 5, clock: clock)
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        let response = try await server.client.json("POST", "/api/auth/claim-token", token: token, ["session_id": session])
        let claim = try #require(response.data["claim_token"] as? String)

        #expect(try await server.client.send("GET", "/workspace/claim?ct=\(claim)").text.contains("The timeline is empty."))
        // Not a bearer token, not for another user's session, not guessable, not forever.
        #expect(try await server.client.json("GET", "/api/credits/balance/simple", token: claim).status == 401)
        let stranger = try await server.token()
        #expect(try await server.client.json("POST", "/api/auth/claim-token", token: stranger, ["session_id": session]).status == 404)
        #expect(try await server.client.json("POST", "/api/auth/claim-token", token: token, [:]).status == 400)
        for wrong in ["", "clm_", "clm_0000", claim + "x", "nmv_usr_x", "%3Cscript%3E"] {
            let page = try await server.client.send("GET", "/workspace/claim?ct=\(wrong)")
            #expect(page.status == 404, "\(wrong)")
            #expect(page.text.contains("unknown or has expired"))
        }
        #expect(try await server.client.send("GET", "/workspace/claim/export/render_x?ct=\(claim)").status == 404)
        clock.advance(by: 6)
        #expect(try await server.client.send("GET", "/workspace/claim?ct=\(claim)").status == 404, "expired")
    }

    /// The page in a real browser: Chromium draws the timeline's bars in their colours.
    @Test func chromiumDrawsTheTimeline() async throws {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "Chromium is missing; scripts/install-deps.sh installs it")
        let server = try await RunningServer.start()
        defer { server.stop() }
        let token = try await server.token()
        let session = try await server.session(token)
        _ = try await Self.project(on: server, token: token, session: session)
        let claim = try await Self.claim(server, token: token, session: session)

        let shot = server.folder.appendingPathComponent("page.png")
        let browser = try await ProcessRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(server.folder.appendingPathComponent("chromium").path)",
                // Virtual time holds the screenshot until the page's fetches are done: on a busy
                // machine it was taken before the export's metadata came, with the video element
                // still at its 150 px default height.
                "--virtual-time-budget=5000",
                "--screenshot=\(shot.path)", "--window-size=1100,800", "http://127.0.0.1:\(server.client.port)/workspace/claim?ct=\(claim)",
            ])
        #expect(browser.status == 0, "\(browser.errorText)")
        let raw = server.folder.appendingPathComponent("page.rgb")
        let convert = try await ProcessRunner.run(
            try #require(ProcessRunner.locate("ffmpeg")),
            [
                "-v", "error", "-i", shot.path, "-f", "rawvideo", "-pix_fmt", "rgb24", raw.path,
            ])
        #expect(convert.status == 0, "\(convert.errorText)")
        if ProcessInfo.processInfo.environment["KEEP_SCREENSHOT"] != nil { try? FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: "/tmp/claim-page.png")) }
        let rgb = [UInt8](try Data(contentsOf: raw))
        #expect(rgb.count == 1100 * 800 * 3)
        func count(_ colour: (Int, Int, Int)) -> Int {
            stride(from: 0, to: rgb.count - 2, by: 3).reduce(0) { total, index in
                abs(Int(rgb[index]) - colour.0) < 10 && abs(Int(rgb[index + 1]) - colour.1) < 10 && abs(Int(rgb[index + 2]) - colour.2) < 10 ? total + 1 : total
            }
        }
        // The clip's bar spans the whole timeline (about 800 x 28 px); the title's, two thirds of it.
        #expect(count((0x3B, 0x7D, 0xD8)) > 10_000, "the video bar")
        #expect(count((0xD9, 0x8E, 0x1C)) > 5_000, "the title bar")
        // The export's video element, 640 px wide at the clip's shape (640 x 480 here): black until
        // its first frame is painted, the frame after, and either way not the page's background.
        let background = (Int(rgb[0]), Int(rgb[1]), Int(rgb[2]))
        let drawn = stride(from: 0, to: rgb.count - 2, by: 3).reduce(0) { total, index in
            abs(Int(rgb[index]) - background.0) > 24 || abs(Int(rgb[index + 1]) - background.1) > 24 || abs(Int(rgb[index + 2]) - background.2) > 24 ? total + 1 : total
        }
        #expect(drawn > 250_000, "the export's video element: \(drawn) pixels drawn, \(count((0, 0, 0))) of them black")
    }
}
