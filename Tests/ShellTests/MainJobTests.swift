import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// The main job as a new user runs it: a 60 s 1080p clip, compressed under 10 MB for Discord.
    @Suite(.tags(.encodes), .skippable(.encodes)) struct MainJobTests {
        @Test func compressesASixtySecondClipUnderTenMegabytes() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            // Ten seconds of 1080p drawn once and played six times: the encoder gets a full minute.
            try await TestClips.copy(
                ClipSpec(width: 1920, height: 1080, fps: 30, seconds: 60, tone: 440, quality: 30, loopSeconds: 10), to: shell.home.appendingPathComponent("gameplay.mp4"))
            let script = """
                gameplay.mp4
                compress this video under 10MB for Discord upload
                export
                """
            // The whole job, both passes, at x264's superfast preset: the planner's own (medium
            // here) cost 79 CPU-seconds, a third of the suite, and is checked where it is decided
            // (EncodePlannerTests), in a real encode that must reach a picture
            // (SmallTargetEncodeTests) and by bench/compress. Superfast, not the other tests'
            // ultrafast, because ultrafast writes Constrained Baseline, and the user's file is High.
            let result = try await shell.run(["--skills-dir", ShellBinary.packageRoot.appendingPathComponent("Skills").path], input: script, environment: ["SKILLSHELL_X264_PRESET": "superfast"])
            #expect(result.status == 0, "\(result.output)\n\(result.errors)")
            #expect(result.output.contains("✓ Uploaded gameplay.mp4 (60s, 1920x1080, 30 fps)."))
            #expect(result.output.contains("✓ Fits under 10 MB"))

            let output = shell.home.appendingPathComponent("gameplay-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue)
            #expect(size <= 10_000_000 && size >= 9_000_000, "\(size) bytes")

            let streams = try await Tool.streams(of: output)
            #expect(streams.contains("h264,High,video,yuv420p"), "\(streams)")
            #expect(streams.contains("aac,LC,audio"), "\(streams)")
            let atoms = try Self.topLevelAtoms(output)
            #expect((atoms.firstIndex(of: "moov") ?? .max) < (atoms.firstIndex(of: "mdat") ?? -1), "faststart: \(atoms)")
            // Every frame decodes without a single error.
            let decode = try await Tool.run("/usr/bin/ffmpeg", ["-v", "error", "-i", output.path, "-f", "null", "-"])
            #expect(decode.status == 0 && decode.errors.isEmpty, "\(decode.errors)")
        }

        /// The types of the file's top-level MP4 boxes, in order.
        static func topLevelAtoms(_ file: URL) throws -> [String] {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            let length = try handle.seekToEnd()
            var offset: UInt64 = 0
            var atoms: [String] = []
            while offset + 8 <= length {
                try handle.seek(toOffset: offset)
                let header = try handle.read(upToCount: 16) ?? Data()
                guard header.count >= 8 else { break }
                var size = UInt64(header.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                atoms.append(String(decoding: header[4..<8], as: UTF8.self))
                if size == 1, header.count >= 16 { size = header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
                if size == 0 { break }
                offset += size
            }
            return atoms
        }
    }
}
