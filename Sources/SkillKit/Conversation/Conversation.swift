import Foundation

/// The chat with the agent: routes each line, runs direct actions, streams chat turns and
/// keeps the session while skills are switched.
public actor Conversation {
    let registry: SkillRegistry
    let catalog: PluginCatalog
    /// The backend the conversation talks to.
    public nonisolated let backend: any AgentBackend
    let output: any ShellOutput
    let options: ConversationOptions
    let router: IntentRouter
    let paths: PathDetector
    let translator = GUITranslator()

    /// The active skill and its plugin.
    public private(set) var skill: InstalledSkill
    private(set) var plugin: any SkillPlugin
    /// The backend session, once connected; it outlives skill switches.
    public internal(set) var session: BackendSession?
    /// The last message whose stream was lost and whose edit never showed; "retry" sends it.
    var retryableMessage: String?
    /// The project's browser link for `session`, once fetched.
    var claim: (sessionID: String, link: ClaimLink)?

    /// Starts a conversation on `initialSkill`, or on the first installed skill.
    public init(
        registry: SkillRegistry,
        catalog: PluginCatalog,
        backend: any AgentBackend,
        output: any ShellOutput,
        initialSkill: String? = nil,
        options: ConversationOptions = ConversationOptions(),
        paths: PathDetector = PathDetector()
    ) throws(ShellError) {
        let chosen: InstalledSkill
        let plugin: any SkillPlugin
        if let initialSkill {
            (chosen, plugin) = try Self.runnable(initialSkill, registry: registry, catalog: catalog)
        } else {
            guard let first = registry.skills.first(where: { catalog.runtime(for: $0.manifest).runsHere }),
                let firstPlugin = catalog.plugin(for: first.manifest)
            else {
                throw .noSkills(searched: [])
            }
            (chosen, plugin) = (first, firstPlugin)
        }
        self.registry = registry
        self.catalog = catalog
        self.backend = backend
        self.output = output
        self.options = options
        self.paths = paths
        self.router = IntentRouter(paths: paths)
        self.skill = chosen
        self.plugin = plugin
    }

    /// The skill called `name` and its plugin, or why it cannot run here.
    static func runnable(_ name: String, registry: SkillRegistry, catalog: PluginCatalog) throws(ShellError) -> (InstalledSkill, any SkillPlugin) {
        let runnable = registry.skills.filter { catalog.runtime(for: $0.manifest).runsHere }.map(\.name)
        guard let skill = registry.skill(named: name) else {
            if let problem = registry.problem(forSkillNamed: name) {
                throw .refusedSkill(name: name, file: problem.file, problems: problem.problems)
            }
            throw .unknownSkill(name: name, installed: runnable)
        }
        guard let plugin = catalog.plugin(for: skill.manifest) else {
            throw .notAVideoSkill(name: name, runnable: runnable)
        }
        return (skill, plugin)
    }

    /// Greets the user with the active skill and connects to the backend.
    public func start(greeting: Bool = true) async {
        if greeting { output.emit(.greeting(plugin.greeting())) }
        guard (try? await ensureSession()) != nil else { return }  // ensureSession said why; the next line connects again
        await offerClaimLink()
        _ = try? await resumePendingExports(quietWhenNone: true)  // each export's fate is said as it is met
    }

    /// Runs one line of input.
    public func handle(_ line: String) async -> TurnOutcome {
        await outcome {
            if let command = SlashCommand.parse(line, paths: paths) {
                return try await run(command)
            }
            if let message = retryableMessage, Self.retryWords.contains(line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()) {
                retryableMessage = nil
                output.emit(.sent(message))
                try await chat(message, allowFollowUp: true)
                return .completed
            }
            let steps = router.route(line)
            for step in steps {
                try Task.checkCancellation()
                try await run(step)
            }
            return .completed
        }
    }

    /// The quick path: uploads `path` and exports it under `targetBytes`, without a chat turn,
    /// to `destination` (a file; `nil` for the output folder and the usual name).
    public func compress(_ path: String, targetBytes: Int64, destination: URL? = nil) async -> TurnOutcome {
        await outcome {
            try await upload([path])
            try await export(ExportRequest(targetBytes: targetBytes, separately: false), destination: destination)
            return .completed
        }
    }

    /// Runs `body`, reporting any failure in one sentence.
    private func outcome(_ body: () async throws -> TurnOutcome) async -> TurnOutcome {
        do {
            return try await body()
        } catch is AlreadyReported {
            return .failed
        } catch is CancellationError {
            output.emit(.progressEnd)
            output.emit(.info("Cancelled."))
            return .cancelled
        } catch {
            output.emit(.progressEnd)
            output.emit(.error(Self.sentence(for: error)))
            return .failed
        }
    }

    /// The user-facing sentence for any error.
    static func sentence(for error: any Error) -> String {
        switch error {
        case let error as BackendError: return error.description
        case let error as ShellError: return error.description
        case let error as ManifestError: return error.description
        default: break
        }
        return "Something went wrong: \(error.localizedDescription)"
    }

    func run(_ command: SlashCommand) async throws -> TurnOutcome {
        switch command {
        case .help: showHelp()
        case .skill(let name):
            if let name { try switchSkill(to: name) } else { output.emit(.info("Active skill: \(skill.label).")) }
        case .skills: listSkills()
        case .status: try await showState()
        case .credits: try await showCredits()
        case .upload(let files): try await upload(files)
        case .export(let request): try await export(request)
        case .new: try await startNewSession()
        case .resume: try await resumePendingExports(quietWhenNone: false)
        case .link:
            if await offerClaimLink() == false {
                output.emit(.info("\(backend.displayName) has no web page for projects; this session lives only here. (skillshell serve and the NemoVideo cloud have one.)"))
            }
        case .quit: return .quit
        case .unknown(let name): throw ShellError.unknownCommand(name)
        }
        return .completed
    }

    func run(_ intent: Intent) async throws {
        switch intent {
        case .chat(let text): try await chat(text, allowFollowUp: true)
        case .export(let request): try await export(request)
        case .upload(let files): try await upload(files)
        case .credits: try await showCredits()
        case .state: try await showState()
        }
    }

    /// Switches the plugin and attribution; the backend session and its timeline stay.
    public func switchSkill(to name: String) throws(ShellError) {
        guard name != skill.name else {
            output.emit(.info("\(name) is already the active skill."))
            return
        }
        let (next, nextPlugin) = try Self.runnable(name, registry: registry, catalog: catalog)
        skill = next
        plugin = nextPlugin
        let kept = session == nil ? "" : " Your session and timeline are kept."
        output.emit(.success("Switched to \(next.label).\(kept)"))
        output.emit(.greeting(plugin.greeting()))
    }

    func listSkills() {
        for installed in registry.skills {
            let marker = installed.name == skill.name ? "*" : " "
            let runtime = catalog.runtime(for: installed.manifest)
            output.emit(.info("\(marker) \(installed.label) (\(installed.attribution.platform)): \(runtime), \(installed.origin)"))
        }
    }

    func showHelp() {
        output.emit(.info("Commands:"))
        for command in SlashCommand.all {
            let padded = command.usage.padding(toLength: 38, withPad: " ", startingAt: 0)
            output.emit(.info("  \(padded)\(command.summary)"))
        }
        output.emit(.info("Anything else is sent to the \(skill.name) agent. Type or drop a file path to upload it."))
        let examples = plugin.examplePrompts
        if !examples.isEmpty {
            output.emit(.info("Try:"))
            for example in examples { output.emit(.info("  \"\(example)\"")) }
        }
    }

    /// The context for a backend call, connecting first if needed.
    func context() async throws -> RequestContext {
        RequestContext(session: try await ensureSession(), attribution: skill.attribution)
    }

    @discardableResult
    func ensureSession() async throws -> BackendSession {
        if let session { return session }
        output.emit(.status("Connecting..."))
        do {
            let opened = try await backend.connect(attribution: skill.attribution)
            session = opened
            output.emit(.info("Ready."))
            return opened
        } catch {
            output.emit(.error(Self.sentence(for: error)))
            throw error
        }
    }

    /// Prints the link that opens the project in a browser, fetching a claim token for the
    /// session when there is none yet (or it has expired). Returns whether there was a link.
    /// A failure to get one is not the user's problem: it is left out, and /link tries again.
    @discardableResult
    func offerClaimLink() async -> Bool {
        guard let session else { return false }
        if let claim, claim.sessionID == session.sessionID, claim.link.expiresAt > Date().addingTimeInterval(60) {
            output.emit(.info("Open this project in your browser: \(claim.link.url.absoluteString)"))
            return true
        }
        // try?: the claim link is an extra; without it the session goes on (see above).
        guard let current = try? await context(),
            let fetched = try? await backend.claimLink(context: current)
        else { return false }  // optional extra: see above
        claim = (session.sessionID, fetched)
        output.emit(.info("Open this project in your browser: \(fetched.url.absoluteString)"))
        return true
    }

    /// Runs a backend call in the current session. When the server has lost the session
    /// (1002), a new one is opened and the call made once more, as the contract says.
    func withSession<T>(_ body: (RequestContext) async throws -> T) async throws -> T {
        let current = try await context()
        do {
            return try await body(current)
        } catch BackendError.sessionNotFound {
            session = try await backend.newSession(context: current)
            output.emit(.warning("The server no longer had your session, so a new one was opened; its timeline starts empty."))
            return try await body(try await context())
        }
    }

    func startNewSession() async throws {
        let current = try await context()
        let fresh = try await backend.newSession(context: current)
        session = fresh
        output.emit(.success("Started a new session with an empty timeline."))
    }

    func showCredits() async throws {
        let balance = try await withSession { try await backend.credits(context: $0) }
        func number(_ value: Double) -> String {
            // The balance comes from the server: any number prints, none traps.
            ExportSettings.number(value.rounded() == value ? value : (value * 10).rounded() / 10)
        }
        var line = "Credits: \(number(balance.available)) available"
        if balance.frozen > 0 { line += ", \(number(balance.frozen)) held for running jobs" }
        output.emit(.info(line + "."))
    }

    func showState() async throws {
        let state = try await withSession { try await backend.state(context: $0) }
        let summary = TimelineSummary(state.draft)
        output.emit(.timeline(summary.lines + summary.timedLines.map { "     \($0)" }))
    }
}
