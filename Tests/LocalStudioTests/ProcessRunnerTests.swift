import Foundation
import SkillShellTestSupport
import Synchronization
import Testing

@testable import LocalStudio

struct ProcessRunnerTests {
    /// Tools are looked up along PATH in order, so a user's own ffmpeg (a static build in
    /// ~/bin, say) wins over the system's; the usual folders are the fallback.
    @Test func toolsAreFoundAlongPathInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tools-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["ffprobe", "only-here"] {
            let tool = folder.appendingPathComponent(name)
            try "#!/bin/sh\nexit 0\n".write(to: tool, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        }
        let path = ["PATH": "/nowhere::\(folder.path):/usr/bin"]
        #expect(ProcessRunner.locate("only-here", environment: path) == folder.appendingPathComponent("only-here").path)
        #expect(ProcessRunner.locate("ffprobe", environment: path) == folder.appendingPathComponent("ffprobe").path)
        #expect(ProcessRunner.locate("ffprobe", environment: ["PATH": "/nowhere"]) == "/usr/bin/ffprobe")
        #expect(ProcessRunner.locate("no-such-tool-anywhere", environment: path) == nil)
    }

    /// Secrets stay with the shell: no tool it runs inherits them.
    @Test func childrenDoNotInheritSecrets() {
        let environment = ProcessRunner.childEnvironment([
            "NEMO_TOKEN": "nmv_usr_x", "SKILLSHELL_SERVER_SECRET": "s", "HOME": "/home/a", "PATH": "/usr/bin",
            "AWS_SECRET_ACCESS_KEY": "k", "GITHUB_TOKEN": "g", "NEMO_API_BASE": "https://x", "LC_ALL": "C.UTF-8", "LD_PRELOAD": "/tmp/x.so",
        ])
        // An allow-list: names nobody foresaw (cloud keys, a loader hook) stay behind too.
        #expect(environment == ["HOME": "/home/a", "PATH": "/usr/bin", "LC_ALL": "C.UTF-8"])
    }

    /// Tools start clean whatever thread starts them: no blocked signals (Swift's worker threads
    /// block nearly all, and a child used to inherit that, so SIGTERM never reached it), no
    /// ignored ones, a process group of their own, and the folder asked for.
    @Test func toolsStartWithCleanSignalsInTheirOwnGroup() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each tool reads its own state, so no shell in between changes it.
        let status = try await ProcessRunner.run("/bin/grep", ["-E", "^(SigBlk|SigIgn):", "/proc/self/status"])
        let lines = String(decoding: status.standardOutput, as: UTF8.self).split(separator: "\n").map(String.init)
        // Signals 1 to 31; glibc keeps 32 and 33 for itself, and no program sees those.
        func standardSignals(_ field: String) -> UInt64? {
            lines.first { $0.hasPrefix(field) }.flatMap { UInt64($0.dropFirst(field.count).trimmingCharacters(in: .whitespaces), radix: 16) }
                .map { $0 & 0x7fff_ffff }
        }
        #expect(standardSignals("SigBlk:") == 0, "\(lines)")
        #expect(standardSignals("SigIgn:") == 0, "\(lines)")

        // "pid (name) state ppid pgrp ...": the fifth field is the group.
        let stat = try await ProcessRunner.run("/bin/cat", ["/proc/self/stat"])
        let fields = String(decoding: stat.standardOutput, as: UTF8.self).split(separator: " ")
        #expect(fields.count > 4 && fields[0] == fields[4], "its own process group: \(fields.prefix(5))")

