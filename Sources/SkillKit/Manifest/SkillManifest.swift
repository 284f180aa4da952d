import Foundation

/// A skill's manifest: the YAML frontmatter of its `SKILL.md` and the prose after it.
public struct SkillManifest: Sendable, Equatable {
    /// The skill's name; it equals the name of the folder that holds the manifest.
    public var name: String
    /// The version exactly as written in the file (`1.10` stays "1.10").
    public var version: String
    /// One or two sentences that say what the skill does.
    public var description: String
    /// Everything under `metadata:`, kept as written.
    public var metadata: JSONValue
    /// The Markdown body after the frontmatter.
    public var body: String

    public init(name: String, version: String, description: String, metadata: JSONValue = .object([:]), body: String = "") {
        self.name = name
        self.version = version
        self.description = description
        self.metadata = metadata
        self.body = body
    }
}

extension SkillManifest {
    /// The section of the metadata that belongs to this shell (`metadata.skillshell`).
    public var shellMetadata: JSONValue { metadata["skillshell"] ?? .object([:]) }

    /// The environment variable that carries the user's credential, if the manifest names one.
    public var primaryEnvironmentVariable: String? {
        metadata["openclaw"]?["primaryEnv"]?.stringValue ?? metadata["primaryEnv"]?.stringValue
    }

    /// The greeting written in the manifest, if any.
    public var greeting: String? { shellMetadata["greeting"]?.stringValue }

    /// Example prompts listed in the manifest.
    public var examplePrompts: [String] {
        shellMetadata["examples"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The named upload limits the manifest carries (name, bytes, source, date).
    public var sizeLimits: [SizeLimit] {
        shellMetadata["limits"]?.arrayValue?.compactMap(SizeLimit.init(json:)) ?? []
    }

    /// The limit with the given name, if the manifest lists it.
    public func sizeLimit(named name: String) -> SizeLimit? {
        sizeLimits.first { $0.name == name }
    }
}
