import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

/// Responses in the contract's canonical envelope: `{"code", "message", "data"}`.
enum APIResponse {
    static func ok(_ data: JSONValue, headers extra: HTTPFields = [:]) -> Response {
        json(.object(["code": .number(Double(ContractCode.ok.rawValue)), "message": .string("ok"), "data": data]), status: .ok, headers: extra)
    }

    static func error(code: ContractCode, status: HTTPResponse.Status, message: String, data: JSONValue = .null, headers extra: HTTPFields = [:]) -> Response {
        json(.object(["code": .number(Double(code.rawValue)), "message": .string(message), "data": data]), status: status, headers: extra)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText())))
    }

    /// The envelope and HTTP status for a studio error.
    static func error(_ error: any Error) -> Response {
        guard let studio = error as? StudioError else {
            return self.error(code: .internalError, status: .internalServerError, message: "internal error")
        }
        switch studio {
        case .invalidToken: return self.error(code: .invalidToken, status: .unauthorized, message: studio.description)
        case .sessionNotFound: return self.error(code: .sessionNotFound, status: .notFound, message: studio.description)
        case .noCredits(let userID):
            return self.error(code: .noCredits, status: .forbidden, message: "No credits left.", data: .object(["bind_id": .string(userID)]))
        case .unsupportedFormat:
            return self.error(
                code: .unsupportedFile, status: .unsupportedMediaType, message: studio.description,
                data: .object(["accepted": .array(MediaRules.acceptedExtensions.map(JSONValue.string))]))
        case .fileTooLarge:
            return self.error(
                code: .fileTooLarge, status: .contentTooLarge, message: studio.description,
                data: .object(["max_bytes": .number(Double(MediaRules.maximumUploadBytes))]))
        case .missingClientID: return self.error(code: .badRequest, status: .badRequest, message: studio.description)
        case .badRequest(let detail): return self.error(code: .badRequest, status: .badRequest, message: detail)
        case .conflict: return self.error(code: .conflict, status: .conflict, message: studio.description)
        case .forbidden(let detail): return self.error(code: .forbidden, status: .forbidden, message: detail)
        case .tooManyRenders(_, let seconds):
            var headers = HTTPFields()
            headers[.retryAfter] = String(seconds)
            return self.error(code: .rateLimited, status: .tooManyRequests, message: studio.description, headers: headers)
        case .rateLimited(let seconds):
            var headers = HTTPFields()
            headers[.retryAfter] = String(seconds)
            return self.error(code: .rateLimited, status: .tooManyRequests, message: studio.description, headers: headers)
        case .unavailable(let seconds):
            var headers = HTTPFields()
            headers[.retryAfter] = String(seconds)
            return self.error(code: .unavailable, status: .serviceUnavailable, message: studio.description, headers: headers)
        case .exportBlocked: return self.error(code: .exportBlocked, status: HTTPResponse.Status(code: 402), message: studio.description)
        case .renderNotFound, .claimInvalid: return self.error(code: .notFound, status: .notFound, message: studio.description)
        case .unreadableMedia: return self.error(code: .unsupportedFile, status: .unsupportedMediaType, message: studio.description)
        case .missingTool, .storage: return self.error(code: .internalError, status: .internalServerError, message: studio.description)
        }
    }
}

extension Request {
    /// The bearer token, if the request carries one.
    var bearerToken: String? {
        guard let value = headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// A header by name.
    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// The body as JSON, refusing more than `limit` bytes.
    func jsonBody(limit: Int) async throws -> JSONValue {
        let body = self.body
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw StudioError.badRequest("The request body is over \(limit) bytes.")
        }
        guard let value = JSONValue.parse(Data(buffer.readableBytesView)) else {
            throw StudioError.badRequest("The request body is not valid JSON.")
        }
        return value
    }
}
