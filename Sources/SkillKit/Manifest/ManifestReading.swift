/// How strictly a manifest is read.
public enum ManifestMode: Sendable, Equatable {
    /// Loads a skill whose only problems are cosmetic (see ``ManifestProblem/isCosmetic``), as
    /// Claude Code and OpenClaw do; the default for discovery.
    case lenient
    /// Every problem is an error; `skills --check`.
    case strict
}

/// A manifest that was loaded, with the cosmetic problems a lenient reading let through.
public struct ManifestReading: Sendable, Equatable {
    public var manifest: SkillManifest
    public var warnings: [ManifestProblem]

    public init(manifest: SkillManifest, warnings: [ManifestProblem] = []) {
        self.manifest = manifest
        self.warnings = warnings
    }
}
