import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

/// nemo-video 1.9's claim link, served: a claim token for the bearer's session, and the
/// read-only project page it opens.
extension StudioRoutes {
    /// `POST /api/auth/claim-token` with `{"session_id": …}`.
    @Sendable func claimToken(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            let body = (try? await request.jsonBody(limit: configuration.maximumJSONBytes)) ?? .object([:])  // no body: the check below names the field
            guard let sessionID = body["session_id"]?.stringValue, StudioStore.isSafeIdentifier(sessionID) else {
                throw StudioError.badRequest("Send the session as {\"session_id\": \"…\"}.")
            }
            let issued = try await studio.issueClaimToken(sessionID: sessionID, userID: user.id)
            return APIResponse.ok(.object(["claim_token": .string(issued.token), "expires_in": .number(Double(issued.expiresIn))]))
        }
    }

    /// `GET /workspace/claim?ct=…`: the page.
    @Sendable func claimPage(_ request: Request, context: StudioRequestContext) async -> Response {
        let token = request.uri.queryParameters.get("ct")
        do {
            let project = try await studio.claimedProject(token)
            return Self.page(ClaimPage.html(for: project, token: token ?? ""), status: .ok)
        } catch {
            let sentence = (error as? StudioError)?.description ?? "This project could not be shown."
            return Self.page("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link expired</title></head><body><p id=\"problem\">\(ClaimPage.escape(sentence))</p></body></html>\n", status: .notFound)
        }
    }

    /// `GET /workspace/claim/export/<id>?ct=…`: an export of the claimed project, for its `<video>`.
    @Sendable func claimExport(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let record = try await studio.claimedExport(request.uri.queryParameters.get("ct"), id: context.parameters.get("render") ?? "")
            return try await fileResponse(for: record, request: request, disposition: "inline")
        }
    }

    /// An HTML page that loads nothing from elsewhere and runs no script.
    static func page(_ html: String, status: HTTPResponse.Status) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; media-src 'self'; img-src 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
