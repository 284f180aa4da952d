import Foundation

/// The lines of standard input, read on a thread of their own as they arrive.
///
/// Reads the descriptor with read(2), not stdio: a thread blocked in stdio holds the stream's
/// lock, which keeps the process from exiting when a script stops early. Bytes that are not
/// UTF-8 become U+FFFD, and a line is cut at `maximumBytes` so one endless line cannot fill
/// memory (the runner then refuses it as too long).
struct StandardInputLines: AsyncSequence {
    typealias Element = String

    var maximumBytes = 1 << 20

    func makeAsyncIterator() -> AsyncStream<String>.Iterator {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let limit = maximumBytes
        let thread = Thread {
            var pending = [UInt8]()
            var discarding = false
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                for byte in buffer[0..<count] {
                    if byte == 0x0A {
                        if !discarding { continuation.yield(String(decoding: pending, as: UTF8.self)) }
                        pending.removeAll(keepingCapacity: true)
                        discarding = false
                    } else if pending.count < limit {
                        pending.append(byte)
                    } else if !discarding {
                        continuation.yield(String(decoding: pending, as: UTF8.self))
                        pending.removeAll()
                        discarding = true
                    }
                }
            }
            if !pending.isEmpty, !discarding { continuation.yield(String(decoding: pending, as: UTF8.self)) }
            continuation.finish()
        }
        thread.name = "skillshell.stdin"
        thread.start()
        return stream.makeAsyncIterator()
    }
}
