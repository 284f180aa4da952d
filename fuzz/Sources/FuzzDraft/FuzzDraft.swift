import Foundation
import SkillKit

/// Any bytes as a state's draft: decoding, the timeline summary, the diff against an empty
/// draft and the batch split must all survive whatever keys and values arrive.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDraft(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let json = JSONValue.parse(Data(bytes: data, count: size)) else { return 0 }
    let draft = Draft(json: json)
    _ = TimelineSummary(draft).lines
    _ = DraftDiff(from: Draft(), to: draft).sentence
    _ = draft.itemsBySource()
    _ = draft.json.jsonText()
    return 0
}
