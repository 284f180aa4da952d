import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A pipe from one tool to another that run side by side, such as an encoder handing its output
/// to the tool that measures it while it is still being written.
///
/// A tool gets no descriptor above stderr (`ProcessRunner`), so each end reaches its tool as
/// standard input: the reader reads `pipe:0` as usual, and the writer writes to `pipe:0`, which
/// for it is the pipe's writing end. This process gives each end away: it closes its copy as soon
/// as the tool holding it has started (or could not start), so the reader sees the end of the
/// stream when the writer ends, and the writer is told the reader has gone (ffmpeg's tee muxer
/// then drops that output and goes on) instead of blocking.
struct ToolPipe: Sendable {
    let reading: End
    let writing: End

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw RenderFailure("the system refused a pipe (\(String(cString: strerror(errno)))); close some programs and try again.")
        }
        // Neither end may leak into other programs this process starts (tools get none anyway).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        reading = End(FileDescriptor(rawValue: ends[0]))
        writing = End(FileDescriptor(rawValue: ends[1]))
    }

    /// One end, closed in this process exactly once, whoever gets to it first.
    final class End: Sendable {
        private let descriptor: Mutex<FileDescriptor?>

        init(_ descriptor: FileDescriptor) { self.descriptor = Mutex(descriptor) }

        /// The descriptor while this process still holds it.
        var current: FileDescriptor? { descriptor.withLock { $0 } }

        func close() {
            descriptor.withLock { held in
                // try?: closing a pipe's end cannot lose data; nothing to tell anyone.
                try? held?.close()
                held = nil
            }
        }

        deinit { close() }
    }
}
