import Foundation
import SkillKit

/// A response read through the contract's envelope, in whichever shape it came.
///
/// Canonical is `{"code": 0, "message": "ok", "data": …}`; also seen are `msg` for `message`
/// and `{"success": true, "data": …, "error": …}`. The HTTP status fills in where the body says
/// nothing (401, 402, 429, 5xx).
struct APIReply: Sendable {
    let head: HTTPResponseHead
    let outcome: Result<JSONValue, APIFailure>

    init(head: HTTPResponseHead, body: Data) {
        self.head = head
        let json = body.isEmpty ? nil : JSONValue.parse(body)
        outcome = Self.outcome(status: head.status, json: json, retryAfter: head.retryAfter)
    }

    /// The data on success; the failure otherwise.
    func data() throws(APIFailure) -> JSONValue {
        try outcome.get()
    }

    private static func outcome(status: Int, json: JSONValue?, retryAfter: Duration?) -> Result<JSONValue, APIFailure> {
        let object = json?.objectValue
        var code = object?["code"]?.intValue
        var message = object?["message"]?.stringValue ?? object?["msg"]?.stringValue
        let data = object?["data"] ?? .null

        if let success = object?["success"]?.boolValue, code == nil {
            if success { return .success(data) }
            let error = object?["error"]
            code = error?["code"]?.intValue
            message = error?.stringValue ?? error?["message"]?.stringValue ?? message
            if code == nil, (200..<300).contains(status) { code = -1 }
        }

        switch (code, status) {
        case (ContractCode.ok.rawValue?, 200..<300), (nil, 200..<300):
            guard let json else { return .failure(.malformed) }
            if code == nil, object?["data"] == nil { return .success(json) }
            return .success(data)
        case (ContractCode.invalidToken.rawValue?, _), (_, 401):
            return .failure(.invalidToken)
        case (ContractCode.sessionNotFound.rawValue?, _):
            return .failure(.sessionNotFound)
        case (ContractCode.noCredits.rawValue?, _):
            let bindID = data["bind_id"]?.stringValue ?? data["user_id"]?.stringValue ?? data["id"]?.stringValue
            return .failure(.noCredits(bindID: bindID))
        case (ContractCode.unsupportedFile.rawValue?, _), (_, 415):
            return .failure(.unsupportedFile)
        case (ContractCode.fileTooLarge.rawValue?, _), (_, 413):
            return .failure(.fileTooLarge)
        case (ContractCode.exportBlocked.rawValue?, _), (_, 402):
            return .failure(.exportBlocked)
        case (ContractCode.rateLimited.rawValue?, _), (_, 429):
            return .failure(.rateLimited(retryAfter: retryAfter))
        case (_, 400), (ContractCode.badRequest.rawValue?, _):
            return .failure(.badRequest(message: message ?? ""))
        case (_, 404):
            return .failure(.notFound(message: message ?? ""))
        default:
            if json == nil, (200..<300).contains(status) { return .failure(.malformed) }
            return .failure(.server(status: status, code: code, message: Self.shortened(message ?? "")))
        }
    }

    /// Server text is shown to the user, so it is kept to one readable line.
    static func shortened(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// A failure the envelope or the HTTP status reported.
enum APIFailure: Error, Sendable, Equatable {
    case invalidToken
    case sessionNotFound
    case noCredits(bindID: String?)
    case unsupportedFile
    case fileTooLarge
    case exportBlocked
    case rateLimited(retryAfter: Duration?)
    case badRequest(message: String)
    case notFound(message: String)
    case server(status: Int, code: Int?, message: String)
    case malformed
}
