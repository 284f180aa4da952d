import Crypto
import Foundation

/// SHA-256 as lowercase hex: the content address of an upload, and the stored form of tokens.
/// swift-crypto computes it (BoringSSL's assembly where the CPU has it).
enum ContentDigest {
    static func hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Hashes a file in 1 MiB pieces, so memory stays flat for large uploads.
    static func hex(ofFile url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }  // read-only: a failed close loses nothing
        var hasher = SHA256()
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            hasher.update(data: piece)
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
