import Foundation

/// A skill's manifest: the YAML frontmatter of its `SKILL.md` and the prose after it.
public struct SkillManifest: Sendable, Equatable {
    /// The skill's name; it equals the name of the folder that holds the manifest.
    public var name: String
    /// The version exactly as written in the file (`1.10` stays "1.10"); optional in the
    /// Agent Skills format.
    public var version: String?
    /// What the skill does and when to use it.
    public var description: String
    /// `license`, as written.
    public var license: String?
    /// `compatibility`: what the skill needs from its environment.
    public var compatibility: String?
    /// `allowed-tools`, one entry per tool (the field may be a space-separated string or a list).
    public var allowedTools: [String]
    /// Everything under `metadata:`, kept as written (OpenClaw skills nest mappings in it).
    public var metadata: JSONValue
    /// Frontmatter fields this shell does not know, kept as written.
    public var otherFields: [String: JSONValue]
    /// The Markdown body after the frontmatter.
    public var body: String

    public init(
        name: String, version: String?, description: String, license: String? = nil, compatibility: String? = nil,
        allowedTools: [String] = [], metadata: JSONValue = .object([:]), otherFields: [String: JSONValue] = [:], body: String = ""
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.license = license
        self.compatibility = compatibility
        self.allowedTools = allowedTools
        self.metadata = metadata
        self.otherFields = otherFields
        self.body = body
    }
}

extension SkillManifest {
    /// The version sent in `X-Skill-Version`: the frontmatter's, else `metadata.version`
    /// (where many skills keep it), else "unversioned" (the header must not be empty).
    public var attributionVersion: String {
        if let version { return version }
        if let version = metadata["version"]?.stringValue, !version.isEmpty { return version }
        return "unversioned"
    }

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
