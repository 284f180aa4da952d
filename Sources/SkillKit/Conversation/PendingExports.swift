import Foundation

/// Renders that were started but whose files are not downloaded yet, kept on disk so that a
/// crash, a kill or a cut cable never orphans one: the next start (or `/resume`) finishes them.
public struct PendingExports: Sendable {
    /// One render waiting for its download.
    public struct Entry: Codable, Sendable, Equatable {
        public var renderID: String
        public var sessionID: String
        /// ``AgentBackend/identity`` of the backend that runs it.
        public var backend: String
        public var skill: String
        /// Where the file goes, and the name it is meant to have.
        public var folder: String
        public var stem: String
        public var format: String
        public var options: JSONValue
        public var startedAt: Date
        /// The account it was started under (see ``PendingExports/account(of:)``); records
        /// written before accounts were noted have none and go to any account.
        public var account: String?

        public init(
            renderID: String, sessionID: String, backend: String, skill: String, folder: String, stem: String,
            format: String, options: JSONValue, startedAt: Date = Date(), account: String? = nil
        ) {
            self.renderID = renderID
            self.sessionID = sessionID
            self.backend = backend
            self.skill = skill
            self.folder = folder
            self.stem = stem
            self.format = format
            self.options = options
            self.startedAt = startedAt
            self.account = account
        }

        /// Whether the account `current` (from ``PendingExports/account(of:)``) may finish
        /// this render: a starter token's render is not asked of a NEMO_TOKEN account, nor one
        /// user's of another, since the server would not know it and it would be dropped.
        public func belongs(to current: String) -> Bool {
            guard let account else { return true }
            let recorded = account.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let now = current.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard recorded.count == 2, now.count == 2 else { return account == current }
            guard recorded[0] == now[0] else { return false }
            return recorded[1].isEmpty || now[1].isEmpty || recorded[1] == now[1]
        }
    }

    /// How long a render of another account is kept waiting for it: a starter token's week.
    public static let otherAccountsKeptFor: TimeInterval = 7 * 24 * 3600

    /// Names the account of `session`: the kind of credential, and the user id where the
    /// server gave one ("anonymous:anon_12", "account:"). It holds no secret.
    public static func account(of session: BackendSession) -> String {
        "\(session.isAnonymous ? "anonymous" : "account"):\(session.userID ?? "")"
    }

    /// The JSON file; `nil` keeps nothing (tests that do not care).
    public let file: URL?

    public init(file: URL?) {
        self.file = file
    }

    /// The entries on disk, oldest first; an unreadable file reads as empty.
    public func entries() -> [Entry] {
        guard let file, let data = FileManager.default.contents(atPath: file.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        // try?: a record file that cannot be read holds no export to finish.
        return ((try? decoder.decode([Entry].self, from: data)) ?? []).sorted { $0.startedAt < $1.startedAt }
    }

    /// The entries that belong to `backend`.
    public func entries(for backend: String) -> [Entry] {
        entries().filter { $0.backend == backend }
    }

    /// Records `entry`, replacing one with the same render id.
    public func add(_ entry: Entry) throws {
        var all = entries().filter { $0.renderID != entry.renderID }
        all.append(entry)
        try write(all)
    }

    /// Forgets the render `id` (its file is saved, or it is gone for good).
    public func remove(_ id: String) {
        let all = entries()
        guard all.contains(where: { $0.renderID == id }) else { return }
        // try?: a record left behind is named once at the next start and forgotten.
        try? write(all.filter { $0.renderID != id })
    }

    private func write(_ entries: [Entry]) throws {
        guard let file else { return }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        try encoder.encode(entries).write(to: file, options: .atomic)
    }
}
