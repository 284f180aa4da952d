import Foundation
import SkillKit

/// Any line the user might type or paste: the router, the slash-command parser and the export
/// options parser must classify it without crashing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRouter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let paths = PathDetector(home: URL(fileURLWithPath: "/home/fuzz"), currentDirectory: URL(fileURLWithPath: "/tmp"), fileExists: { _ in false })
    _ = IntentRouter(paths: paths).route(line)
    _ = SlashCommand.parse(line, paths: paths)
    _ = ExportRequest(parsing: line)
    return 0
}
