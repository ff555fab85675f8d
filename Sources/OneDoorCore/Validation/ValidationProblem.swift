/// One thing wrong with an input, said for people (Chinese) and for programs (a field path).
///
/// Validation in OneDoor never stops at the first problem: every check runs and every
/// problem is reported at once, so a clerk or an importing system can fix everything in one pass
/// (the same spirit as 一次性告知).
public struct ValidationProblem: Sendable, Hashable, Codable {
    /// A JSON-pointer-like path to the offending field, e.g. `items[3].materials[0].name`.
    public var path: String
    /// What is wrong, in Chinese, for the person who has to fix it.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Thrown when an input has one or more ``ValidationProblem``s; nothing has been saved.
public struct ValidationFailed: Error, Sendable, Equatable {
    public var problems: [ValidationProblem]

    public init(_ problems: [ValidationProblem]) {
        self.problems = problems
    }
}

/// Collects problems while checking a nested structure.
///
/// Paths are built by ``nested(_:_:)`` so that a check written for a `Material` reports
/// `materials[2].name` when it runs inside an item and `name` when it runs alone.
public struct ProblemCollector: Sendable {
    public private(set) var problems: [ValidationProblem] = []
    private let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public mutating func add(_ field: String, _ reason: String) {
        problems.append(ValidationProblem(path: join(prefix, field), reason: reason))
    }

    public mutating func add(contentsOf others: [ValidationProblem]) {
        problems.append(contentsOf: others)
    }

    /// Runs `check` with a collector whose paths start at `field`.
    public mutating func nested(_ field: String, _ check: (inout ProblemCollector) -> Void) {
        var inner = ProblemCollector(prefix: join(prefix, field))
        check(&inner)
        problems.append(contentsOf: inner.problems)
    }

    /// Requires a non-blank string of at most `maxLength` characters.
    public mutating func requireText(_ field: String, _ value: String, label: String, maxLength: Int) {
        if value.trimmingWhitespace().isEmpty {
            add(field, "\(label)不能为空")
        } else if value.count > maxLength {
            add(field, "\(label)不能超过 \(maxLength) 个字符（现为 \(value.count) 个）")
        }
    }

    /// Allows an empty string but limits its length.
    public mutating func limitText(_ field: String, _ value: String, label: String, maxLength: Int) {
        if value.count > maxLength {
            add(field, "\(label)不能超过 \(maxLength) 个字符（现为 \(value.count) 个）")
        }
    }

    public func throwIfAny() throws(ValidationFailed) {
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }

    private func join(_ prefix: String, _ field: String) -> String {
        if prefix.isEmpty { return field }
        if field.isEmpty { return prefix }
        return field.hasPrefix("[") ? prefix + field : prefix + "." + field
    }
}

extension String {
    /// The string without leading and trailing white space (ASCII and full-width), Foundation-free.
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
