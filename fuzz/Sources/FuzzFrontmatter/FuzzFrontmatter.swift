import Foundation
import SkillKit

/// Any bytes as a SKILL.md: the loader must answer with a manifest or a ManifestError, never
/// crash, hang or blow up memory (alias bombs, deep nesting, huge strings).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontmatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ManifestLoader.parse(text, file: "/fuzz/SKILL.md", folderName: "fuzz")
    return 0
}
