import CCurl
import Foundation
import SkillKit
import Synchronization

/// One libcurl easy transfer, run to completion on the calling thread.
///
/// The response is handed over as it arrives: the head once, before the first body byte,
/// then the body in chunks. Everything here runs on the transfer's own thread except
/// ``cancel()``, which only sets a flag that the progress callback (called by libcurl at least
/// once a second) turns into an abort.
final class CurlTransfer: @unchecked Sendable {
    /// Which way the progress handler counts.
    enum ProgressDirection {
        case upload, download
    }

    private let request: HTTPRequest
    private let cancelled = Atomic<Bool>(false)
    private var headerLines: [String] = []
    private var head: HTTPResponseHead?
    private var handle: UnsafeMutableRawPointer?
    private var sinkRefused = false
    private var lastProgress = ContinuousClock.now - .seconds(1)

    /// Called once with the final response's head, before any body byte.
    var onHead: (HTTPResponseHead) -> Void = { _ in }
    /// Called with each piece of the body; returning false aborts the transfer.
    var onBody: (UnsafeRawBufferPointer) -> Bool = { _ in true }
    var onProgress: ProgressHandler?
    var progressDirection: ProgressDirection = .download

    init(_ request: HTTPRequest) {
        self.request = request
    }

    /// Asks the running transfer to stop; it ends with `CancellationError` within about a second.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Runs the transfer, blocking the calling thread until it ends.
    func run() throws -> HTTPResponseHead {
        CurlGlobal.ensureInitialised()
        if isCancelled { throw CancellationError() }
        guard let easy = curl_easy_init() else { throw TransportError.other(code: -1, message: "libcurl could not start a transfer") }
        handle = easy
        defer {
            curl_easy_cleanup(easy)
            handle = nil
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var mime: OpaquePointer?
        defer { if let mime { curl_mime_free(mime) } }

        let this = Unmanaged.passUnretained(self).toOpaque()
        try withExtendedLifetime(self) {
            try configure(easy, errorBuffer: errorBuffer, context: this)
            for (name, value) in request.headers {
                headerList = curl_slist_append(headerList, Self.headerLine(name, value))
            }
            // curl would otherwise wait a second for "100 Continue" before a large body.
            headerList = curl_slist_append(headerList, "Expect:")
            try check(ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

            switch request.body {
            case .none:
                if request.method == .post {
                    try check(ccurl_setopt_long(easy, CURLOPT_POST, 1))
                    try check(ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0))
                } else {
                    try check(ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1))
                }
            case .bytes(let data, _):
                try check(ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count)))
                try data.withUnsafeBytes { bytes in
                    // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
                    try check(ccurl_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))))
                }
            case .files(let files, let field):
                mime = curl_mime_init(easy)
                for file in files {
                    let part = curl_mime_addpart(mime)
                    curl_mime_name(part, field)
                    guard curl_mime_filedata(part, file.path) == CURLE_OK else {
                        throw TransportError.file("\(file.lastPathComponent) could not be read")
                    }
                    curl_mime_filename(part, file.lastPathComponent)
                    curl_mime_type(part, MediaTypes.type(forExtension: file.pathExtension))
                }
                try check(ccurl_setopt_mime(easy, mime))
            }

            let code = curl_easy_perform(easy)
            if code != CURLE_OK {
                throw error(for: code, message: String(cString: errorBuffer))
            }
        }
        let final = head ?? currentHead(easy)
        if head == nil { onHead(final) }
        return final
    }

    private func configure(_ easy: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer) throws {
        try check(ccurl_setopt_string(easy, CURLOPT_URL, request.url.absoluteString))
        try check(ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(ccurl_setopt_string(easy, CURLOPT_USERAGENT, "skillshell/\(SkillShellVersion.current)"))
        // Only the web: a redirect to file:// or anything else is refused.
        try check(ccurl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(ccurl_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        try check(ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1))
        try check(ccurl_setopt_long(easy, CURLOPT_MAXREDIRS, 5))
        // Never hand credentials to a host a redirect points at (curl drops a custom
        // Authorization header on a change of host unless this is set; keep it off).
        try check(ccurl_setopt_long(easy, CURLOPT_UNRESTRICTED_AUTH, 0))
        try check(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        try check(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        try check(ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))

        let timeouts = request.timeouts
        try check(ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(timeouts.connect)))
        try check(ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1))
        try check(ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Self.milliseconds(timeouts.idle) / 1000)))
        if let total = timeouts.total {
            try check(ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(total)))
        }

        try check(ccurl_setopt_write(easy, curlWrite))
        try check(ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        try check(ccurl_setopt_header(easy, curlHeader))
        try check(ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        try check(ccurl_setopt_long(easy, CURLOPT_NOPROGRESS, 0))
        try check(ccurl_setopt_progress(easy, curlProgress))
        try check(ccurl_setopt_pointer(easy, CURLOPT_XFERINFODATA, context))
    }

    // MARK: Callbacks from libcurl, on this transfer's thread.

    fileprivate func receivedHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // Each response (a redirect, "100 Continue", the final one) starts with its status line.
        if line.hasPrefix("HTTP/") { headerLines = [] }
        if !line.isEmpty, headerLines.count < 200 { headerLines.append(line) }
    }

    fileprivate func receivedBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if head == nil, let handle {
            let first = currentHead(handle)
            head = first
            onHead(first)
        }
        if isCancelled { return false }
        guard onBody(bytes) else {
            sinkRefused = true
            return false
        }
        return true
    }

    fileprivate func progressed(downloaded: Int64, downloadTotal: Int64, uploaded: Int64, uploadTotal: Int64) -> Bool {
        if isCancelled { return false }
        guard let onProgress else { return true }
        let (done, total) = progressDirection == .upload ? (uploaded, uploadTotal) : (downloaded, downloadTotal)
        let now = ContinuousClock.now
        if now - lastProgress >= .milliseconds(100) || (total > 0 && done == total) {
            lastProgress = now
            onProgress(TransferProgress(completed: done, total: total > 0 ? total : nil))
        }
        return true
    }

    // MARK: Helpers

    private func currentHead(_ easy: UnsafeMutableRawPointer) -> HTTPResponseHead {
        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var headers: [String: String] = [:]
        for line in headerLines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPResponseHead(status: status, headers: headers)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw TransportError.other(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }

    private func error(for code: CURLcode, message: String) -> any Error {
        let detail = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return CancellationError()
        case CURLE_WRITE_ERROR where isCancelled:
            return CancellationError()
        case CURLE_WRITE_ERROR where sinkRefused:
            return TransportError.file(detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError.unresolvedHost(request.url.host ?? request.url.absoluteString)
        case CURLE_COULDNT_CONNECT:
            return TransportError.connectionRefused(request.url.host ?? request.url.absoluteString)
        case CURLE_OPERATION_TIMEDOUT where detail.hasPrefix("Resolving timed out"):
            // A resolver that never answers is still a name that did not resolve.
            return TransportError.unresolvedHost(request.url.host ?? request.url.absoluteString)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError.timedOut
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE:
            return TransportError.insecure(detail)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return TransportError.interrupted(detail)
        case CURLE_READ_ERROR, CURLE_FILE_COULDNT_READ_FILE:
            return TransportError.file(detail)
        default:
            return TransportError.other(code: Int(code.rawValue), message: detail)
        }
    }

    /// "Name: value" with any line break removed, so a value cannot add a header.
    static func headerLine(_ name: String, _ value: String) -> String {
        let clean = { (text: String) in String(text.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }) }
        return "\(clean(name)): \(clean(value))"
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))  // checked: a configured Duration
    }
}

/// libcurl's process-wide set-up, done once before the first transfer.
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}

private func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
}

private let curlWrite: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    let length = size * count
    guard let data else { return length }
    let accepted = transfer(context).receivedBody(UnsafeRawBufferPointer(start: data, count: length))
    return accepted ? length : 0
}

private let curlHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
    let length = size * count
    guard let data else { return length }
    transfer(context).receivedHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private let curlProgress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    context, downloadTotal, downloaded, uploadTotal, uploaded in
    transfer(context).progressed(
        downloaded: Int64(downloaded), downloadTotal: Int64(downloadTotal), uploaded: Int64(uploaded), uploadTotal: Int64(uploadTotal)
    ) ? 0 : 1
}
