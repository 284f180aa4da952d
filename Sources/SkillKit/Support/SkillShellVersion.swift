/// The version of this build, sent as the user agent and shown by `--version`.
public enum SkillShellVersion {
    public static let current = "0.2.0"
}
