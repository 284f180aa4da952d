import Foundation

/// A fresh folder under the system's temporary folder, removed by `cleanUp`.
struct TemporaryFolder {
    let url: URL

    init(_ name: String = "skillkit") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to a file at `path` inside the folder, creating folders on the way.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The package's root, for the shipped skills.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func manifestText(name: String, version: String = "\"1.0.0\"", description: String? = "A test skill.", extra: String = "") -> String {
    var lines = ["---", "name: \(name)", "version: \(version)"]
    if let description { lines.append("description: \(description)") }
    if !extra.isEmpty { lines.append(extra) }
    lines += ["---", "", "# \(name)", "Body text."]
    return lines.joined(separator: "\n")
}
