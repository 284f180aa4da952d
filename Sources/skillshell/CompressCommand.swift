import ArgumentParser
import DiscordCompressor
import Foundation
import SkillKit

/// `skillshell compress FILE --target 10MB`: the main job in one command, no conversation.
struct CompressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Compress one video under a size and save it, without a conversation.",
        discussion: """
            Runs the compressor skill's whole workflow through the same backend and plugin as the chat: \
            upload, plan, encode, check the size, save. The file is saved beside the current folder's \
            other exports as NAME-discord.mp4 unless --output says otherwise; an existing file is never \
            overwritten (a new name is chosen and shown).

            Targets: sizes such as 10MB, 8MB, 500KB or 25MiB (MB is 1,000,000 bytes), or a named \
            limit from the skill: discord (10 MB), nitro-basic (50 MB), nitro (500 MB).

            Exit status: 0 when the file is saved under the target, 1 when the job failed (the reason \
            is printed), 2 when the command line or the set-up is wrong.
            """
    )

    @Argument(help: ArgumentHelp("The video to compress.", valueName: "FILE"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The size to stay under.", valueName: "SIZE"))
    var target: String = "10MB"

    @Option(name: .customLong("output"), help: ArgumentHelp("A folder to save in, or the file to write.", valueName: "PATH"))
    var outputPath: String?

    @OptionGroup var backendOptions: BackendOptions

    @Flag(name: .long, help: "Print one JSON event a line instead of text.")
    var json = false

    @OptionGroup var skillOptions: SkillOptions

    func run() async throws {
        ProcessSignals.shared.install(interruptStops: false)
        let console = Console.standard
        let environment = ProcessInfo.processInfo.environment
        let registry = BundledSkills.registry(extra: skillOptions.skillsDirectories, environment: environment)
        // Built in, so only a broken override in a skills folder can hide it.
        guard let skill = registry.skill(named: DiscordCompressorPlugin.skillName) else {
            let reason = registry.problem(forSkillNamed: DiscordCompressorPlugin.skillName)?.description ?? "it is missing"
            throw CommandFailure("The \(DiscordCompressorPlugin.skillName) skill could not be loaded: \(reason)", status: 2)
        }
        guard let bytes = Self.targetBytes(target, manifest: skill.manifest) else {
            throw CommandFailure("'\(target)' is not a size; give one such as 10MB, 8MB, 500KB or 25MiB, or discord, nitro-basic, nitro.", status: 2)
        }
        let (chosen, destination) = Self.destination(outputPath)
        let folder = try OutputFolder.prepare(chosen)

        let output: any ShellOutput =
            json
            ? JSONLinesOutput(console: console)
            : TerminalOutput(console: console, interactive: console.isTerminal, environment: environment)
        let conversation = try await backendOptions.openConversation(
            registry: registry, output: output, initialSkill: skill.name, outputDirectory: folder,
            environment: environment, console: console
        )
        let backend = conversation.backend
        ProcessSignals.shared.onStop = { _ in await backend.shutdown() }
        await conversation.start(greeting: false)
        // Ctrl-C cancels the job (the encoder is stopped, temporary files removed) and exits 1.
        let task = Task { await conversation.compress(PathExpansion.expandTilde(file), targetBytes: bytes, destination: destination) }
        ProcessSignals.shared.onInterrupt = { task.cancel() }
        let outcome = await task.value
        ProcessSignals.shared.onInterrupt = nil
        if outcome != .completed { throw ExitCode(1) }
    }

    /// A size, or the name of one of the skill's limits ("discord", "nitro-basic", "nitro").
    static func targetBytes(_ text: String, manifest: SkillManifest) -> Int64? {
        let name = text.lowercased().trimmingCharacters(in: .whitespaces)
        for candidate in [name, "discord-\(name)", name == "discord" ? "discord-free" : name] {
            if let limit = manifest.sizeLimit(named: candidate) { return limit.bytes }
        }
        // The whole text first ("5000000B", "8MiB"), then a size inside it ("under 8MB").
        let bytes = ByteSize.parse(name) ?? ByteSize.find(in: name)
        return bytes.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The folder to save in, and the exact file when `--output` names one.
    static func destination(_ path: String?) -> (URL, URL?) {
        guard let path else { return (URL(fileURLWithPath: FileManager.default.currentDirectoryPath), nil) }
        let url = URL(fileURLWithPath: PathExpansion.expandTilde(path))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (url, nil)
        }
        if ["mp4", "mov", "mkv", "webm"].contains(url.pathExtension.lowercased()) {
            return (url.deletingLastPathComponent(), url)
        }
        return (url, nil)
    }
}
