/// Any bytes as a chat stream, split in two at a place the first byte chooses: the parser must
/// never crash and never hold more than its limits. Built alone with the parser's one file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerSentEvents(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var parser = ServerSentEventParser(maximumLineBytes: 4096, maximumEventBytes: 65536)
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let cut = size > 0 ? Int(bytes[0]) % (size + 1) : 0
    var items = parser.feed(bytes[..<cut])
    items += parser.feed(bytes[cut...])
    parser.finish()
    for case .event(let event) in items where event.data.utf8.count > 65536 {
        fatalError("an event grew past its limit")
    }
    return 0
}
