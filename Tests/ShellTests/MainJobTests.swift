import Foundation
import Testing

extension ShellSuite {
    /// The main job as a new user runs it: a 60 s 1080p clip, compressed under 10 MB for Discord.
    @Suite struct MainJobTests {
        @Test func compressesASixtySecondClipUnderTenMegabytes() throws {
            let shell = try ShellBinary()
            defer { shell.cleanUp() }
            let clip = shell.home.appendingPathComponent("gameplay.mp4")
            try Self.ffmpeg([
                "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", clip.path,
            ])
            let script = """
                gameplay.mp4
                compress this video under 10MB for Discord upload
                export
                """
            let result = try shell.run(["--skills-dir", ShellBinary.packageRoot.appendingPathComponent("Skills").path], input: script)
            #expect(result.status == 0, "\(result.output)\n\(result.errors)")
            #expect(result.output.contains("✓ Uploaded gameplay.mp4 (60s, 1920x1080, 30 fps)."))
            #expect(result.output.contains("✓ Fits under 10 MB"))

            let output = shell.home.appendingPathComponent("gameplay-discord.mp4")
            let size = try #require((try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue)
            #expect(size <= 10_000_000 && size >= 9_000_000, "\(size) bytes")

            let streams = try Self.probe(output)
            #expect(streams.contains("h264,High,video,yuv420p"), "\(streams)")
            #expect(streams.contains("aac,LC,audio"), "\(streams)")
            let atoms = try Self.topLevelAtoms(output)
            #expect((atoms.firstIndex(of: "moov") ?? .max) < (atoms.firstIndex(of: "mdat") ?? -1), "faststart: \(atoms)")
            // Every frame decodes without a single error.
            let decode = try Self.run("/usr/bin/ffmpeg", ["-v", "error", "-i", output.path, "-f", "null", "-"])
            #expect(decode.status == 0 && decode.errors.isEmpty, "\(decode.errors)")
        }

        static func ffmpeg(_ arguments: [String]) throws {
            let result = try run("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-y"] + arguments)
            guard result.status == 0 else { throw TmuxError("ffmpeg failed: \(result.errors)") }
        }

        static func probe(_ file: URL) throws -> String {
            try run("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,profile,pix_fmt", "-of", "csv=p=0", file.path]).output
        }

        static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
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
