import Foundation
import SkillShellTestSupport
import Testing

@testable import StudioServer

/// The upload parser: every part's bytes come out exactly, however the body is cut into pieces.
struct MultipartScannerTests {
    static let boundary = "skillshell-7d1f"

    /// Three parts whose bytes hold near-misses of the delimiter: "\r\n--", the boundary text
    /// without its CRLF, and a delimiter cut one byte short.
    static func body() -> (Data, [[String: String]], [Data]) {
        var generator = SplitMix64(seed: 7)
        let random = Data((0..<5_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let parts: [Data] = [
            Data("\r\n--\r\n--skillshell-7d1\r\n-- not it --skillshell-7d1f inside a line".utf8),
            random,
            Data(),
        ]
        let headers: [[String: String]] = [
            ["Content-Disposition": "form-data; name=\"files\"; filename=\"a.mp4\"", "Content-Type": "video/mp4"],
            ["Content-Disposition": "form-data; name=\"files\"; filename=\"b.mp4\""],
            ["Content-Disposition": "form-data; name=\"note\""],
        ]
        var body = Data("preamble the parser must skip\r\n".utf8)
        for (part, fields) in zip(parts, headers) {
            body.append(Data("--\(boundary)\r\n".utf8))
            for (name, value) in fields.sorted(by: { $0.key < $1.key }) { body.append(Data("\(name): \(value)\r\n".utf8)) }
            body.append(Data("\r\n".utf8))
            body.append(part)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\nepilogue".utf8))
        return (body, headers, parts)
    }

    @Test func everyPartComesOutWholeUnderAnyCutting() throws {
        let (body, headers, parts) = Self.body()
        var generator = SplitMix64(seed: 42)
        for round in 0..<200 {
            var scanner = MultipartScanner(boundary: Self.boundary, maximumHeaderBytes: 16 * 1024)
            var seenHeaders: [[String: String]] = [[:]]
            var seenParts: [Data] = [Data()]
            var offset = 0
            while offset < body.count {
                let size = round == 0 ? 1 : Int.random(in: 1...300, using: &generator)
                let piece = body[offset..<min(body.count, offset + size)]
                offset += piece.count
                let events = try piece.withUnsafeBytes { try scanner.scan($0) }
                for event in events {
                    switch event {
                    case .header(let name, let value): seenHeaders[seenHeaders.count - 1][name] = value
                    case .body(let bytes): seenParts[seenParts.count - 1].append(bytes)
                    case .partEnd:
                        seenHeaders.append([:])
                        seenParts.append(Data())
                    }
                }
            }
            #expect(scanner.isComplete, "round \(round)")
            #expect(Array(seenParts.dropLast()) == parts, "round \(round)")
            #expect(Array(seenHeaders.dropLast()) == headers, "round \(round)")
        }
    }

    @Test func headersPastTheLimitOrWithoutAColonAreRefused() {
        var long = MultipartScanner(boundary: Self.boundary, maximumHeaderBytes: 64)
        let oversized = Data("--\(Self.boundary)\r\nX-Long: \(String(repeating: "a", count: 100))\r\n\r\nbody".utf8)
        #expect(throws: MultipartScanner.Failure.self) { _ = try oversized.withUnsafeBytes { try long.scan($0) } }
        var colonless = MultipartScanner(boundary: Self.boundary, maximumHeaderBytes: 1024)
        let broken = Data("--\(Self.boundary)\r\nno colon here\r\n\r\nbody".utf8)
        #expect(throws: MultipartScanner.Failure.self) { _ = try broken.withUnsafeBytes { try colonless.scan($0) } }
    }

    @Test func aBodyWithoutItsClosingBoundaryIsNotComplete() throws {
        var scanner = MultipartScanner(boundary: Self.boundary, maximumHeaderBytes: 1024)
        let cut = Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.mp4\"\r\n\r\nhalf a file".utf8)
        _ = try cut.withUnsafeBytes { try scanner.scan($0) }
        #expect(!scanner.isComplete)
    }
}
