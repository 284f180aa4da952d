import ArgumentParser
import Foundation
import SkillKit

extension BackendOptions {
    /// Opens the chosen backend and a conversation on it with `initialSkill`; on failure says why
    /// on standard error and exits with status 2.
    func openConversation(
        registry: SkillRegistry, output: any ShellOutput, initialSkill: String?, outputDirectory: URL,
        environment: [String: String], console: Console
    ) async throws -> Conversation {
        do {
            let backend = try await BackendFactory.make(choice: backend, apiBase: apiBase, fullQualityReport: fullQualityReport, environment: environment)
            return try Conversation(
                registry: registry, catalog: BundledSkills.catalog, backend: backend, output: output, initialSkill: initialSkill,
                options: ConversationOptions(
                    outputDirectory: outputDirectory,
                    pendingExports: PendingExports(file: XDGPaths(environment: environment).state.appendingPathComponent("pending-exports.json"))
                )
            )
        } catch {
            throw CommandFailure("\(error)", status: 2)
        }
    }
}
