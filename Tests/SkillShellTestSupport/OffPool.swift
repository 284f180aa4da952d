import Foundation

/// Runs blocking work (a child process, a pipe read to its end) on a thread of its own and
/// waits for it without holding one of the concurrency pool's threads, which are as many as the
/// cores: two blocked tests on this 2-core machine would stall every other test.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
