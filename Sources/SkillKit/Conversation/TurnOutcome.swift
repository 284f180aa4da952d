import Foundation

/// How a line of input ended.
public enum TurnOutcome: Sendable, Equatable {
    case completed
    case failed
    case cancelled
    case quit
}
