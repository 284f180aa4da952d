/// The one error the tests throw themselves: a sentence saying what did not happen.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
