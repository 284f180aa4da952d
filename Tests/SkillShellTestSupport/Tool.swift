import Foundation
import Synchronization

/// Runs a command-line tool (ffmpeg, ffprobe) to completion for a test.
public enum Tool {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    public static func run(_ tool: String, _ arguments: [String]) async throws -> Result {
        try await offPool { try runBlocking(tool, arguments) }
    }

    static func runBlocking(_ tool: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : "/usr/bin/\(tool)")
        process.arguments = arguments
        return try collect(process, input: nil)
    }

    /// Starts `process`, writes `input` to its standard input (none: /dev/null) and returns its
    /// status and both outputs once it has ended.
    static func collect(_ process: Process, input: Data?) throws -> Result {
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        // Standard error is read on its own thread so that neither pipe can fill and stall the tool.
        let errorData = Mutex<Data>(Data())
        let read = DispatchSemaphore(value: 0)
        Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = data }
            read.signal()
        }.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        read.wait()
        process.waitUntilExit()
        let err = errorData.withLock { $0 }
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    /// ffmpeg with its banner and progress off; throws with ffmpeg's own words when it fails.
    public static func ffmpeg(_ arguments: [String]) async throws {
        let result = try await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-nostdin"] + arguments)
        guard result.status == 0 else { throw TestFailure("ffmpeg failed: \(result.errors)") }
    }

    /// Each stream as `codec,profile,type,pixel format`, one a line.
    public static func streams(of file: URL) async throws -> String {
        try await run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,profile,pix_fmt", "-of", "csv=p=0", file.path]).output
    }
}
