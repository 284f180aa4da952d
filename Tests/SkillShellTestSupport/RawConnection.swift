import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare TCP connection to 127.0.0.1, for clients that misbehave: they send part of a
/// request, trickle it, or nothing at all.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    public init(port: Int, receiveBuffer: Int? = nil) throws {
        descriptor = try Self.connectedSocket(port: port, receiveBuffer: receiveBuffer)
    }

    /// A TCP socket connected to 127.0.0.1:`port`; the caller closes it. A fixed
    /// `receiveBuffer` keeps the kernel from growing it, for a client that stops reading.
    public static func connectedSocket(port: Int, receiveBuffer: Int? = nil) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed") }
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw TestFailure("connect failed")
        }
        return descriptor
    }

    deinit { close(descriptor) }

    /// Sends `text`; false once the server has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Everything the server sends within `seconds`, or until it closes the connection.
    public func readAll(within seconds: Double) -> String {
        String(decoding: readAllData(within: seconds), as: UTF8.self)
    }

    /// The bytes of ``readAll(within:)``.
    public func readAllData(within seconds: Double) -> Data {
        let deadline = Date().addingTimeInterval(seconds)
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { received.append(contentsOf: buffer[0..<count]) } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { break }
        }
        return received
    }

    /// Whether the server closes the connection within `seconds` (reading and dropping any
    /// response it sends first).
    public func isClosed(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            guard ready > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
        }
        return false
    }
}
