import ArgumentParser
import Foundation

/// `skillshell`: a chat shell for video skills.
@main
struct SkillShell: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skillshell",
        abstract: "A chat shell for video skills: compress and edit videos for Discord by talking to an agent.",
        discussion: """
        Start it and type what you want, or drop a video file into the terminal. Without NEMO_TOKEN \
        everything runs on the embedded local studio: offline, free and private.

        Examples:
          skillshell                                   chat with the default skill
          skillshell --skill video-ai-discord          chat with the sharing skill
          skillshell < session.txt                     run a scripted session
          skillshell skills                            list installed skills
          skillshell serve                             serve the local studio over HTTP on 127.0.0.1:8080
        """,
        subcommands: [ChatCommand.self, SkillsCommand.self, ServeCommand.self],
        defaultSubcommand: ChatCommand.self
    )
}

/// Options every subcommand that loads skills shares.
struct SkillOptions: ParsableArguments {
    @Option(name: .customLong("skills-dir"), help: ArgumentHelp("Also look for skills in DIR (repeatable; searched first).", valueName: "DIR"))
    var skillsDirectories: [String] = []
}
