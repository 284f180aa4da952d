import Foundation
import SkillShellTestSupport
import Testing

extension ShellSuite {
    /// The sharing skill's headline request, as a new user types it, on a clip with real speech.
    @Suite(.tags(.encodes), .skippable(.encodes)) struct CaptionsJobTests {
        static let sentence = "Welcome to the launch of our new game. Today we show you the first level. Thanks for watching."

        /// A 30 s clip whose sound is espeak-ng reading ``sentence`` from the 2 s mark.
        static func speakingClip(_ file: URL, in folder: URL) async throws {
            let speech = folder.appendingPathComponent("speech.wav")
            let spoken = try await Tool.run("/usr/bin/env", ["espeak-ng", "-v", "en-us+klatt", "-s", "140", "-w", speech.path, sentence])
            guard spoken.status == 0 else { throw TestFailure("espeak-ng failed: \(spoken.errors)") }
            try await Tool.ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=30", "-i", speech.path,
                "-filter_complex", "[1:a]adelay=2000|2000,apad,atrim=0:30,aresample=44100[a]", "-map", "0:v", "-map", "[a]",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "30", file.path,
            ])
        }

        /// PSNR of the bottom quarter of two frames at `time`: low when one has captions there.
        static func bottomPSNR(_ first: URL, _ second: URL, at time: Double) async throws -> Double {
            let result = try await Tool.run(
                "/usr/bin/ffmpeg",
                [
                    "-hide_banner", "-nostats", "-ss", String(time), "-i", first.path, "-ss", String(time), "-i", second.path,
                    "-filter_complex", "[0:v]crop=iw:ih/4:0:ih*3/4,format=yuv420p[a];[1:v]scale=640:360,crop=iw:ih/4:0:ih*3/4,format=yuv420p[b];[a][b]psnr",
                    "-frames:v", "1", "-f", "null", "-",
                ])
            guard let range = result.errors.range(of: #"average:([0-9.]+|inf)"#, options: .regularExpression) else {
                throw TestFailure("no PSNR: \(result.errors)")
            }
            let value = result.errors[range].dropFirst("average:".count)
            return value == "inf" ? 100 : Double(value) ?? 0
        }

        /// "0:02.0" → 2.0.
        static func seconds(_ text: String) -> Double? {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard parts.count == 2, let minutes = Double(parts[0]), let seconds = Double(parts[1]) else { return nil }
            return minutes * 60 + seconds
        }

        @Test func trimCaptionAndExportForDiscord() async throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let clip = shell.home.appendingPathComponent("launch.mp4")
            try await Self.speakingClip(clip, in: shell.home)
            let script = """
                launch.mp4
                trim the clip to the first 20 seconds, add captions, and export it ready to share in Discord
                status
                """
            let result = try await shell.run(["--skill", "video-ai-discord", "--skills-dir", ShellBinary.packageRoot.appendingPathComponent("Skills").path], input: script)
            #expect(result.status == 0, "\(result.output)\n\(result.errors)")
            #expect(result.output.contains("from the speech"), "\(result.output)")

            // The state lists the caption lines with their times.
            #expect(result.output.contains("Captions:"), "\(result.output)")
            let timed = result.output.split(separator: "\n").filter { $0.contains("\"") && $0.range(of: #"\d:\d\d\.\d-\d:\d\d\.\d"#, options: .regularExpression) != nil }
            #expect(timed.count >= 2, "caption lines with times: \(result.output)")
            // At least 80% of the spoken words are in the captions, as heard.
            let spoken = Self.sentence.lowercased().split { !$0.isLetter }.map(String.init)
            let captioned = Set(timed.joined(separator: " ").lowercased().split { !$0.isLetter }.map(String.init))
            let heard = spoken.filter(captioned.contains).count
            #expect(Double(heard) / Double(spoken.count) >= 0.8, "\(heard) of \(spoken.count) words: \(timed)")
            // The lines sit where the words are spoken (from 2 s to about 9 s), not spread over the clip.
            let starts = timed.compactMap { line in
                line.range(of: #"\d+:\d\d\.\d(?=-)"#, options: .regularExpression).flatMap { Self.seconds(String(line[$0])) }
            }
            #expect((starts.min() ?? 0) >= 1.5 && (starts.min() ?? 0) <= 3, "first caption at the first word: \(starts)")
            #expect((starts.max() ?? 99) < 11, "no caption after the speech ends: \(starts)")

            let output = shell.home.appendingPathComponent("launch-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue)
            #expect(size <= 10_000_000)
            let duration = try await Tool.run("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", output.path])
            #expect(abs((Double(duration.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) - 20) < 0.5, "trimmed to 20 s")

            // Burned in while the speech plays (about 2 to 9 s), and nothing there after it.
            let during = try await Self.bottomPSNR(output, clip, at: 4)
            let after = try await Self.bottomPSNR(output, clip, at: 16)
            #expect(during < after - 5, "captions change the bottom of the frame only while words are spoken: \(during) dB vs \(after) dB")
        }
    }
}
