import Foundation
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
        let environment = ProcessRunner.childEnvironment(["NEMO_TOKEN": "nmv_usr_x", "SKILLSHELL_SERVER_SECRET": "s", "HOME": "/home/a", "PATH": "/usr/bin"])
        #expect(environment == ["HOME": "/home/a", "PATH": "/usr/bin"])
    }
}
