import Foundation

/// Where the cloud is and how the client behaves towards it.
public struct CloudConfiguration: Sendable {
    /// The NemoVideo production API.
    public static let productionBase = URL(string: "https://mega-api-prod.nemovideo.ai")!

    public var apiBase: URL
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
        self.environmentToken = environmentToken.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.credentials = credentials
        self.rateLimitWait = rateLimitWait
        self.registrationPage = registrationPage
        self.studioSecret = studioSecret
        self.apiTimeouts = apiTimeouts
        self.streamTimeouts = streamTimeouts
        self.transferTimeouts = transferTimeouts
    }

    /// The configuration the environment describes: `NEMO_TOKEN`, `NEMO_API_BASE`,
    /// `SKILLSHELL_SERVER_SECRET`, and the XDG folders for the credentials.
    public static func fromEnvironment(_ environment: [String: String], apiBase: URL? = nil) -> CloudConfiguration {
        let base = apiBase ?? environment["NEMO_API_BASE"].flatMap { URL(string: $0) } ?? productionBase
        return CloudConfiguration(
            apiBase: base,
            environmentToken: environment["NEMO_TOKEN"],
            credentials: CredentialStore(folder: CredentialStore.standardFolder(environment: environment)),
            studioSecret: environment["SKILLSHELL_SERVER_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        )
    }
}
