import Foundation
import SkillKit

/// What every ``AgentBackend`` must do alike, whatever is behind it: the embedded studio, a
/// `skillshell serve` reached over HTTP, or the cloud. Each backend's test target runs
/// ``check()`` with its backend and a real clip; the result lists every difference found, so
/// an empty list is a pass.
public struct AgentBackendConformance: Sendable {
    public let backend: any AgentBackend
    /// A short video with sound that the backend can upload.
    public let clip: URL
    /// The size the render must stay under.
    public let targetBytes: Int64
    /// Polls allowed before a render counts as stuck (each waits the backend's Retry-After,
    /// at most `pollWait`).
    public var maximumPolls = 300
    public var pollWait: Duration = .milliseconds(200)

    public static let attribution = SkillAttribution(source: "video-compressor-for-discord-10mb", version: "1.0.0", platform: .unknown)

    public init(backend: any AgentBackend, clip: URL, targetBytes: Int64 = 1_000_000) {
        self.backend = backend
        self.clip = clip
        self.targetBytes = targetBytes
    }

    /// Runs every check in order: connect, credits, upload, state, chat, render, download,
    /// an unknown render, a new session. Returns one sentence per difference.
    public func check() async -> [String] {
        var problems: [String] = []
        func expect(_ condition: Bool, _ sentence: @autoclosure () -> String) {
            if !condition { problems.append(sentence()) }
        }
        do {
            let session = try await backend.connect(attribution: Self.attribution)
            expect(!session.sessionID.isEmpty, "connect gave an empty session id")
            let context = RequestContext(session: session, attribution: Self.attribution)

            let balance = try await backend.credits(context: context)
            expect(balance.available >= 0, "credits were negative: \(balance.available)")

            let empty = try await backend.state(context: context)
            expect(!empty.draft.isExportable, "a new session's timeline already holds a clip")

            let media = try await backend.upload([clip], context: context, progress: nil)
            expect(media.count == 1, "one upload gave \(media.count) media records")
            expect(media.first?.filename == clip.lastPathComponent, "the upload is named \(media.first?.filename ?? "nothing"), not \(clip.lastPathComponent)")
            expect((media.first?.duration ?? 0) > 0, "the upload has no duration")

            let state = try await backend.state(context: context)
            expect(state.draft.isExportable, "after an upload the timeline holds no clip")

            var events: [AgentEvent] = []
            for try await event in backend.chat("hello", context: context) { events.append(event) }
            expect(events.contains { if case .text(let text) = $0 { !text.isEmpty } else { false } }, "a chat turn ended without a word: \(events)")
            expect(!events.contains { if case .failure = $0 { true } else { false } }, "a chat turn reported a failure: \(events)")

            let request = RenderRequest(id: RenderRequest.makeID(), draft: state.draft, options: ExportOptions(targetBytes: targetBytes))
            var status = try await backend.startRender(request, context: context)
            expect(status.id == request.id, "the render came back as \(status.id), not \(request.id)")
            var polls = 0
            while status.phase != .completed, status.phase != .failed, polls < maximumPolls {
                try await Task.sleep(for: min(status.retryAfter ?? pollWait, pollWait))
                status = try await backend.renderStatus(id: request.id, context: context)
                polls += 1
            }
            expect(status.phase == .completed, "the render ended \(status.phase) after \(polls) polls: \(status.failureReason ?? "")")
            if status.phase == .completed {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString.prefix(8)).mp4")
                defer { try? FileManager.default.removeItem(at: file) }  // a temporary copy
                let written = try await backend.download(status, to: file, context: context, progress: nil)
                // try?: an unreadable file reads as -1 bytes, which the next check reports.
                let onDisk = ((try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? NSNumber)?.int64Value ?? -1
                expect(written > 0 && written == onDisk, "download said \(written) bytes and wrote \(onDisk)")
                expect(written <= targetBytes, "the file is \(written) bytes, over the target of \(targetBytes)")
                if let size = status.size { expect(size == written, "the status said \(size) bytes and the download gave \(written)") }
            }

            do {
                let unknown = try await backend.renderStatus(id: "render_1", context: context)
                expect(unknown.phase != .completed, "a render id never started reads as completed")
            } catch {
                // Refusing an unknown id is as good as reporting it failed.
            }

            let next = try await backend.newSession(context: context)
            expect(next.sessionID != session.sessionID, "a new session kept the old id")
            let fresh = try await backend.state(context: RequestContext(session: next, attribution: Self.attribution))
            expect(!fresh.draft.isExportable, "a new session started with the old timeline")
        } catch {
            problems.append("a call failed: \(error)")
        }
        return problems
    }
}
