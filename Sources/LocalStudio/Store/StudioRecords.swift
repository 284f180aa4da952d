import Foundation
import SkillKit

/// A media file stored once, under its content hash.
public struct MediaRecord: Codable, Sendable, Equatable {
    public var hash: String
    public var filename: String
    public var fileExtension: String
    public var info: MediaInfo
    public var bytes: Int64
    public var uploadedAt: Date

    /// The stored file's name inside the media folder.
    var storedName: String { "\(hash).\(fileExtension)" }
}

/// A session: its draft and the media uploaded to it, in order.
public struct SessionRecord: Codable, Sendable, Equatable {
    public var id: String
    public var userID: String
    public var taskID: String
    public var createdAt: Date
    public var language: String
    public var draft: JSONValue
    public var media: [String]
}

/// A user's account in the studio.
public struct UserRecord: Codable, Sendable, Equatable {
    public var id: String
    public var credits: Double
    public var frozen: Double
    public var anonymous: Bool

    public init(id: String, credits: Double, frozen: Double, anonymous: Bool) {
        self.id = id
        self.credits = credits
        self.frozen = frozen
        self.anonymous = anonymous
    }
}

/// A render job and where it stands.
public struct RenderRecord: Codable, Sendable, Equatable {
    public var id: String
    public var sessionID: String
    public var status: String
    public var progress: Double
    public var createdAt: Date
    public var updatedAt: Date
    public var draft: JSONValue
    public var output: JSONValue
    public var outputFile: String?
    public var size: Int64?
    public var duration: Double?
    public var failureReason: String?
    /// The encoding plan or report, in one line.
    public var message: String?
    /// The studio process running it while it is pending or processing; records from before
    /// owners were noted have none.
    public var owner: ProcessIdentity?

    var phase: RenderStatus.Phase { RenderStatus.Phase(rawValue: status) ?? .failed }
}

/// A claim token's grant: read-only sight of one session's project in a browser, until it expires.
public struct ClaimRecord: Codable, Sendable, Equatable {
    public var sessionID: String
    public var expiresAt: Date
}
