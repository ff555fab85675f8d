/// Errors of the storage layer, the same whichever database raised them.
public enum StorageError: Error, Sendable, Equatable {
    /// A row with the same unique key exists.
    case uniqueViolation(String)
    /// A referenced row is missing, or a row is still referenced.
    case foreignKeyViolation(String)
    /// A column held a value of an unexpected type.
    case unexpectedValue(column: String, expected: String)
    /// A configuration value (URL, path) is unusable.
    case badConfiguration(String)
    /// Any other database error, with the database's own message (for logs, never for users).
    case database(String)
}
