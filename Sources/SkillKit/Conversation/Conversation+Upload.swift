import Foundation

extension Conversation {
    /// Checks every file first, uploads the good ones and names each bad one in a sentence.
    func upload(_ paths: [String]) async throws {
        guard !paths.isEmpty else { throw ShellError.uploadNeedsPath }
        var accepted: [URL] = []
        var rejected: [BackendError] = []
        for path in paths {
            let lowered = path.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
                guard let url = URL(string: path) else {
                    rejected.append(.fileNotFound(path: path))
                    continue
                }
                let ext = url.pathExtension.lowercased()
                if MediaRules.acceptedExtensions.contains(ext) || ext == "jpeg" {
                    accepted.append(url)
                } else {
                    rejected.append(.unsupportedFile(name: url.lastPathComponent.isEmpty ? path : url.lastPathComponent))
                }
                continue
            }
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
            let output = self.output
            let backend = self.backend
            let meter = TransferMeter()
            let media = try await withSession { context in
                try await backend.upload(accepted, context: context) { progress in
                    output.emit(.progress(label: "Uploading", fraction: progress.fraction, detail: meter.detail(for: progress)))
                }
            }
            output.emit(.progressEnd)
            for item in media { output.emit(.success("Uploaded \(item.summary).")) }
        }
        if !rejected.isEmpty { throw AlreadyReported() }
    }
}

/// A failure whose sentences were already shown.
struct AlreadyReported: Error {}
