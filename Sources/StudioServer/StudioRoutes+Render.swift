import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

extension StudioRoutes {
    /// `POST /api/render/proxy/lambda`: queues a render; refused with 402 without attribution.
    @Sendable func startRender(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            let attribution = ["X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"].map { request.header($0) ?? "" }
            guard attribution.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw StudioError.exportBlocked
            }
            let body = try await request.jsonBody(limit: configuration.maximumJSONBytes)
            guard let id = body["id"]?.stringValue, StudioStore.isSafeIdentifier(id) else {
                throw StudioError.badRequest("id must be a render id such as render_1700000000000.")
            }
            guard let sessionID = body["sessionId"]?.stringValue ?? body["session_id"]?.stringValue else {
                throw StudioError.badRequest("sessionId is missing.")
            }
            let draft = body["draft"] ?? .null
            guard Draft(json: draft).isExportable else {
                throw StudioError.badRequest("The draft has no segments; upload a video first.")
            }
            let record = try await studio.startRender(id: id, sessionID: sessionID, userID: user.id, draft: draft, output: body["output"] ?? .object([:]))
            var data: [String: JSONValue] = ["id": .string(record.id), "status": .string(record.status), "progress": .number(record.progress)]
            if let message = record.message { data["message"] = .string(message) }
            return APIResponse.ok(.object(data), headers: retryAfter(for: record))
        }
    }

    /// `GET /api/render/proxy/lambda/<id>`: where the render stands.
    @Sendable func renderStatus(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let record = try await ownedRender(request, context: context)
            var data: [String: JSONValue] = [
                "id": .string(record.id), "status": .string(record.status), "progress": .number(record.progress),
            ]
            if record.status == "completed" {
                data["output"] = .object([
                    "url": .string(downloadURL(for: record.id, request: request)),
                    "duration": record.duration.map(JSONValue.number) ?? .null,
                    "size": record.size.map { .number(Double($0)) } ?? .null,
                ])
            }
            if let reason = record.failureReason { data["error"] = .string(reason) }
            if let message = record.message { data["message"] = .string(message) }
            return APIResponse.ok(.object(data), headers: retryAfter(for: record))
        }
    }

    /// `GET /api/render/proxy/<id>/download`: the file, with its length and byte ranges.
    @Sendable func download(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let record = try await ownedRender(request, context: context)
            return try await fileResponse(for: record, request: request, disposition: "attachment")
        }
    }

    /// A finished render's file, with its length and byte ranges (a `<video>` element seeks with them).
    func fileResponse(for record: RenderRecord, request: Request, disposition: String) async throws -> Response {
        do {
            let file = try await studio.renderFile(record.id)
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
            var headers: HTTPFields = [.contentType: "video/mp4", .acceptRanges: "bytes"]
            headers[.contentDisposition] = "\(disposition); filename=\"\(record.id).mp4\""
            var range: ClosedRange<Int64> = 0...max(0, size - 1)
            var status = HTTPResponse.Status.ok
            if let header = request.headers[.range] {
                guard let requested = ByteRange.parse(header, size: size) else {
                    headers[.contentRange] = "bytes */\(size)"
                    return Response(status: .rangeNotSatisfiable, headers: headers)
                }
                range = requested
                status = .partialContent
                headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            }
            let length = size == 0 ? 0 : range.upperBound - range.lowerBound + 1
            headers[.contentLength] = String(length)
            let start = range.lowerBound
            return Response(
                status: status, headers: headers,
                body: ResponseBody(contentLength: Int(length)) { writer in
                    let handle = try FileHandle(forReadingFrom: file)
                    // try?: read-only: a failed close loses nothing.
                    defer { try? handle.close() }
                    try handle.seek(toOffset: UInt64(start))
                    var remaining = length
                    while remaining > 0 {
                        let chunk = try handle.read(upToCount: Int(min(remaining, 256 * 1024))) ?? Data()  // checked: at most 256 KiB
                        guard !chunk.isEmpty else { break }
                        try await writer.write(ByteBuffer(bytes: chunk))
                        remaining -= Int64(chunk.count)
                    }
                    try await writer.finish(nil)
                })
        }
    }

    /// The render, when it belongs to a session of the token's user; 404 otherwise.
    private func ownedRender(_ request: Request, context: StudioRequestContext) async throws -> RenderRecord {
        let user = try await studio.authenticate(request.bearerToken)
        let id = context.parameters.get("render") ?? ""
        guard StudioStore.isSafeIdentifier(id) else { throw StudioError.renderNotFound(String(id.prefix(64))) }
        let record = try await studio.render(id)
        // try?: any failure here is answered as "no such render", never as which session it is.
        guard (try? await studio.session(record.sessionID, userID: user.id)) != nil else { throw StudioError.renderNotFound(id) }
        return record
    }

    private func downloadURL(for id: String, request: Request) -> String {
        let authority = request.head.authority ?? "\(configuration.host):\(configuration.port)"
        return "http://\(authority)/api/render/proxy/\(id)/download"
    }

    /// When to ask again. Cloud clients poll at most ten times (nemo-video 1.9) at the pace
    /// given here, so the pace follows the render: a little under its estimated time left once
    /// it reports progress, doubling up to 10 s while it has none, between the poll interval and 30 s.
    private func retryAfter(for record: RenderRecord? = nil) -> HTTPFields {
        let base = max(1, Double(studio.configuration.pollInterval.components.seconds))
        var seconds = base
        if let record, record.status == "pending" || record.status == "processing" {
            let elapsed = max(0, Date().timeIntervalSince(record.createdAt))
            let progress = record.progress
            // Without progress yet (queued, or measuring), double the wait up to 10 s.
            let estimate = progress > 0 && progress < 100 ? elapsed * (100 - progress) / progress * 0.8 : min(10, elapsed)
            seconds = min(30, max(base, estimate))
        }
        var headers = HTTPFields()
        headers[.retryAfter] = String(CheckedNumber.clamped(seconds.rounded(.up), to: 1...30))
        return headers
    }

}

/// Reads a single `Range: bytes=…` request.
enum ByteRange {
    static func parse(_ header: String, size: Int64) -> ClosedRange<Int64>? {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.lowercased().hasPrefix("bytes="), size > 0 else { return nil }
        let spec = value.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if first.isEmpty {
            guard let suffix = Int64(last), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int64(first), start < size else { return nil }
        // An end past the file (however many digits) means the rest of the file.
        guard last.isEmpty || last.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let end = last.isEmpty ? size - 1 : min(Int64(last) ?? Int64.max, size - 1)
        return end >= start ? start...end : nil
    }
}
