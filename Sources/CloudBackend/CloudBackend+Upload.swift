import Foundation
import SkillKit

extension CloudBackend {
    /// Uploads local files in one multipart request streamed from disk, and web addresses
    /// (`http`/`https` URLs) in one JSON request.
    public func upload(_ files: [URL], context: RequestContext, progress: ProgressHandler?) async throws -> [UploadedMedia] {
        let local = files.filter(\.isFileURL)
        let remote = files.filter { !$0.isFileURL }
        var uploaded: [UploadedMedia] = []
        if !local.isEmpty { uploaded += try await uploadFiles(local, context: context, progress: progress) }
        if !remote.isEmpty { uploaded += try await uploadURLs(remote, context: context) }
        return uploaded
    }

    private func uploadFiles(_ files: [URL], context: RequestContext, progress: ProgressHandler?) async throws -> [UploadedMedia] {
        let path = "api/upload-video/nemo_agent/me/\(Self.segment(context.session.sessionID))"
        let names = files.map(\.lastPathComponent).joined(separator: ", ")
        // try?: sizes only drive the progress bar; an unknown one shows no total.
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? NSNumber)?.int64Value ?? 0 }
        let total = sizes.reduce(0, +)
        // An upload that got no answer may have arrived: it is not sent again.
        var policy = policy(retriesUnanswered: false)
        while true {
            let request = try await authorizedRequest(
                .post, path, body: .files(files, field: "files"), attribution: context.attribution, timeouts: configuration.transferTimeouts
            )
            let head: HTTPResponseHead, body: Data
            do {
                (head, body) = try await client.data(for: request, uploadProgress: Self.clamped(progress, total: total))
            } catch let error as TransportError {
                throw error.backendError(doing: "Uploading \(names)", host: configuration.apiBase.host)
            }
            switch APIReply(head: head, body: body).outcome {
            case .success(let data):
                return Self.media(in: data, fallbackNames: files.map(\.lastPathComponent))
            case .failure(let failure):
                let largest = zip(files, sizes).max { $0.1 < $1.1 }
                let sentence = backendError(
                    for: failure, doing: "Uploading \(names)",
                    fileName: files.count == 1 ? files[0].lastPathComponent : largest?.0.lastPathComponent, fileBytes: largest?.1
                )
                guard try await carryOut(policy.next(after: .refused(failure))) else { throw sentence }
            }
        }
    }

    /// Reports progress against the files' own size (libcurl counts the multipart framing too).
    private static func clamped(_ progress: ProgressHandler?, total: Int64) -> ProgressHandler? {
        guard let progress else { return nil }
        return { value in progress(TransferProgress(completed: min(value.completed, total), total: total)) }
    }

    private func uploadURLs(_ urls: [URL], context: RequestContext) async throws -> [UploadedMedia] {
        let path = "api/upload-video/nemo_agent/me/\(Self.segment(context.session.sessionID))"
        let body: JSONValue = .object([
            "urls": .array(urls.map { .string($0.absoluteString) }), "source_type": .string("url"),
        ])
        let data = try await call(.post, path, json: body, attribution: context.attribution, doing: "Uploading from the web")
        return Self.media(in: data, fallbackNames: urls.map(\.lastPathComponent))
    }

    /// The files in an upload answer, read liberally (the shape comes from a withdrawn reference).
    static func media(in data: JSONValue, fallbackNames: [String]) -> [UploadedMedia] {
        let list = data["files"]?.arrayValue ?? data.arrayValue ?? (data["filename"] != nil ? [data] : [])
        if list.isEmpty { return fallbackNames.map { UploadedMedia(filename: $0) } }
        return list.enumerated().map { index, item in
            UploadedMedia(
                filename: item["filename"]?.stringValue ?? item["name"]?.stringValue
                    ?? (index < fallbackNames.count ? fallbackNames[index] : "file \(index + 1)"),
                fileType: item["file_type"]?.stringValue ?? item["type"]?.stringValue,
                url: item["cdn_url"]?.stringValue ?? item["url"]?.stringValue,
                duration: item["duration"]?.doubleValue,
                width: item["width"]?.intValue,
                height: item["height"]?.intValue,
                fps: item["fps"]?.doubleValue,
                hash: item["hash"]?.stringValue
            )
        }
    }
}
