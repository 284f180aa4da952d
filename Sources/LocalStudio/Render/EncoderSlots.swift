import Foundation

/// How many renders encode at once; the rest wait in arrival order, told their place.
actor EncoderSlots {
    let limit: Int
    private var running = 0
    private var waiting: [Waiter] = []

    private struct Waiter {
        var id: String
        var continuation: CheckedContinuation<Void, any Error>
        var moved: @Sendable (Int) async -> Void
    }

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Returns once a slot is free; `moved` hears the number of renders ahead whenever it changes.
    func acquire(_ id: String, moved: @escaping @Sendable (Int) async -> Void) async throws {
        if running < limit, waiting.isEmpty {
            running += 1
            return
        }
        await moved(waiting.count + 1)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiting.append(Waiter(id: id, continuation: continuation, moved: moved))
            }
        } onCancel: {
            Task { await self.leave(id) }
        }
    }

    func release() {
        if waiting.isEmpty {
            running = max(0, running - 1)
            return
        }
        // The slot passes straight to the first in line; the others move up one.
        waiting.removeFirst().continuation.resume()
        announce()
    }

    private func leave(_ id: String) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: CancellationError())
        announce()
    }

    private func announce() {
        for (index, waiter) in waiting.enumerated() {
            let moved = waiter.moved
            Task { await moved(index + 1) }
        }
    }

    /// The default: half the cores, at least one (x264 uses several threads per encode).
    static var defaultLimit: Int { max(1, ProcessInfo.processInfo.activeProcessorCount / 2) }
}
