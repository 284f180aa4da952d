import Foundation
import HTTPTypes
import Hummingbird
import LocalStudio
import SkillKit

/// The contract's endpoints, each a thin translation between HTTP and the studio.
struct StudioRoutes: Sendable {
    let studio: Studio
    let configuration: ServerConfiguration
    let mints: TokenMintLimit

    /// Runs `body`, answering any studio error in the envelope.
    func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            return APIResponse.error(error)
        }
    }

    @Sendable func anonymousToken(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            // One machine cannot mint accounts without end by making up client ids.
            if let wait = mints.admit(context.remoteAddress) { throw StudioError.rateLimited(retryAfter: wait) }
            let issued = try await studio.issueAnonymousToken(clientID: request.header("X-Client-Id"))
            return APIResponse.ok(
                .object([
                    "token": .string(issued.token),
                    "credits": .number(issued.user.credits),
                    "user_id": .string(issued.user.id),
                    "expires_at": .number(issued.expiresAt.timeIntervalSince1970.rounded(.down)),
                ]))
        }
    }

    @Sendable func createSession(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            // The body is optional here (a language at most); an unreadable one means the defaults.
            let body = (try? await request.jsonBody(limit: configuration.maximumJSONBytes)) ?? .object([:])
            let session = try await studio.createSession(userID: user.id, language: body["language"]?.stringValue ?? "en")
            return APIResponse.ok(
                .object([
                    "task_id": .string(session.taskID), "session_id": .string(session.id), "user_id": .string(user.id),
                ]))
        }
    }

    @Sendable func credits(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            return APIResponse.ok(
                .object([
                    "available": .number(user.credits), "frozen": .number(user.frozen), "total": .number(user.credits + user.frozen),
                ]))
        }
    }

    @Sendable func state(_ request: Request, context: StudioRequestContext) async -> Response {
        await respond {
            let user = try await studio.authenticate(request.bearerToken)
            let sessionID = context.parameters.get("session") ?? ""
            let state = try await studio.state(sessionID: sessionID, userID: user.id)
            return APIResponse.ok(.object(["state": state]))
        }
    }
}
