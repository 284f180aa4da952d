import Foundation

/// Where the cloud is and how the client behaves towards it.
public struct CloudConfiguration: Sendable {
    /// The NemoVideo production API.
    public static let productionBase = URL(string: "https://mega-api-prod.nemovideo.ai")!
    /// The NemoVideo web app, where claim links open a project.
    public static let productionWeb = URL(string: "https://nemovideo.com")!

    public var apiBase: URL
    /// Where a claim link opens the project (`$WEB/workspace/claim?ct=…`).
    public var webBase: URL
    /// How long a stream may carry nothing but heartbeats before it counts as timed out
    /// (nemo-video 1.9: ten minutes).
    public var heartbeatOnlyTimeout: Duration
    /// The most status polls one render gets (nemo-video 1.9: 10, at the server's pace).
    public var maximumRenderPolls: Int
    /// `NEMO_TOKEN`: a registered user's token; without it the client uses a starter token.
    public var environmentToken: String?
    public var credentials: CredentialStore
    /// How long to wait after a 429 before the one retry (the contract says 30 s).
    public var rateLimitWait: Duration
    /// The page where an anonymous user registers; `?bind=<id>` is added.
    public var registrationPage: String
    /// `X-Studio-Secret` for a `skillshell serve` bound to a network address.
    public var studioSecret: String?
    public var apiTimeouts: TransferTimeouts
    public var streamTimeouts: TransferTimeouts
    public var transferTimeouts: TransferTimeouts
    /// Called with each chat event's SSE id the moment it is decoded (for bench/sse).
    public var eventTrace: (@Sendable (String) -> Void)?

    public init(
        apiBase: URL = CloudConfiguration.productionBase,
        webBase: URL? = nil,
        heartbeatOnlyTimeout: Duration = .seconds(600),
        maximumRenderPolls: Int = 10,
        environmentToken: String? = nil,
        credentials: CredentialStore = CredentialStore(folder: CredentialStore.standardFolder()),
        rateLimitWait: Duration = .seconds(30),
        registrationPage: String = "https://nemovideo.ai/register",
        studioSecret: String? = nil,
        apiTimeouts: TransferTimeouts = .standard,
        streamTimeouts: TransferTimeouts = .eventStream,
        transferTimeouts: TransferTimeouts = .transfer
    ) {
        self.apiBase = apiBase
        // A server other than the production API serves its own claim page (skillshell serve does).
        self.webBase = webBase ?? (apiBase == Self.productionBase ? Self.productionWeb : apiBase)
        self.heartbeatOnlyTimeout = heartbeatOnlyTimeout
        self.maximumRenderPolls = max(1, maximumRenderPolls)
        self.environmentToken = environmentToken.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.credentials = credentials
        self.rateLimitWait = rateLimitWait
        self.registrationPage = registrationPage
        self.studioSecret = studioSecret
        self.apiTimeouts = apiTimeouts
        self.streamTimeouts = streamTimeouts
        self.transferTimeouts = transferTimeouts
    }

    /// The configuration the environment describes: `NEMO_TOKEN`; the API at `apiBase` (the
    /// `--api-base` flag), else `NEMO_API_URL` (nemo-video 1.9's name), else `NEMO_API_BASE`;
    /// `NEMO_WEB_URL`; `NEMO_CLIENT_ID`; `SKILLSHELL_SERVER_SECRET`; the XDG folders.
    public static func fromEnvironment(_ environment: [String: String], apiBase: URL? = nil) -> CloudConfiguration {
        func address(_ name: String) -> URL? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
                let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil
            else { return nil }
            return url
        }
        let base = apiBase ?? address("NEMO_API_URL") ?? address("NEMO_API_BASE") ?? productionBase
        return CloudConfiguration(
            apiBase: base,
            webBase: address("NEMO_WEB_URL"),
            environmentToken: environment["NEMO_TOKEN"],
            credentials: CredentialStore(folder: CredentialStore.standardFolder(environment: environment), fixedClientID: environment["NEMO_CLIENT_ID"]),
            studioSecret: environment["SKILLSHELL_SERVER_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
