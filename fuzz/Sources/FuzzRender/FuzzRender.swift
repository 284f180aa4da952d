import Foundation
import LocalStudio
import SkillKit

/// Any bytes as a render request's draft: the arrival check, decoding and planning the encode
/// must answer (a reason, a plan, or a plan error), never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRender(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let json = JSONValue.parse(Data(bytes: data, count: size)) else { return 0 }
    let problem = DraftLimits.problem(in: json)
    let draft = Draft(json: json)
    _ = TimelineSummary(draft).lines
    guard problem == nil else { return 0 }
    let settings = ExportSettings(draft: draft)
    let end = draft.tracks.flatMap { $0.placedSegments.map(\.end) }.max() ?? 0
    let input = PlanInput(
        duration: Double(end) / 1000 / (settings.speed ?? 1), width: 1920, height: 1080, fps: 60, hasAudio: true,
        targetBytes: settings.targetBytes, resolution: settings.resolution, aspect: settings.aspect, maxFPS: settings.maxFPS
    )
    _ = try? EncodePlanner.plan(input)
    return 0
}
