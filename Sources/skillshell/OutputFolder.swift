import Foundation

/// The folder finished videos are saved in (`--output`): made when it does not exist yet, as
/// a user who names a new folder expects, and refused in one sentence when it cannot be.
enum OutputFolder {
    static func prepare(_ folder: URL) throws -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandFailure("--output \(folder.path) is a file, not a folder; give a folder, or a new .mp4 name with compress.", status: 2)
            }
            return folder
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw CommandFailure("Could not make the output folder \(folder.path) (\(reason)); give a folder you can write to with --output.", status: 2)
        }
        return folder
    }
}
