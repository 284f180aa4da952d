import Foundation
import SkillKit
import Synchronization

/// Async HTTP over libcurl: each transfer runs on its own thread, and cancelling the calling
/// task aborts the transfer.
public struct CurlClient: Sendable {
    /// The most a buffered response may hold (API answers are small; this guards memory).
    public var maximumResponseBytes: Int

    public init(maximumResponseBytes: Int = 16 << 20) {
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Sends `request` and collects the whole response body.
    public func data(for request: HTTPRequest, uploadProgress: ProgressHandler? = nil) async throws -> (HTTPResponseHead, Data) {
        let limit = maximumResponseBytes
        let collected = Collected()
        let head = try await run(request) { transfer in
            transfer.onBody = { bytes in collected.append(bytes, limit: limit) }
            if let uploadProgress {
                transfer.onProgress = uploadProgress
                transfer.progressDirection = .upload
            }
        }
        if collected.overflowed { throw TransportError.responseTooLarge(limit: limit) }
        return (head, collected.data)
    }

    /// Sends `request` and writes a successful (2xx) body to `file`; any other status's body is
    /// collected and returned instead, and `file` is left alone.
    public func download(_ request: HTTPRequest, to file: URL, progress: ProgressHandler?) async throws -> (HTTPResponseHead, Data) {
        let writer = FileSink(file: file)
        let collected = Collected()
        let limit = maximumResponseBytes
        let head: HTTPResponseHead
        do {
            head = try await run(request) { transfer in
                transfer.onHead = { head in writer.accepting = (200..<300).contains(head.status) }
                transfer.onBody = { bytes in
                    writer.accepting ? writer.write(bytes) : collected.append(bytes, limit: limit)
                }
                transfer.onProgress = { value in if writer.accepting { progress?(value) } }
                transfer.progressDirection = .download
            }
        } catch {
            writer.close()
            throw writer.failure ?? error
        }
        writer.close()
        if let failure = writer.failure { throw failure }
        return (head, collected.data)
    }

    /// Sends `request` and streams the response: first its head, then the body in chunks.
    ///
    /// Ending the iteration early (or cancelling the consuming task) aborts the transfer.
    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<ResponsePart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ResponsePart, any Error>.makeStream()
        let transfer = CurlTransfer(request)
        transfer.onHead = { head in continuation.yield(.head(head)) }
        transfer.onBody = { bytes in
            continuation.yield(.body(Array(bytes)))
            return true
        }
        continuation.onTermination = { _ in transfer.cancel() }
        let thread = Thread {
            do {
                _ = try transfer.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "skillshell.curl.stream"
        thread.start()
        return stream
    }

    private func run(_ request: HTTPRequest, configure: (CurlTransfer) -> Void) async throws -> HTTPResponseHead {
        let transfer = CurlTransfer(request)
        configure(transfer)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponseHead, any Error>) in
                let thread = Thread {
                    continuation.resume(with: Result { try transfer.run() })
                }
                thread.name = "skillshell.curl"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }
}

/// A piece of a streamed response.
public enum ResponsePart: Sendable {
    case head(HTTPResponseHead)
    case body([UInt8])
}

/// A response body gathered in memory up to a limit.
private final class Collected: @unchecked Sendable {
    private(set) var data = Data()
    private(set) var overflowed = false

    func append(_ bytes: UnsafeRawBufferPointer, limit: Int) -> Bool {
        guard data.count + bytes.count <= limit else {
            overflowed = true
            return false
        }
        data.append(contentsOf: bytes)
        return true
    }
}

/// Writes a download to its file as it arrives.
private final class FileSink: @unchecked Sendable {
    let file: URL
    var accepting = false
    private var handle: FileHandle?
    private(set) var failure: TransportError?

    init(file: URL) {
        self.file = file
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        do {
            if handle == nil {
                guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o644]) else {
                    throw TransportError.file("\(file.path) could not be created")
                }
                handle = try FileHandle(forWritingTo: file)
            }
            try handle?.write(contentsOf: Data(bytes))
            return true
        } catch {
            failure = (error as? TransportError) ?? .file("writing \(file.lastPathComponent) failed: \(error.localizedDescription)")
            return false
        }
    }

    func close() {
        // try?: the body was written and flushed; close only frees the descriptor.
        try? handle?.close()
        handle = nil
    }
}
