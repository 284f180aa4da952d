import Foundation
import Testing

@testable import CloudBackend

/// The client id and the cached token: private files, one token per server.
struct CredentialStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString.prefix(8))/nemovideo")

    static func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func clientIDIsMadeOnceAndKeptPrivate() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let store = CredentialStore(folder: folder)
        let first = try store.clientID()
        #expect(UUID(uuidString: first) != nil)
        #expect(try store.clientID() == first)
        #expect(try Self.mode(folder) == 0o700)
        #expect(try Self.mode(store.clientIDFile) == 0o600)
        let renewed = try store.renewClientID()
        #expect(renewed != first)
        #expect(try store.clientID() == renewed)
    }

    @Test func tokensAreKeptPerServerUntilTheyExpire() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let store = CredentialStore(folder: folder)
        let cloud = URL(string: "https://mega-api-prod.nemovideo.ai")!
        let local = URL(string: "http://127.0.0.1:8080/")!
        try store.save(CachedToken(token: "nmv_usr_cloud", expiresAt: Date().addingTimeInterval(3600), userID: "anon_1"), for: cloud)
        try store.save(CachedToken(token: "nmv_usr_old", expiresAt: Date().addingTimeInterval(30), userID: nil), for: local)
        #expect(try Self.mode(store.tokenFile) == 0o600)
        #expect(store.token(for: cloud)?.token == "nmv_usr_cloud")
        #expect(store.token(for: URL(string: "https://mega-api-prod.nemovideo.ai/")!)?.userID == "anon_1")
        #expect(store.token(for: local) == nil, "a token with under a minute left is not used")
        store.forgetToken(for: cloud)
        #expect(store.token(for: cloud) == nil)
    }

    @Test func looseModesAreTightenedOnRead() throws {
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let store = CredentialStore(folder: folder)
        _ = try store.clientID()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store.clientIDFile.path)
        _ = try store.clientID()
        #expect(try Self.mode(store.clientIDFile) == 0o600)
    }
}
