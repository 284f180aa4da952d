import ArgumentParser
import DiscordCompressor
import DiscordSharing
import Foundation
import SkillKit

/// The default command: an interactive chat on a terminal, a scripted session otherwise.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a skill's agent (the default). Reads a script when standard input is not a terminal."
    )

    @OptionGroup var skillOptions: SkillOptions

    @Option(name: .long, help: ArgumentHelp("The skill to start with.", valueName: "NAME"))
    var skill: String?

    @Option(name: .customLong("output"), help: ArgumentHelp("Where exported videos are saved (default: the current folder).", valueName: "DIR"))
    var outputPath: String?

    @OptionGroup var backendOptions: BackendOptions

    @Flag(name: .long, help: "Print one JSON event a line (input, text, tool, progress, result, error); reads lines from standard input.")
    var json = false

    @Flag(name: .long, help: "In a scripted session, go on after a failed line (the exit status still reports it).")
    var keepGoing = false

    func run() async throws {
        let console = Console.standard
        // A scripted session has no turn to cancel: Ctrl-C ends it, encoders included.
        ProcessSignals.shared.install(interruptStops: !(console.inputIsTerminal && !json))
        let environment = ProcessInfo.processInfo.environment
        let registry = BundledSkills.registry(extra: skillOptions.skillsDirectories, environment: environment)
        for warning in registry.warnings { console.error("warning: \(warning)") }
        if !registry.problems.isEmpty {
            let count = registry.problems.count
            console.error("warning: skipped \(count) skill\(count == 1 ? "" : "s") with manifest problems (\(registry.problems.map(\.folderName).joined(separator: ", "))); 'skillshell skills' says why.")
        }

        let interactive = console.inputIsTerminal && console.isTerminal && !json
        let terminal = TerminalOutput(console: console, interactive: interactive, environment: environment)
        let output: any ShellOutput = json ? JSONLinesOutput(console: console) : terminal
        let outputDirectory = try OutputFolder.prepare(URL(fileURLWithPath: PathExpansion.expandTilde(outputPath ?? ".")))
        guard !registry.skills.isEmpty else {
            let searched = SkillSearchPath.standard(extra: skillOptions.skillsDirectories).directories.map(\.path)
            throw CommandFailure("\(ShellError.noSkills(searched: searched))", status: 2)
        }
        let conversation = try await backendOptions.openConversation(
            registry: registry, output: output, initialSkill: skill ?? Self.defaultSkill(in: registry),
            outputDirectory: outputDirectory, environment: environment, console: console
        )
        let backend = conversation.backend
        ProcessSignals.shared.onStop = { _ in await backend.shutdown() }

        if console.inputIsTerminal && !json {
            let repl = REPL(conversation: conversation, registry: registry, output: terminal, historyFile: XDGPaths(environment: environment).state.appendingPathComponent("history"))
            await repl.run()
        } else {
            await conversation.start()
            let failures = try await TranscriptRunner(keepGoing: keepGoing).run(StandardInputLines(), conversation: conversation, output: output)
            if failures > 0 { throw ExitCode(1) }
        }
    }

    /// The compressor when it is installed (the main job), else the first skill.
    static func defaultSkill(in registry: SkillRegistry) -> String? {
        registry.skill(named: DiscordCompressorPlugin.skillName) != nil ? DiscordCompressorPlugin.skillName : nil
    }
}
