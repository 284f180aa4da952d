import Foundation

/// A token the studio issued; stored under the SHA-256 of the token, never the token itself.
public struct TokenRecord: Codable, Sendable, Equatable {
    public var userID: String
    public var expiresAt: Date
    public var anonymous: Bool
}

/// When a client id last received an anonymous token; stored under the SHA-256 of the id.
public struct ClientRecord: Codable, Sendable, Equatable {
    public var issuedAt: Date

    public init(issuedAt: Date) { self.issuedAt = issuedAt }
}
