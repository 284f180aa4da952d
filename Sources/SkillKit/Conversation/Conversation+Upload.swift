import Foundation

extension Conversation {
    /// Checks every file first, uploads the good ones and names each bad one in a sentence.
    func upload(_ paths: [String]) async throws {
        guard !paths.isEmpty else { throw ShellError.uploadNeedsPath }
        var accepted: [URL] = []
        var rejected: [BackendError] = []
        for path in paths {
            let file = URL(fileURLWithPath: path)
            do {
                try MediaRules.validate(file, alsoAccepting: backend.extraUploadExtensions)
                accepted.append(file)
            } catch {
                rejected.append(error)
            }
        }
        for problem in rejected { output.emit(.error(problem.description)) }
        if !accepted.isEmpty {
            let context = try await context()
            let output = self.output
            let media = try await backend.upload(accepted, context: context) { progress in
                output.emit(.progress(label: "Uploading", fraction: progress.fraction, detail: ByteSize.describe(progress.completed)))
            }
            output.emit(.progressEnd)
            for item in media { output.emit(.success("Uploaded \(item.summary).")) }
        }
        if !rejected.isEmpty { throw AlreadyReported() }
    }
}

/// A failure whose sentences were already shown.
struct AlreadyReported: Error {}
