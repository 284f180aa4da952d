/// `try?` that lets cancellation through: the value of `body`, or nil when it fails for any
/// reason but a cancel, which is thrown on so that a stopped task stops instead of carrying on
/// with a missing value.
public func unlessCancelled<T>(_ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch is CancellationError {
        throw CancellationError()
    } catch {
        return nil
    }
}
