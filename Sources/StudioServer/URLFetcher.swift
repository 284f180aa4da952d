import Foundation
import LocalStudio
import SkillKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Downloads a URL upload to a file, for a studio started with `--allow-url-uploads`.
///
/// The destination must be a public address: every address its name resolves to is checked,
/// and so is every redirect, so a client cannot make the studio read its own loopback services
/// or the private network it sits in. The size limit holds while the bytes stream in, the whole
/// fetch has a deadline, and the file is written 0600 in the studio's store.
enum URLFetcher {
    static let deadline: TimeInterval = 600

    static func fetch(_ url: URL, to destination: URL) async throws -> URL {
        try await checkDestination(url)
        return try await stream(url, to: destination, limit: MediaRules.maximumUploadBytes, deadline: deadline)
    }

    /// The download itself, once the destination was checked: streamed into a 0600 file, cut
    /// off past `limit` bytes or `deadline` seconds, and nothing left behind when it fails.
    static func stream(_ url: URL, to destination: URL, limit: Int64, deadline: TimeInterval) async throws -> URL {
        let delegate = FetchDelegate(destination: destination, limit: limit)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = min(30, deadline)
        configuration.timeoutIntervalForResource = deadline
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            try await delegate.run(session.dataTask(with: url))
        } catch {
            // try?: a partial download that cannot be removed is caught by the stale-incoming sweep.
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
        return destination
    }

    /// Refuses a URL whose host is, or resolves to, an address that is not public.
    static func checkDestination(_ url: URL) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread { continuation.resume(with: Result { try checkDestinationNow(url) }) }.start()
        }
    }

    /// ``checkDestination(_:)`` on the calling thread (it blocks on the name look-up).
    static func checkDestinationNow(_ url: URL) throws {
        guard url.scheme == "http" || url.scheme == "https", let host = url.host, !host.isEmpty else {
            throw StudioError.badRequest("Only http and https URLs can be uploaded.")
        }
        let addresses = resolve(host)
        guard !addresses.isEmpty else { throw StudioError.badRequest("\(host) could not be resolved.") }
        if let blocked = addresses.first(where: { !isPublic($0) }) {
            _ = blocked
            throw StudioError.forbidden("\(host) is not a public address; the studio fetches only from the internet.")
        }
    }

    /// The addresses a host name resolves to, as bytes (4 for IPv4, 16 for IPv6).
    static func resolve(_ host: String) -> [[UInt8]] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [[UInt8]] = []
        var cursor = result
        while let info = cursor {
            if info.pointee.ai_family == AF_INET, let raw = info.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var value = address.pointee.sin_addr.s_addr
                    addresses.append(withUnsafeBytes(of: &value) { Array($0) })
                }
            } else if info.pointee.ai_family == AF_INET6, let raw = info.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var value = address.pointee.sin6_addr
                    addresses.append(withUnsafeBytes(of: &value) { Array($0) })
                }
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }

    /// Whether an address is one of the internet's: not loopback, private, link-local, shared
    /// (CGNAT), multicast, reserved or unspecified; IPv4-mapped IPv6 addresses are judged as IPv4.
    static func isPublic(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 16 {
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return isPublic(Array(bytes[12..<16])) }
            if bytes.allSatisfy({ $0 == 0 }) { return false }  // ::
            if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return false }  // ::1
            if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
            if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
            if bytes[0] == 0xFF { return false }  // multicast
            if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return false }  // documentation
            return true
        }
        guard bytes.count == 4 else { return false }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false
        case 100 where b & 0xC0 == 64: return false  // 100.64/10
        case 169 where b == 254: return false  // link-local
        case 172 where (16...31).contains(b): return false
        case 192 where b == 168: return false
        case 192 where b == 0 && bytes[2] == 0: return false
        case 198 where b == 18 || b == 19: return false  // benchmarking
        case 224...255: return false  // multicast and reserved
        default: return true
        }
    }
}

/// Streams a response into a 0600 file, refusing redirects to addresses that are not public and
/// stopping as soon as the body passes the limit.
final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // Unchecked: URLSession calls the delegate on its own serial queue; the lock covers the
    // state the awaiting task reads.
    private let lock = NSLock()
    private let destination: URL
    private let limit: Int64
    private var handle: FileHandle?
    private var written: Int64 = 0
    private var failure: (any Error)?
    private var continuation: CheckedContinuation<Void, any Error>?

    init(destination: URL, limit: Int64) {
        self.destination = destination
        self.limit = limit
    }

    func run(_ task: URLSessionDataTask) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                lock.withLock { self.continuation = continuation }
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// Records why the fetch failed; `task` is cancelled only where no completion handler
    /// answers for it (FoundationNetworking traps on a cancel inside a redirect callback).
    private func fail(_ error: any Error, cancelling task: URLSessionTask? = nil) {
        lock.withLock { if failure == nil { failure = error } }
        task?.cancel()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        // The delegate's own queue may block on the name look-up: nothing else runs on it.
        guard let url = request.url else { return completionHandler(nil) }
        do {
            try URLFetcher.checkDestinationNow(url)
            completionHandler(request)
        } catch {
            // Not followed: the redirect itself arrives as the response, and is refused there.
            fail(error)
            completionHandler(nil)
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            fail(StudioError.badRequest("\(response.url?.absoluteString ?? "The URL") could not be fetched."))
            return completionHandler(.cancel)
        }
        if http.expectedContentLength > limit {
            fail(StudioError.fileTooLarge(name: response.url?.lastPathComponent ?? "download", bytes: http.expectedContentLength))
            return completionHandler(.cancel)
        }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            // try?: a nil handle fails the fetch below with its own reason.
            let opened = try? FileHandle(forWritingTo: destination)
        else {
            fail(StudioError.storage("the download could not be written"))
            return completionHandler(.cancel)
        }
        lock.withLock { handle = opened }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over: Bool = lock.withLock {
            written += Int64(data.count)
            guard written <= limit else { return true }
            // try?: a short write shows as a size mismatch, which fails the fetch.
            try? handle?.write(contentsOf: data)
            return false
        }
        if over { fail(StudioError.fileTooLarge(name: dataTask.originalRequest?.url?.lastPathComponent ?? "download", bytes: written), cancelling: dataTask) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, failure): (CheckedContinuation<Void, any Error>?, (any Error)?) = lock.withLock {
            // try?: the bytes are written; close only frees the descriptor.
            try? handle?.close()
            handle = nil
            let pending = self.continuation
            self.continuation = nil
            return (pending, self.failure ?? error.map { _ in StudioError.badRequest("\(task.originalRequest?.url?.absoluteString ?? "The URL") could not be fetched before the deadline.") })
        }
        if let failure { continuation?.resume(throwing: failure) } else { continuation?.resume() }
    }
}
