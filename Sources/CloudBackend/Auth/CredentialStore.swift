import Foundation
import SkillKit

/// The anonymous credentials kept between runs, in `~/.config/nemovideo/` (or under
/// `$XDG_CONFIG_HOME`): the client id, generated once, and the starter token with its expiry.
///
/// Tokens are kept per API base URL, so a token from one server is never sent to another.
public struct CredentialStore: Sendable {
    public let folder: URL
    /// `NEMO_CLIENT_ID`: a client id chosen by the user, used instead of the stored one.
    public let fixedClientID: String?

    public init(folder: URL, fixedClientID: String? = nil) {
        self.folder = folder
        let trimmed = fixedClientID?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // A header value: printable ASCII without spaces, of a sensible length.
        let usable = (1...128).contains(trimmed.count) && trimmed.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        self.fixedClientID = usable ? trimmed : nil
    }

    /// The standard folder for `environment`.
    public static func standardFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("nemovideo")
        }
        return XDGPaths(environment: environment).home.appendingPathComponent(".config/nemovideo")
    }

    var clientIDFile: URL { folder.appendingPathComponent("client_id") }
    var tokenFile: URL { folder.appendingPathComponent("anonymous-token.json") }

    /// The client id, created the first time it is asked for.
    public func clientID() throws -> String {
        if let fixedClientID { return fixedClientID }
        if let data = SecretFile.read(clientIDFile),
            let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
            UUID(uuidString: text) != nil
        {
            return text
        }
        return try renewClientID()
    }

    /// Replaces the client id with a new one (the server refused the old one).
    @discardableResult
    public func renewClientID() throws -> String {
        // The user chose the id; replacing it behind their back would be a surprise.
        if let fixedClientID { return fixedClientID }
        let fresh = UUID().uuidString.lowercased()
        try SecretFile.write(Data((fresh + "\n").utf8), to: clientIDFile)
        return fresh
    }

    /// The cached token for `apiBase`, if it has at least a minute left.
    public func token(for apiBase: URL, now: Date = Date()) -> CachedToken? {
        guard let cached = allTokens()[Self.key(apiBase)], cached.expiresAt > now.addingTimeInterval(60) else { return nil }
        return cached
    }

    /// Keeps `token` for `apiBase`.
    public func save(_ token: CachedToken, for apiBase: URL) throws {
        var all = allTokens()
        all[Self.key(apiBase)] = token
        let data = try JSONEncoder.sorted.encode(all)
        try SecretFile.write(data, to: tokenFile)
    }

    /// Forgets the token for `apiBase` (it was refused).
    public func forgetToken(for apiBase: URL) {
        var all = allTokens()
        // try?: forgetting a token that cannot be written away: the server refuses it next time anyway.
        guard all.removeValue(forKey: Self.key(apiBase)) != nil, let data = try? JSONEncoder.sorted.encode(all) else { return }
        // try?: forgetting a token that cannot be written away: the server refuses it next time anyway.
        try? SecretFile.write(data, to: tokenFile)
    }

    private func allTokens() -> [String: CachedToken] {
        guard let data = SecretFile.read(tokenFile) else { return [:] }
        // try?: an unreadable cache holds no token; a new one is asked for.
        return (try? JSONDecoder().decode([String: CachedToken].self, from: data)) ?? [:]
    }

    static func key(_ apiBase: URL) -> String {
        var text = apiBase.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text.lowercased()
    }
}

/// A starter token and when it stops working.
public struct CachedToken: Codable, Sendable, Equatable {
    public var token: String
    public var expiresAt: Date
    public var userID: String?

    public init(token: String, expiresAt: Date, userID: String?) {
        self.token = token
        self.expiresAt = expiresAt
        self.userID = userID
    }

    enum CodingKeys: String, CodingKey {
        case token
        case expiresAt = "expires_at"
        case userID = "user_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        expiresAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .expiresAt))
        userID = try container.decodeIfPresent(String.self, forKey: .userID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(expiresAt.timeIntervalSince1970.rounded(.down), forKey: .expiresAt)
        try container.encodeIfPresent(userID, forKey: .userID)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
