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

    /// API nodes on other machines share records: a render owned by a process of another
    /// machine is never taken for orphaned, whatever pids this machine has.
    @Test func aProcessOfAnotherMachineIsLeftAlone() throws {
        #expect(ProcessIdentity.current.machine != nil && ProcessIdentity.current.machine == ProcessIdentity.thisMachine)
        var elsewhere = ProcessIdentity(pid: 999_999, started: 1, machine: "another-machine")
        #expect(elsewhere.isRunning)
        elsewhere.machine = ProcessIdentity.thisMachine
        #expect(!elsewhere.isRunning)
        // A record from before machines were noted is judged on this machine, as before.
        let old = try JSONDecoder().decode(ProcessIdentity.self, from: Data(#"{"pid":999999,"started":1}"#.utf8))
        #expect(old.machine == nil && !old.isRunning)
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
