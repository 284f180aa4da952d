import Foundation

/// Where a PostgreSQL database is, read from `postgres://user:password@host:port/database`
/// (`postgresql://` too, `?sslmode=require|prefer|disable`, `?host=/run/postgresql` for a socket
/// folder). The password is never part of ``description``.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    /// The folder of the server's socket, when connecting through one.
    public var socketFolder: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Reads `text`; throws a sentence that says what is wrong and what a good one looks like.
    public init(_ text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme)
        else { throw DatabaseURLError("it does not start with postgres://") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name.lowercased(), $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        guard socketFolder != nil || !host.isEmpty else { throw DatabaseURLError("it names no host") }
        port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw DatabaseURLError("its port \(port) is not a port") }
        username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? username
        let mode = query["sslmode"]?.lowercased() ?? (["localhost", "127.0.0.1", "::1"].contains(host) || socketFolder != nil ? "disable" : "prefer")
        switch mode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        default: throw DatabaseURLError("its sslmode \(mode.prefix(20)) is not one of disable, prefer, require")
        }
    }

    /// The address without the password: `postgres://skillshell@db.example:5432/skillshell`.
    public var description: String {
        let place = socketFolder.map { "?host=\($0)" } ?? ""
        return "postgres://\(username)@\(host):\(port)/\(database)\(place)"
    }
}

/// A database address that cannot be used, with what is wrong.
public struct DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String {
        "The database address cannot be used: \(reason). Give one like postgres://user:password@host:5432/skillshell."
    }
}
