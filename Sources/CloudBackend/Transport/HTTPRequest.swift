import Foundation

/// One HTTP request for the transport: what to send and how long to wait.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    /// What goes in the request body.
    public enum Body: Sendable {
        case none
        case bytes(Data, contentType: String)
        /// `multipart/form-data`, each file streamed from disk under `field`.
        case files([URL], field: String)
    }

    public var method: Method
    public var url: URL
    /// Header fields in order; names are sent as given.
    public var headers: [(name: String, value: String)]
    public var body: Body
    public var timeouts: TransferTimeouts

    public init(method: Method = .get, url: URL, headers: [(name: String, value: String)] = [], body: Body = .none, timeouts: TransferTimeouts = .standard) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }

    /// The value of the header `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// How long a transfer may take to connect, sit idle, and run in all.
public struct TransferTimeouts: Sendable, Equatable {
    public var connect: Duration
    /// A transfer that moves no byte for this long is abandoned.
    public var idle: Duration
    /// The longest the whole transfer may run; `nil` for none (large uploads and downloads).
    public var total: Duration?

    public init(connect: Duration, idle: Duration, total: Duration?) {
        self.connect = connect
        self.idle = idle
        self.total = total
    }

    /// Ordinary API calls.
    public static let standard = TransferTimeouts(connect: .seconds(15), idle: .seconds(60), total: .seconds(120))
    /// The chat stream: the contract allows 15 minutes, kept alive by heartbeats.
    public static let eventStream = TransferTimeouts(connect: .seconds(15), idle: .seconds(300), total: .seconds(15 * 60))
    /// Uploads and downloads: as long as bytes keep moving.
    public static let transfer = TransferTimeouts(connect: .seconds(15), idle: .seconds(60), total: nil)
}

/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    /// Header values by lowercased name; a repeated header keeps its last value.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }

    public subscript(name: String) -> String? { headers[name.lowercased()] }

    /// `Retry-After` in seconds, when it is given as a number.
    public var retryAfter: Duration? {
        guard let text = self["retry-after"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .seconds(min(seconds, 3600))
    }
}
