import Foundation
import Testing
@testable import LocalStudio

/// `skillshell serve` as a separate process, killed with SIGKILL mid-render and started again.
@Suite(.serialized) struct RestartTests {
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("skillshell")
        return ProcessInfo.processInfo.environment["SKILLSHELL_BIN"].map(URL.init(fileURLWithPath:)) ?? beside
    }

    /// Starts `serve` on a free port over `data`; returns the process and its port.
    static func serve(_ data: URL) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0", "--data-dir", data.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":").last ?? "") else {
            process.terminate()
            throw ClientError("serve did not start: \(text)")
        }
        return (process, port)
    }

    @Test func aRenderInterruptedByAKillEndsWithAnAnswer() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: data) }
        let clipFile = data.appendingPathComponent("long.mp4")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let made = try await ProcessRunner.run(ProcessRunner.locate("ffmpeg")!, [
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine", "-t", "40", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", clipFile.path,
        ])
        #expect(made.status == 0)

        var (process, port) = try Self.serve(data)
        var client = TestHTTPClient(port: port)
        let token = try #require(try await client.send("POST", "/api/auth/anonymous-token", headers: ["X-Client-Id": "restart"]).data["token"] as? String)
        let session = try #require(try await client.json("POST", "/api/tasks/me/with-session/nemo_agent", token: token, [:]).data["session_id"] as? String)
        let (body, type) = TestHTTPClient.multipart([("long.mp4", try Data(contentsOf: clipFile))])
        _ = try await client.send("POST", "/api/upload-video/nemo_agent/me/\(session)", headers: ["Authorization": "Bearer \(token)", "Content-Type": type], body: body)
        let state = try await client.json("GET", "/api/state/nemo_agent/me/\(session)/latest", token: token)
        let id = "render_\(Int64(Date().timeIntervalSince1970 * 1000))"
        let started = try await client.json("POST", "/api/render/proxy/lambda", token: token, headers: [
            "X-Skill-Source": "t", "X-Skill-Version": "1", "X-Skill-Platform": "unknown",
        ], ["id": id, "sessionId": session, "draft": (state.data["state"] as? [String: Any])?["draft"] ?? [:], "output": ["target_size_bytes": 3_000_000]])
        #expect(started.code == 0)

        // Wait until the encoder is really at work, then kill the server outright.
        var progress = 0.0
        let deadline = Date().addingTimeInterval(60)
        while progress < 5, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            progress = try await client.json("GET", "/api/render/proxy/lambda/\(id)", token: token).data["progress"] as? Double ?? 0
        }
        #expect(progress >= 5 && progress < 100, "the render was caught mid-way (\(progress)%)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        (process, port) = try Self.serve(data)
        defer { process.terminate() }
        client = TestHTTPClient(port: port)
        var status: [String: Any] = [:]
        let finish = Date().addingTimeInterval(180)
        repeat {
            try await Task.sleep(for: .milliseconds(500))
            let response = try await client.json("GET", "/api/render/proxy/lambda/\(id)", token: token)
            #expect(response.code == 0, "the client can still ask for the render: \(response.text)")
            status = response.data
        } while !["completed", "failed"].contains(status["status"] as? String ?? "") && Date() < finish
        let phase = status["status"] as? String
        #expect(phase == "completed" || (phase == "failed" && !(status["error"] as? String ?? "").isEmpty), "\(status)")
        if phase == "completed" {
            let size = (status["output"] as? [String: Any])?["size"] as? Int ?? .max
            #expect(size <= 3_000_000)
        }
        let encoders = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init).filter { pid in
            let line = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return line.contains("ffmpeg") && line.contains(id)
        }
        #expect(encoders.isEmpty, "no orphaned encoder is left running")
    }
}
