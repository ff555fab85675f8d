import Tagged
/// A value bound to or read from a statement: the types both SQLite and PostgreSQL store alike.
///
/// Booleans are stored as integers 0/1 and times as seconds since the epoch, so one SQL text
/// means the same on both databases (docs/adr/0003-portable-sql.md).
public enum DatabaseValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension DatabaseValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

/// Conversions used when binding parameters: `.bind(x)` reads better than a switch at each call.
extension DatabaseValue {
    public static func bind(_ value: String?) -> DatabaseValue { value.map(DatabaseValue.text) ?? .null }
    public static func bind(_ value: Int?) -> DatabaseValue { value.map { .integer(Int64($0)) } ?? .null }
    public static func bind(_ value: Int64?) -> DatabaseValue { value.map(DatabaseValue.integer) ?? .null }
    public static func bind(_ value: Bool) -> DatabaseValue { .integer(value ? 1 : 0) }
}

/// One result row: values by column name.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [DatabaseValue]

    public init(columns: [String], values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(column: String) -> DatabaseValue {
        guard let i = columns.firstIndex(of: column) else { return .null }
        return values[i]
    }

    public func string(_ column: String) throws -> String {
        switch self[column] {
        case .text(let s): return s
        case .integer(let i): return String(i)
        default: throw StorageError.unexpectedValue(column: column, expected: "text")
        }
    }

    public func optionalString(_ column: String) throws -> String? {
        if case .null = self[column] { return nil }
        return try string(column)
    }

    public func int64(_ column: String) throws -> Int64 {
        switch self[column] {
        case .integer(let i): return i
        case .real(let d): return Int64(d)
        case .text(let s): if let i = Int64(s) { return i }
        default: break
        }
        throw StorageError.unexpectedValue(column: column, expected: "integer")
    }

    public func int(_ column: String) throws -> Int { Int(try int64(column)) }

    public func optionalInt64(_ column: String) throws -> Int64? {
        if case .null = self[column] { return nil }
        return try int64(column)
    }

    public func optionalInt(_ column: String) throws -> Int? { try optionalInt64(column).map(Int.init) }

    public func bool(_ column: String) throws -> Bool { try int64(column) != 0 }

    public func blob(_ column: String) throws -> [UInt8] {
        guard case .blob(let bytes) = self[column] else { throw StorageError.unexpectedValue(column: column, expected: "bytes") }
        return bytes
    }
}

/// Typed codes (ADR 0019) are stored as their text.
extension DatabaseValue {
    public static func text<Tag>(_ code: Tagged<Tag, String>) -> DatabaseValue { .text(code.rawValue) }
    public static func bind<Tag>(_ code: Tagged<Tag, String>?) -> DatabaseValue { code.map { .text($0.rawValue) } ?? .null }
}

extension Row {
    /// A typed code from a text column.
    public func code<Tag>(_ column: String) throws -> Tagged<Tag, String> {
        Tagged(rawValue: try string(column))
    }

    public func optionalCode<Tag>(_ column: String) throws -> Tagged<Tag, String>? {
        try optionalString(column).map(Tagged.init(rawValue:))
    }
}
