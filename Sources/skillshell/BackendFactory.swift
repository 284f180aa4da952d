import Foundation
import LocalStudio
import SkillKit

/// Chooses the backend from `--backend` and the environment.
enum BackendFactory {
    /// Where `--backend` can point.
    enum Choice: Equatable {
        case local
        case cloud
        case server(String)
    }

    static func choice(_ flag: String?, environment: [String: String]) -> Choice {
        switch flag?.lowercased() {
        case "local": return .local
        case "cloud": return .cloud
        case let value? where value.hasPrefix("http://") || value.hasPrefix("https://"): return .server(flag!)
        case _? : return .local
        case nil:
            let token = environment["NEMO_TOKEN"]?.trimmingCharacters(in: .whitespaces) ?? ""
            return token.isEmpty ? .local : .cloud
        }
    }

    static func make(choice flag: String?, environment: [String: String]) async throws -> any AgentBackend {
        if let flag, !["local", "cloud"].contains(flag.lowercased()), !flag.hasPrefix("http://"), !flag.hasPrefix("https://") {
            throw ValidationFailure("--backend takes local, cloud or a server URL such as http://127.0.0.1:8080, not '\(flag)'.")
        }
        switch choice(flag, environment: environment) {
        case .local:
            do {
                return try await LocalStudioBackend.open(StudioConfiguration(dataDirectory: dataDirectory(environment)))
            } catch let error as StudioError {
                throw ValidationFailure(error.description)
            }
        case .cloud, .server:
            throw ValidationFailure("This build has no cloud client yet; unset NEMO_TOKEN or pass --backend local to use the embedded local studio.")
        }
    }

    /// `SKILLSHELL_DATA_DIR`, else the XDG data folder.
    static func dataDirectory(_ environment: [String: String]) -> URL {
        if let custom = environment["SKILLSHELL_DATA_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: PathExpansion.expandTilde(custom)).appendingPathComponent("studio")
        }
        return XDGPaths(environment: environment).data.appendingPathComponent("studio")
    }
}

/// A start-up problem, said in one sentence.
struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
