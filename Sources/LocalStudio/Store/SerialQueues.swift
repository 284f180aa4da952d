import Foundation

/// Runs the changes to one record (a session, an account, a render id) one after another, in
/// the order they arrive, so two requests never read the same state and write over each other.
/// Different keys run in parallel.
actor SerialQueues {
    private var tails: [String: Task<Void, Never>] = [:]
    private var waiting: [String: Int] = [:]

    func run<T: Sendable>(_ key: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task<T, Error> {
            await previous?.value
            try Task.checkCancellation()
            return try await body()
        }
        tails[key] = Task { _ = await task.result }
        waiting[key, default: 0] += 1
        defer {
            waiting[key, default: 1] -= 1
            if waiting[key] == 0 {
                waiting[key] = nil
                tails[key] = nil
            }
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}
