import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

extension StudioRoutes {
    /// `POST /api/upload-video/nemo_agent/me/<sid>`: multipart files streamed to disk, or JSON URLs.
    @Sendable func upload(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            let sessionID = context.parameters.get("session") ?? ""
            _ = try await studio.session(sessionID, userID: user.id)
            let contentType = request.headers[.contentType] ?? ""
            let stored: [MediaRecord]
            if contentType.lowercased().hasPrefix("application/json") {
                stored = try await uploadURLs(request, sessionID: sessionID, userID: user.id)
            } else {
                stored = try await uploadMultipart(request, contentType: contentType, sessionID: sessionID, userID: user.id)
            }
            return APIResponse.ok(.object(["files": .array(stored.map(Self.describe))]))
        }
    }

    private func uploadMultipart(_ request: Request, contentType: String, sessionID: String, userID: String) async throws -> [MediaRecord] {
        guard let boundary = Self.boundary(in: contentType) else {
            throw StudioError.badRequest("Send files as multipart/form-data with a boundary, or URLs as JSON.")
        }
        // Refuse an oversized body before reading it: the size is in the headers.
        if let length = request.headers[.contentLength].flatMap(Int64.init), length > MediaRules.maximumUploadBytes + 1_000_000 {
            throw StudioError.fileTooLarge(name: "the upload", bytes: length)
        }
        let receiver = MultipartReceiver(boundary: boundary, folder: studio.incomingFolder, maximumBytes: MediaRules.maximumUploadBytes)
        do {
            for try await buffer in request.body { try receiver.consume(buffer) }
            try receiver.finish()
        } catch {
            receiver.discard()
            throw error
        }
        guard !receiver.received.isEmpty else { throw StudioError.badRequest("The upload has no file parts named with a filename.") }
        var stored: [MediaRecord] = []
        for item in receiver.received {
            do {
                stored.append(try await studio.upload(sessionID: sessionID, userID: userID, file: item.file, filename: item.filename, move: true))
            } catch {
                // try?: best effort: the next start removes stale incoming files.
                for rest in receiver.received { try? FileManager.default.removeItem(at: rest.file) }
                throw error
            }
        }
        return stored
    }

    private func uploadURLs(_ request: Request, sessionID: String, userID: String) async throws -> [MediaRecord] {
        guard configuration.allowsURLUploads else {
            throw StudioError.forbidden("This studio does not fetch web addresses; upload the file itself (serve --allow-url-uploads turns fetching on).")
        }
        let body = try await request.jsonBody(limit: configuration.maximumJSONBytes)
        let urls = (body["urls"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(URL.init(string:)) }
        guard !urls.isEmpty else { throw StudioError.badRequest("urls is empty.") }
        var stored: [MediaRecord] = []
        for url in urls {
            guard url.scheme == "http" || url.scheme == "https" else {
                throw StudioError.badRequest("Only http and https URLs can be uploaded.")
            }
            let filename = url.lastPathComponent.isEmpty ? "download" : url.lastPathComponent
            let ext = (filename as NSString).pathExtension.lowercased()
            guard MediaRules.acceptedExtensions.contains(ext) else { throw StudioError.unsupportedFormat(name: filename) }
            let file = try await URLFetcher.fetch(url, to: studio.incomingFolder.appendingPathComponent("url-\(UUID().uuidString).\(ext)"))
            stored.append(try await studio.upload(sessionID: sessionID, userID: userID, file: file, filename: filename, move: true))
        }
        return stored
    }

    static func boundary(in contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for piece in contentType.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                let value = trimmed.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    static func describe(_ media: MediaRecord) -> JSONValue {
        .object([
            "filename": .string(media.filename),
            "file_type": .string(media.info.kind),
            "cdn_url": .string("media:\(media.hash)"),
            "duration": media.info.duration.map(JSONValue.number) ?? .null,
            "width": media.info.width.map { .number(Double($0)) } ?? .null,
            "height": media.info.height.map { .number(Double($0)) } ?? .null,
            "fps": media.info.fps.map(JSONValue.number) ?? .null,
            "hash": .string(media.hash),
        ])
    }
}