        let directory = try await ProcessRunner.run("/bin/pwd", [], in: folder)
        #expect(String(decoding: directory.standardOutput, as: UTF8.self) == folder.path + "\n")
    }

    /// Only stdin, stdout and stderr reach a tool: not an open file of the shell's, even one
    /// opened without close-on-exec.
    @Test func noOtherDescriptorLeaksIntoATool() async throws {
        let descriptor = open("/etc/hostname", O_RDONLY)
        try #require(descriptor > 2)
        defer { close(descriptor) }
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "if [ -e /proc/$$/fd/\(descriptor) ]; then echo open; else echo closed; fi"])
        #expect(String(decoding: result.standardOutput, as: UTF8.self) == "closed\n")
    }

    /// Exit codes come back as they are; a tool ended by a signal reads as 128 plus its number.
    @Test func exitStatusesAreReported() async throws {
        #expect(try await ProcessRunner.run("/bin/sh", ["-c", "exit 3"]).status == 3)
        #expect(try await ProcessRunner.run("/bin/sh", ["-c", "kill -9 $$"]).status == 128 + 9)
        let noisy = try await ProcessRunner.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 0"])
        #expect(String(decoding: noisy.standardOutput, as: UTF8.self) == "out\n")
        #expect(noisy.errorText == "err\n")
    }

    /// Cancelling ends the tool and everything it started, at once on SIGTERM, or killed after
    /// the grace period when it ignores SIGTERM.
    @Test(arguments: [false, true])
    func cancellingEndsTheToolAndItsChildren(ignoresTerm: Bool) async throws {
        let marker = "skillshell-test-\(UUID().uuidString.prefix(8))"
        let trap = ignoresTerm ? "trap '' TERM; " : ""
        // The grandchild: a sleep whose arguments carry the marker, so it can be found.
        let script = "\(trap)sh -c 'sleep 120; : \(marker)' & wait"
        let clock = ContinuousClock()
        let started = Mutex<ContinuousClock.Instant?>(nil)
        // Injected: short where the grace must run out, so the test does not wait out the
        // product's three seconds; long where SIGTERM must end it first, so a loaded machine's
        // slow teardown is not mistaken for a kill.
        let grace: Duration = ignoresTerm ? .milliseconds(600) : .seconds(20)
        let run = Task {
            try await ProcessRunner.$graceBeforeKill.withValue(grace) {
                try await ProcessRunner.run("/bin/sh", ["-c", script], onStart: { _ in started.withLock { $0 = clock.now } })
            }
        }
        func alive(grandchildOnly: Bool = false) -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.contains { name in
                guard Int32(name) != nil, let raw = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return false }
                let commandLine = String(decoding: raw, as: UTF8.self)
                // The tool's own command line holds the marker too, before its trap is set; the
                // grandchild exists only once it is.
                return commandLine.contains(marker) && !(grandchildOnly && commandLine.contains("wait"))
            }
        }
        let deadline = clock.now + .seconds(10)
        while !alive(grandchildOnly: true), clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(alive(grandchildOnly: true), "the tool never started")
        let cancelledAt = clock.now
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        let waited = clock.now - cancelledAt
        #expect(!alive(), "a child of the tool outlived the cancel")
        if ignoresTerm {
            #expect(waited >= grace - .milliseconds(100), "killed before the grace period: \(waited)")
        } else {
            #expect(waited < grace, "SIGTERM should have ended it: \(waited)")
        }
    }

    /// A studio's shutdown ends its own tools and no one else's: each studio runs its work in a
    /// group of its own.
    @Test func aGroupEndsOnlyItsOwnTools() async throws {
        let mine = ToolGroup(), theirs = ToolGroup()
        let started = Mutex<Int32?>(nil)
        let run = Task {
            try await ProcessRunner.$group.withValue(mine) {
                try await ProcessRunner.run("/bin/sleep", ["30"], onStart: { pid in started.withLock { $0 = pid } })
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while started.withLock({ $0 }) == nil, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let pid = try #require(started.withLock { $0 })
        theirs.killAll()
        try await Task.sleep(for: .milliseconds(200))
        #expect(ProcessTable.isRunning(pid), "another group's shutdown ended this tool")
        let stopped = clock.now
        mine.killAll()
        let result = try await run.value
        #expect(result.status == 128 + SIGKILL)
        #expect(clock.now - stopped < .seconds(5))
    }

}
