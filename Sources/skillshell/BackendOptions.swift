import ArgumentParser

/// `--backend` and `--api-base`, shared by the commands that talk to an agent.
struct BackendOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("local (embedded, the default without NEMO_TOKEN), cloud, or a server URL.", valueName: "BACKEND"))
    var backend: String?

    @Option(name: .customLong("api-base"), help: ArgumentHelp("The cloud API's address, for other deployments. This flag wins over NEMO_API_URL, which wins over NEMO_API_BASE.", valueName: "URL"))
    var apiBase: String?

    @Flag(name: .customLong("full-quality-report"), help: "Local renders measure SSIM on every frame instead of a sample (slower; the sample stays within 0.002 of it on the benchmark clips).")
    var fullQualityReport = false
}
