import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a socket to 127.0.0.1, for contract tests: it shows the
/// server's bytes exactly as sent and when each piece arrived.
public struct TestHTTPClient: Sendable {
    public let port: Int

    public init(port: Int) { self.port = port }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        /// Each piece of the body as it arrived, with the time since the request was sent.
        public var arrivals: [(seconds: Double, bytes: Data)]

        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var code: Int? { json["code"] as? Int }
        public var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public func send(_ method: String, _ path: String, headers: [String: String] = [:], body: Data = Data(), declaredLength: Int? = nil) async throws -> Response {
        try await offPool { try sendBlocking(method, path, headers: headers, body: body, declaredLength: declaredLength) }
    }

    public func json(_ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:], _ object: Any? = nil) async throws -> Response {
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        var body = Data()
        if let object {
            body = try JSONSerialization.data(withJSONObject: object)
            all["Content-Type"] = "application/json"
        }
        return try await send(method, path, headers: all, body: body)
    }

    private func sendBlocking(_ method: String, _ path: String, headers: [String: String], body: Data, declaredLength: Int?) throws -> Response {
        let fd = try RawConnection.connectedSocket(port: port)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(declaredLength ?? body.count)\r\n\r\n"
        let start = Date()
        var request = Data(head.utf8)
        request.append(body)
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }

        var raw = Data()
        var arrivals: [(Double, Data)] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            let piece = Data(buffer[0..<count])
            raw.append(piece)
            arrivals.append((Date().timeIntervalSince(start), piece))
        }
        guard let split = raw.range(of: Data("\r\n\r\n".utf8)) else { throw TestFailure("no response head") }
        let headText = String(decoding: raw[..<split.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        var responseHeaders: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            responseHeaders[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var content = Data(raw[split.upperBound...])
        if responseHeaders["transfer-encoding"]?.lowercased() == "chunked" { content = Self.dechunk(content) }
        return Response(status: status, headers: responseHeaders, body: content, arrivals: arrivals)
    }

    public static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var index = data.startIndex
        while let lineEnd = data[index...].range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let chunkStart = lineEnd.upperBound
            let chunkEnd = data.index(chunkStart, offsetBy: size, limitedBy: data.endIndex) ?? data.endIndex
            result.append(data[chunkStart..<chunkEnd])
            index = data.index(chunkEnd, offsetBy: 2, limitedBy: data.endIndex) ?? data.endIndex
        }
        return result
    }

    /// A multipart/form-data body with one `files` part per file.
    public static func multipart(_ files: [(name: String, data: Data)]) -> (body: Data, contentType: String) {
        let boundary = "skillshell-\(UUID().uuidString)"
        var body = Data()
        for file in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
