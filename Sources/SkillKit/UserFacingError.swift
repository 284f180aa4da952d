/// An error whose `description` is meant for the user: one sentence that says what went wrong
/// and, where there is one, the next step ("…; give one such as 10MB"). Errors that are only
/// ever turned into other errors (a transport failure, an API envelope) do not adopt it.
///
/// The shell prints these as they are, at the one place that catches what a command throws.
public protocol UserFacingError: Error, CustomStringConvertible {}

extension ShellError: UserFacingError {}
extension BackendError: UserFacingError {}
extension ManifestError: UserFacingError {}
