import Foundation
import Synchronization
import Testing

@testable import LocalStudio

struct ProcessIdentityTests {
    @Test func thisProcessRuns() {
        #expect(ProcessIdentity.current.pid == getpid())
        #expect(ProcessIdentity.current.started > 0)
        #expect(ProcessIdentity.current.isRunning)
    }

    /// A pid that now belongs to a later process (here: the same pid with another start time)
    /// is not the process that was recorded.
    @Test func aReusedPidIsAnotherProcess() {
        var later = ProcessIdentity.current
        later.started += 1
        #expect(!later.isRunning)
    }

    @Test func aProcessThatEndedIsNotRunning() async throws {
        let seen = Mutex<ProcessIdentity?>(nil)
        _ = try await ProcessRunner.run(
            "/bin/sleep", ["0.2"],
            onStart: { pid in
                seen.withLock { $0 = ProcessIdentity(pid: pid, started: ProcessIdentity.startTime(of: pid) ?? 0) }
            })
        let identity = try #require(seen.withLock { $0 })
        #expect(identity.started > 0)
        #expect(!identity.isRunning)
    }
}
