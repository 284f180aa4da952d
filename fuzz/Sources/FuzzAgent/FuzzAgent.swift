import Foundation
import LocalStudio
import SkillKit

/// Any text as a chat line to the local studio's agent, on a one-minute clip with a song
/// uploaded: parsing, checking and applying must answer, never trap.
let draft = Draft(
    tracks: [DraftTrack(kind: .video, segments: [DraftSegment(source: "media:clip", name: "clip.mp4", start: 0, inPoint: 0, duration: 60_000)])],
    duration: 60_000
)
let assets = [
    AgentAsset(hash: "clip", filename: "clip.mp4", kind: "video", duration: 60, bytes: 60_000_000),
    AgentAsset(hash: "song", filename: "song.mp3", kind: "audio", duration: 120, bytes: 3_000_000),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let message = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let reply = EditingAgent().respond(to: message, draft: draft, assets: assets, random: 1)
    _ = TimelineSummary(reply.draft).lines
    return 0
}
