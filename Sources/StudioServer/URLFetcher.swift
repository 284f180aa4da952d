import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalStudio
import SkillKit

/// Downloads a URL upload to a file, refusing anything over the upload limit.
enum URLFetcher {
    static func fetch(_ url: URL, to destination: URL) async throws -> URL {
        let (temporary, response) = try await URLSession.shared.download(from: url)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            try? FileManager.default.removeItem(at: temporary)
            throw StudioError.badRequest("\(url.absoluteString) could not be fetched.")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= MediaRules.maximumUploadBytes else {
            try? FileManager.default.removeItem(at: temporary)
            throw StudioError.fileTooLarge(name: url.lastPathComponent, bytes: size)
        }
        try FileManager.default.moveItem(at: temporary, to: destination)
        return destination
    }
}
