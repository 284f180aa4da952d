import Foundation

/// What the parser made of one message: each clause with its operations or its problem.
public struct ParsedRequest: Sendable, Equatable {
    public var clauses: [ParsedClause]
    /// Mistyped words read as lexicon words: (typed, read).
    public var corrections: [Correction]

    public init(clauses: [ParsedClause] = [], corrections: [Correction] = []) {
        self.clauses = clauses
        self.corrections = corrections
    }

    /// Every operation, in the order the clauses gave them.
    public var operations: [EditOperation] { clauses.flatMap(\.operations) }

    /// The one question to ask instead of acting, when the request is ambiguous or contradicts
    /// itself.
    public var question: String? {
        for clause in clauses { if case .question(let text)? = clause.problem { return text } }
        return nil
    }

    /// Whether some clause gave a size (a number with a size unit, or a share of the size) that
    /// could not be read. A plugin must not fill in a default size then.
    public var hasUnreadSize: Bool { clauses.contains(where: \.hasUnreadSize) }

    /// The size targets asked for.
    public var sizeTargets: [SizeTarget] {
        operations.compactMap { if case .sizeTarget(let target) = $0 { return target } else { return nil } }
    }
}

public struct Correction: Sendable, Equatable {
    public var typed: String
    public var read: String

    public init(typed: String, read: String) {
        self.typed = typed
        self.read = read
    }
}

public struct ParsedClause: Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// Nothing in the clause was understood; `suggestion` is an example of what may have been meant.
        case notUnderstood(suggestion: String?)
        /// The clause is ambiguous: ask this and change nothing.
        case question(String)
        /// Operations were read, but these values were not ("12 bananas").
        case unreadValues([String])
        /// The clause asks for something but leaves out how much: this sentence asks for it
        /// ("How much faster? Say 1.5x or 2x.").
        case needsValue(String)
    }

    /// The clause as the user wrote it.
    public var text: String
    public var operations: [EditOperation]
    public var problem: Problem?
    /// Set for the note a skill adds to a request ("(target: under 10 MB …)").
    public var fromSkill: Bool
    /// Values read in a way worth saying ("under 10" as 10 MB).
    public var readings: [Correction] = []
    var hasUnreadSize: Bool
    /// What a clause that left out its value was about ("trim", "speed"): moot when another
    /// clause gives that value.
    var vagueKind: String?
    /// A part the clause only describes ("the clip starts with 4 seconds of my desktop"): what a
    /// "trim that" after it removes.
    var describedSpan: TimeSpan?
    /// A point described but not acted on ("the good part starts at 0:12"), in ms.
    var describedPoint: Double?
    /// Its size target had no word saying it was one.
    var guessedTarget = false

    public init(text: String, operations: [EditOperation], problem: Problem? = nil, fromSkill: Bool = false, hasUnreadSize: Bool = false) {
        self.text = text
        self.operations = operations
        self.problem = problem
        self.fromSkill = fromSkill
        self.hasUnreadSize = hasUnreadSize
    }
}
