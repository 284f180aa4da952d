import CloudBackend
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
        case _?: return .local
        case nil:
            let token = environment["NEMO_TOKEN"]?.trimmingCharacters(in: .whitespaces) ?? ""
            return token.isEmpty ? .local : .cloud
        }
    }

    static func make(choice flag: String?, apiBase: String? = nil, fullQualityReport: Bool = false, environment: [String: String]) async throws -> any AgentBackend {
        if let flag, !["local", "cloud"].contains(flag.lowercased()), !flag.hasPrefix("http://"), !flag.hasPrefix("https://") {
            throw ValidationFailure("--backend takes local, cloud or a server URL such as http://127.0.0.1:8080, not '\(flag)'.")
        }
        var choice = choice(flag, environment: environment)
        if apiBase != nil, flag == nil { choice = .cloud }
        switch choice {
        case .local:
            do {
                return try await LocalStudioBackend.open(
                    StudioConfiguration(
                        dataDirectory: dataDirectory(environment), measuresPicture: measuresPicture(environment), x264Preset: try x264Preset(environment),
                        fullQualityReport: fullQualityReport || Self.fullQualityReport(environment)))
            } catch let error as StudioError {
                throw ValidationFailure(error.description)
            }
        case .cloud:
            return CloudBackend(configuration: traced(.fromEnvironment(environment, apiBase: try apiBase.map(serverURL)), environment))
        case .server(let address):
            return CloudBackend(configuration: traced(.fromEnvironment(environment, apiBase: try serverURL(address)), environment))
        }
    }

    /// `SKILLSHELL_X264_PRESET` (one of x264's presets) replaces the planner's choice in every
    /// local render: for tests and quick drafts.
    static func x264Preset(_ environment: [String: String]) throws -> String? {
        guard let name = environment["SKILLSHELL_X264_PRESET"]?.lowercased(), !name.isEmpty else { return nil }
        guard StudioConfiguration.x264Presets.contains(name) else {
            throw ValidationFailure("SKILLSHELL_X264_PRESET takes one of x264's presets (\(StudioConfiguration.x264Presets.joined(separator: ", "))), not '\(name)'.")
        }
        return name
    }

    /// `SKILLSHELL_MEASURE_PICTURE=0` skips the chroma measurement and the SSIM report of local renders.
    static func measuresPicture(_ environment: [String: String]) -> Bool {
        environment["SKILLSHELL_MEASURE_PICTURE"] != "0"
    }

    /// `SKILLSHELL_FULL_QUALITY_REPORT=1` (or `--full-quality-report`) measures the SSIM report of
    /// local renders on every frame instead of a sample.
    static func fullQualityReport(_ environment: [String: String]) -> Bool {
        environment["SKILLSHELL_FULL_QUALITY_REPORT"] == "1"
    }

    /// With `SKILLSHELL_TRACE_SSE=1`, each chat event's id and arrival time (microseconds since
    /// the epoch) go to standard error as `sse ID TIME`, for bench/sse.
    static func traced(_ configuration: CloudConfiguration, _ environment: [String: String]) -> CloudConfiguration {
        guard environment["SKILLSHELL_TRACE_SSE"] == "1" else { return configuration }
        var configuration = configuration
        configuration.eventTrace = { id in
            let line = "sse \(id) \(Int64(Date().timeIntervalSince1970 * 1_000_000))\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        return configuration
    }

    /// A server address, checked: http or https with a host, and no credentials in it.
    static func serverURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw ValidationFailure("'\(text)' is not a server address; give one such as https://mega-api-prod.nemovideo.ai or http://127.0.0.1:8080.")
        }
        guard url.user == nil, url.password == nil, url.query == nil else {
            throw ValidationFailure("Give the server address without a user, password or query; the token comes from NEMO_TOKEN.")
        }
        return url
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
struct ValidationFailure: UserFacingError {
    var description: String
    init(_ description: String) { self.description = description }
}
