import Foundation
import SkillKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold secrets: created 0600 from the first byte, inside a 0700 folder, replaced
/// atomically so a crash leaves the old file or the new one, never half of either.
enum SecretFile {
    /// Creates `folder` (and its parents) if needed and makes sure only the owner can enter it.
    static func prepareFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard chmod(folder.path, 0o700) == 0 else {
            throw CredentialError.unwritable(folder.path)
        }
    }

    /// Writes `data` to `file` with mode 0600.
    static func write(_ data: Data, to file: URL) throws {
        try prepareFolder(file.deletingLastPathComponent())
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString.prefix(8))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CredentialError.unwritable(file.path) }
        var written = 0
        let ok = data.withUnsafeBytes { bytes -> Bool in
            while written < bytes.count {
                let result = systemWrite(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw CredentialError.unwritable(file.path)
        }
    }

    /// The file's bytes, after tightening its mode to 0600 if someone loosened it.
    static func read(_ file: URL) -> Data? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        _ = chmod(file.path, 0o600)
        return data
    }
}

/// A credentials file that could not be written.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    case unwritable(String)

    public var description: String {
        switch self {
        case .unwritable(let path):
            return "Could not save credentials to \(path); check that the folder is yours and writable."
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
    #else
        return Darwin.write(descriptor, buffer, count)
    #endif
}

extension CredentialError: UserFacingError {}
