import Foundation
import SkillKit

/// The studio's files: media, renders and uploads under one folder, and (as the default
/// ``RecordStore``) sessions, users and renders as JSON records written atomically (a temporary
/// file renamed into place), so a kill never leaves half a record. Its records serve one machine:
/// the changes of one process are serialised by the actor, not across processes.
public actor StudioStore: RecordStore {
    public let root: URL
    private let encoder: JSONEncoder
    private let decoder: JSONDecoder

    public init(root: URL) throws {
        self.root = root
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        self.encoder = encoder
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        self.decoder = decoder
        for folder in ["sessions", "users", "media", "renders", "incoming", "tokens", "clients", "claims"] {
            do {
                try FileManager.default.createDirectory(
                    at: root.appendingPathComponent(folder), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw StudioError.storage(error.localizedDescription)
            }
        }
    }

    var mediaFolder: URL { root.appendingPathComponent("media") }
    var rendersFolder: URL { root.appendingPathComponent("renders") }
    /// Where uploads are written before they are hashed and moved into the media folder.
    public var incomingFolder: URL { root.appendingPathComponent("incoming") }

    // MARK: Records

    func save<Record: Encodable>(_ record: Record, in folder: String, id: String) throws {
        guard Self.isSafeIdentifier(id) else { throw StudioError.storage("unsafe record id") }
        do {
            let data = try encoder.encode(record)
            try data.write(to: root.appendingPathComponent(folder).appendingPathComponent("\(id).json"), options: .atomic)
        } catch {
            throw StudioError.storage(error.localizedDescription)
        }
    }

    func load<Record: Decodable>(_ type: Record.Type, in folder: String, id: String) -> Record? {
        guard Self.isSafeIdentifier(id),
            // try?: a record that is missing or unreadable is no record.
            let data = try? Data(contentsOf: root.appendingPathComponent(folder).appendingPathComponent("\(id).json"))
        else { return nil }
        // try?: a record that is missing or unreadable is no record.
        return try? decoder.decode(type, from: data)
    }

    func all<Record: Decodable>(_ type: Record.Type, in folder: String) -> [Record] {
        let directory = root.appendingPathComponent(folder)
        // try?: a folder that cannot be listed holds no records.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            // try?: an unreadable record is left out of the list.
            (try? Data(contentsOf: directory.appendingPathComponent(name))).flatMap { try? decoder.decode(type, from: $0) }
        }
    }

    public func session(_ id: String) -> SessionRecord? { load(SessionRecord.self, in: "sessions", id: id) }
    public func save(_ session: SessionRecord) throws { try save(session, in: "sessions", id: session.id) }
    public func save(_ session: SessionRecord, replacing previous: SessionRecord) throws -> Bool {
        guard self.session(session.id) == previous else { return false }
        try save(session)
        return true
    }

    public func user(_ id: String) -> UserRecord? { load(UserRecord.self, in: "users", id: id) }
    public func save(_ user: UserRecord) throws { try save(user, in: "users", id: user.id) }
    public func insertUser(_ user: UserRecord) throws -> UserRecord {
        if let existing = self.user(user.id) { return existing }
        try save(user)
        return user
    }
    public func charge(userID: String, amount: Double) throws -> UserRecord? {
        guard var account = user(userID), account.credits >= amount else { return nil }
        account.credits -= amount
        try save(account)
        return account
    }

    public func media(_ hash: String) -> MediaRecord? { load(MediaRecord.self, in: "media", id: hash) }
    public func save(_ media: MediaRecord) throws { try save(media, in: "media", id: media.hash) }

    public func render(_ id: String) -> RenderRecord? { load(RenderRecord.self, in: "renders", id: id) }
    public func save(_ render: RenderRecord) throws { try save(render, in: "renders", id: render.id) }
    public func allRenders() -> [RenderRecord] { all(RenderRecord.self, in: "renders") }
    public func renders(sessionID: String) -> [RenderRecord] { allRenders().filter { $0.sessionID == sessionID } }
    public func unfinishedRenders() -> [RenderRecord] { allRenders().filter { $0.phase == .pending || $0.phase == .processing } }

    public func token(_ digest: String) -> TokenRecord? { load(TokenRecord.self, in: "tokens", id: digest) }
    public func claim(_ digest: String) -> ClaimRecord? { load(ClaimRecord.self, in: "claims", id: digest) }
    public func save(_ claim: ClaimRecord, digest: String) throws { try save(claim, in: "claims", id: digest) }
    public func save(_ token: TokenRecord, digest: String) throws { try save(token, in: "tokens", id: digest) }
    public func client(_ digest: String) -> ClientRecord? { load(ClientRecord.self, in: "clients", id: digest) }

    /// Forgets expired tokens, and client ids whose wait is over; answers how many went.
    @discardableResult
    public func removeExpiredCredentials(clientWait: TimeInterval, now: Date = Date()) -> Int {
        var removed = 0
        for (folder, expired) in [
            // try?: an unreadable record counts as expired and is removed.
            ("tokens", { (data: Data) in (try? self.decoder.decode(TokenRecord.self, from: data)).map { $0.expiresAt <= now } ?? true }),
            ("clients", { (data: Data) in (try? self.decoder.decode(ClientRecord.self, from: data)).map { $0.issuedAt.addingTimeInterval(clientWait) <= now } ?? true }),
            ("claims", { (data: Data) in (try? self.decoder.decode(ClaimRecord.self, from: data)).map { $0.expiresAt <= now } ?? true }),
        ] {
            let directory = root.appendingPathComponent(folder)
            // try?: a folder that cannot be listed has nothing to sweep.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasSuffix(".json") {
                let file = directory.appendingPathComponent(name)
                // try?: sweeping expired records is best effort; the next start sweeps again.
                guard let data = try? Data(contentsOf: file), expired(data) else { continue }
                // try?: sweeping expired records is best effort; the next start sweeps again.
                try? FileManager.default.removeItem(at: file)
                removed += 1
            }
        }
        return removed
    }
    public func save(_ client: ClientRecord, digest: String) throws { try save(client, in: "clients", id: digest) }

    /// The stored file of a media record.
    public func mediaFile(_ record: MediaRecord) -> URL { mediaFolder.appendingPathComponent(record.storedName) }

    /// Moves a file into the media folder under its hash; a file already stored is not stored twice.
    func adopt(_ file: URL, hash: String, fileExtension: String) throws -> URL {
        let destination = mediaFolder.appendingPathComponent("\(hash).\(fileExtension)")
        let files = FileManager.default
        if files.fileExists(atPath: destination.path) {
            // try?: best effort; the next start sweeps again.
            try? files.removeItem(at: file)
            return destination
        }
        do {
            try files.moveItem(at: file, to: destination)
        } catch {
            throw StudioError.storage(error.localizedDescription)
        }
        return destination
    }

    /// Removes files in the incoming folder not written to for `age` seconds.
    func removeStaleIncoming(olderThan age: TimeInterval, now: Date = Date()) {
        let files = FileManager.default
        // try?: a folder that cannot be listed has nothing to sweep.
        for name in (try? files.contentsOfDirectory(atPath: incomingFolder.path)) ?? [] {
            let file = incomingFolder.appendingPathComponent(name)
            // try?: a file without a date is left alone.
            guard let modified = (try? files.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > age
            else { continue }
            // try?: best effort; the next start sweeps again.
            try? files.removeItem(at: file)
        }
    }

    /// Ids are made by the studio or the client; only plain names may become file names.
    public static func isSafeIdentifier(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128
            && id.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
    }
}
