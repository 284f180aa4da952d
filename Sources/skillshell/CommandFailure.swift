import SkillKit

/// How a command ends with a sentence on standard error and an exit status: thrown, never
/// printed where it happens; ``SkillShell/main()`` says it and exits.
struct CommandFailure: UserFacingError {
    var description: String
    /// 1: the job or a scripted line failed; 2: the command line, the skills or the backend
    /// could not be set up.
    var status: Int32

    init(_ description: String, status: Int32) {
        self.description = description
        self.status = status
    }
}
