import ArgumentParser
import Foundation
import SkillKit

/// `skillshell`: a chat shell for video skills.
@main
struct SkillShell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skillshell",
        abstract: "A chat shell for video skills: compress and edit videos for Discord by talking to an agent.",
        discussion: """
            Start it and type what you want, or drop a video file into the terminal. Without NEMO_TOKEN \
            everything runs on the embedded local studio: offline, free and private.

            Quick compress (no conversation):
              skillshell compress gameplay.mp4 --target 10MB
              skillshell compress gameplay.mp4 --target nitro-basic --output ~/Videos/clip-small.mp4

            Edit and share (a conversation with the sharing skill):
              skillshell --skill video-ai-discord
              > ~/Videos/launch.mp4
              > trim the clip to the first 20 seconds, add captions, and export it ready to share in Discord

            Batch (the compressor exports each video as its own file):
              printf '%s\\n' intro.mp4 outro.mp4 'compress these under 8MB' export > batch.txt
              skillshell < batch.txt

            More:
              skillshell < session.txt                     run a scripted session (one line at a time)
              skillshell --json < session.txt              the same, one JSON event a line
              skillshell --backend http://127.0.0.1:8080   use a `skillshell serve` (or --backend cloud)
              skillshell skills                            list installed skills
              skillshell serve                             serve the local studio over HTTP on 127.0.0.1
              skillshell --generate-completion-script bash shell completions (bash, zsh or fish)

            Exit status: 0 when every line (or the job) succeeded; 1 when a scripted line or the \
            compress job failed; 2 when the command line, the skills or the backend could not be set up.
            """,
        version: SkillShellVersion.current,
        subcommands: [ChatCommand.self, CompressCommand.self, SkillsCommand.self, ServeCommand.self],
        defaultSubcommand: ChatCommand.self
    )

    /// The one place that catches what a command throws: a ``UserFacingError`` is said as it is
    /// (one sentence, with the next step) and the process exits with its status (2, a set-up
    /// problem, unless the error says otherwise); the argument parser says the rest (usage
    /// errors, help, `ExitCode`).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let failure as any UserFacingError {
            Console.standard.error(failure.description)
            Foundation.exit((failure as? CommandFailure)?.status ?? 2)
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every subcommand that loads skills shares.
struct SkillOptions: ParsableArguments {
    @Option(name: .customLong("skills-dir"), help: ArgumentHelp("Also look for skills in DIR (repeatable; searched first).", valueName: "DIR"))
    var skillsDirectories: [String] = []
}
