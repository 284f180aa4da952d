import Foundation
import LocalStudio
import SkillKit

// Runs a set of requests (the development set, or any file of the same form) through the local
// studio's editing agent on a 60 s, 60 MB clip with a song uploaded, and prints how each was
// read: understood, partly (the rest named as not understood), misunderstood (something applied
// that was not meant) or not understood (nothing applied, and said so); the replies that said
// "Done" to a misread request; and how long parsing a message takes.

let path = CommandLine.arguments.dropFirst().first ?? "Tests/SkillKitTests/Understanding/development-set.tsv"
guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(2)
}
let cases: [(request: String, expected: [String])] = text.split(separator: "\n").compactMap { line in
    guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
    return (String(line[..<tab]), line[line.index(after: tab)...].components(separatedBy: " ; ").map { $0.trimmingCharacters(in: .whitespaces) })
}

let draft = Draft(
    tracks: [DraftTrack(kind: .video, segments: [DraftSegment(source: "media:clip", name: "clip.mp4", start: 0, inPoint: 0, duration: 60_000)])],
    duration: 60_000
)
let assets = [
    AgentAsset(hash: "clip", filename: "clip.mp4", kind: "video", duration: 60, bytes: 60_000_000),
    AgentAsset(hash: "song", filename: "song.mp3", kind: "audio", duration: 120, bytes: 3_000_000),
]
let agent = EditingAgent()

// The first parse builds the grammar's patterns; it is not what a turn costs.
_ = agent.parser.parse("compress it under 10MB and keep the first 20 seconds")

var counts: [OperationNotation.Verdict: Int] = [:]
var misread: [(String, [String], [String])] = []
var missed: [(String, [String], [String])] = []
var doneOnMisread = 0
var durations: [Double] = []
var slowest = (request: "", milliseconds: 0.0)
for item in cases {
    let clock = ContinuousClock()
    var parsed = ParsedRequest()
    // A message's cost is the median of five parses: one sample also holds whatever else the
    // machine did at that moment (a single run's maximum moved between 3.7 and 5.3 ms).
    let runs = (0..<5).map { _ in clock.measure { parsed = agent.parser.parse(item.request) } }.sorted()
    let elapsed = runs[runs.count / 2]
    durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    if durations.last! > slowest.milliseconds { slowest = (item.request, durations.last!) }
    let actual = OperationNotation.describe(parsed)
    let verdict = OperationNotation.verdict(expected: item.expected, actual: actual)
    counts[verdict, default: 0] += 1
    if verdict == .partly || verdict == .notUnderstood { missed.append((item.request, item.expected, actual)) }
    if verdict == .misunderstood {
        misread.append((item.request, item.expected, actual))
        let reply = agent.respond(to: item.request, draft: draft, assets: assets, random: 1)
        let said = reply.steps.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
        if said.hasPrefix("Done") { doneOnMisread += 1 }
    }
}

let total = cases.count
print("understanding: \(total) requests from \(path)")
for verdict in OperationNotation.Verdict.allCases {
    let count = counts[verdict, default: 0]
    let name = verdict.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
    print("  \(name)" + String(format: "%4d  %5.1f%%", count, Double(count) / Double(max(total, 1)) * 100))
}
print("  \"Done\" replies to a misread request: \(doneOnMisread)")
let sorted = durations.sorted()
let percentile = { (p: Double) -> Double in sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print(String(format: "parse time per message: median %.2f ms, p99 %.2f ms, max %.2f ms (goal < 5 ms)", percentile(0.5), percentile(0.99), sorted.last ?? 0))
print("  slowest: \(slowest.request.count) characters, \(slowest.request.prefix(60))…")
if !misread.isEmpty {
    print("misunderstood:")
    for (request, expected, actual) in misread {
        print("  \(request)\n    meant: \(expected.joined(separator: " ; "))\n    read:  \(actual.joined(separator: " ; "))")
    }
}
if !missed.isEmpty {
    print("partly or not understood:")
    for (request, expected, actual) in missed {
        print("  \(request)\n    meant: \(expected.joined(separator: " ; "))\n    read:  \(actual.joined(separator: " ; "))")
    }
}
