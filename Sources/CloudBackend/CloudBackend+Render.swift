import Foundation
import SkillKit

extension CloudBackend {
    public nonisolated var renderPollLimit: Int? { configuration.maximumRenderPolls }

    public func startRender(_ request: RenderRequest, context: RequestContext) async throws -> RenderStatus {
        var output = request.options.json.objectValue ?? [:]
        output["format"] = output["format"] ?? .string("mp4")
        output["quality"] = output["quality"] ?? .string("high")
        let body: JSONValue = .object([
            "id": .string(request.id),
            "sessionId": .string(context.session.sessionID),
            "draft": request.draft.json,
            "output": .object(output),
        ])
        // The id is fixed before sending, so even a repeat after a 429 names the same render.
        let (data, head) = try await exchange(.post, "api/render/proxy/lambda", json: body, attribution: context.attribution, doing: "Starting the export")
        var status = Self.renderStatus(in: data, id: request.id)
        status.retryAfter = head.retryAfter
        return status
    }

    public func renderStatus(id: String, context: RequestContext) async throws -> RenderStatus {
        let path = "api/render/proxy/lambda/\(Self.segment(id))"
        var policy = policy(retriesUnanswered: true)
        while true {
            let request = try await authorizedRequest(.get, path, body: .none, attribution: context.attribution, timeouts: configuration.apiTimeouts)
            let head: HTTPResponseHead, body: Data
            do {
                (head, body) = try await client.data(for: request)
            } catch let error as TransportError {
                guard try await carryOut(policy.next(after: .unreachable(retryable: error.isWorthRetrying))) else { throw error.backendError(doing: "Checking the export", host: configuration.apiBase.host) }
                continue
            }
            switch APIReply(head: head, body: body).outcome {
            case .success(let data):
                var status = Self.renderStatus(in: data, id: id)
                status.retryAfter = head.retryAfter
                return status
            case .failure(.notFound):
                throw BackendError.renderFailed(reason: "the server no longer knows the export \(id); export again.")
            case .failure(let failure):
                guard try await carryOut(policy.next(after: .refused(failure))) else { throw backendError(for: failure, doing: "Checking the export") }
            }
        }
    }

    /// Downloads to a temporary name beside `destination` and links it into place when
    /// complete, so a cut-off download never leaves a partial file under the real name, and an
    /// existing file is never replaced.
    public func download(_ render: RenderStatus, to destination: URL, context: RequestContext, progress: ProgressHandler?) async throws -> Int64 {
        let folder = destination.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).part")
        // try?: the temporary file is ours; one left behind is harmless and named .part.
        defer { try? FileManager.default.removeItem(at: temporary) }
        let fallback = url("api/render/proxy/\(Self.segment(render.id))/download")
        var sources: [URL] = []
        if let given = render.outputURL.flatMap({ URL(string: $0, relativeTo: url("")) })?.absoluteURL,
            given.scheme == "http" || given.scheme == "https"
        {
            sources.append(given)
        }
        if !sources.contains(fallback) { sources.append(fallback) }

        var lastError: any Error = BackendError.renderFailed(reason: "the export has no download address; export again.")
        for source in sources {
            // try?: the temporary file is ours; one left behind is harmless and named .part.
            try? FileManager.default.removeItem(at: temporary)
            do {
                let bytes = try await downloadOnce(from: source, to: temporary, context: context, progress: progress)
                do {
                    try FileManager.default.linkItem(at: temporary, to: destination)
                } catch {
                    throw BackendError.network(
                        what: "Saving \(destination.lastPathComponent)",
                        hint: FileManager.default.fileExists(atPath: destination.path)
                            ? "a file with that name appeared meanwhile; export again to get a new name."
                            : "check that \(folder.path) is writable."
                    )
                }
                return bytes
            } catch let error as BackendError {
                lastError = error
                // A link to storage may have expired; the API's own download route is the fallback.
                if case .server = error { continue }
                throw error
            }
        }
        throw lastError
    }

    private func downloadOnce(from source: URL, to temporary: URL, context: RequestContext, progress: ProgressHandler?) async throws -> Int64 {
        var headers: [(name: String, value: String)]
        if isAPIOrigin(source) {
            let token = try await currentToken(attribution: context.attribution)
            headers = [("Authorization", "Bearer \(token)")] + context.attribution.headers + (try commonHeaders(accept: "*/*"))
        } else {
            // Storage on another host gets no credentials at all.
            headers = [("Accept", "*/*")]
        }
        let request = HTTPRequest(method: .get, url: source, headers: headers, timeouts: configuration.transferTimeouts)
        let head: HTTPResponseHead, body: Data
        do {
            (head, body) = try await client.download(request, to: temporary, progress: progress)
        } catch let error as TransportError {
            throw error.backendError(doing: "Downloading the export", host: source.host)
        }
        guard (200..<300).contains(head.status) else {
            // try?: only asks whether the error body is an envelope; the failure is reported either way.
            let failure = (try? APIReply(head: head, body: body).data()).map { _ in APIFailure.server(status: head.status, code: nil, message: "") }
            switch APIReply(head: head, body: body).outcome {
            case .failure(let reported): throw backendError(for: reported, doing: "Downloading the export")
            case .success: throw backendError(for: failure ?? .server(status: head.status, code: nil, message: ""), doing: "Downloading the export")
            }
        }
        if !FileManager.default.fileExists(atPath: temporary.path) {
            _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        }
        let written = (try FileManager.default.attributesOfItem(atPath: temporary.path)[.size] as? NSNumber)?.int64Value ?? 0
        if let expected = head["content-length"].flatMap(Int64.init), expected != written {
            throw BackendError.network(what: "Downloading the export", hint: "it ended after \(ByteSize.describe(written)) of \(ByteSize.describe(expected)); type /resume to try again.")
        }
        guard written > 0 else {
            throw BackendError.renderFailed(reason: "the server sent an empty file; export again.")
        }
        return written
    }

    /// A render status read liberally: `data.status` or top-level `status`, `output.url` or
    /// `outputUrl`, progress as given.
    static func renderStatus(in data: JSONValue, id: String) -> RenderStatus {
        let statusText = (data["status"]?.stringValue ?? data["state"]?.stringValue ?? "processing").lowercased()
        let phase: RenderStatus.Phase
        switch statusText {
        case "pending", "queued", "waiting", "created", "submitted": phase = .pending
        case "completed", "complete", "done", "success", "succeeded", "finished": phase = .completed
        case "failed", "failure", "error", "cancelled", "canceled", "timeout": phase = .failed
        default: phase = .processing
        }
        let output = data["output"]
        let url =
            output?["url"]?.stringValue ?? data["outputUrl"]?.stringValue ?? data["output_url"]?.stringValue
            ?? data["url"]?.stringValue ?? output?.stringValue
        let failure =
            data["error"]?.stringValue ?? data["error"]?["message"]?.stringValue
            ?? (phase == .failed ? data["message"]?.stringValue : nil)
        return RenderStatus(
            id: data["id"]?.stringValue ?? id,
            phase: phase,
            progress: data["progress"]?.doubleValue.map { min(100, max(0, $0)) },
            outputURL: url,
            duration: output?["duration"]?.doubleValue ?? data["duration"]?.doubleValue,
            size: (output?["size"]?.doubleValue ?? data["size"]?.doubleValue).map { Int64($0) },
            failureReason: failure,
            message: phase == .failed ? nil : data["message"]?.stringValue
        )
    }
}
