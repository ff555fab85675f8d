/// Runs statements. Inside ``SQLDatabase/write(_:)`` every statement belongs to one transaction.
///
/// SQL is portable: `?` placeholders, standard types (BIGINT, TEXT, DOUBLE PRECISION),
/// `INSERT … ON CONFLICT`, `RETURNING`. What still differs lives in ``SQLDialect``.
public protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ binds: [DatabaseValue]) async throws
    /// Runs a query and returns all its rows.
    func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [Row]
    /// Runs statements that return no rows, in order. Adapters may send them at once (the
    /// SQLite adapter runs them in one call on its writer, saving a thread hop per statement).
    func executeBatch(_ statements: [(sql: String, binds: [DatabaseValue])]) async throws
}

extension SQLExecutor {
    public func executeBatch(_ statements: [(sql: String, binds: [DatabaseValue])]) async throws {
        for statement in statements { try await execute(statement.sql, statement.binds) }
    }

    public func execute(_ sql: String) async throws { try await execute(sql, []) }
    public func query(_ sql: String) async throws -> [Row] { try await query(sql, []) }

    /// The first row of a query, if any.
    public func queryFirst(_ sql: String, _ binds: [DatabaseValue] = []) async throws -> Row? {
        try await query(sql, binds).first
    }
}

/// The small internal database interface that every repository is written against, with one
/// adapter per database (GRDB for SQLite, PostgresNIO for PostgreSQL).
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` with reads that see committed data; no transaction spans its statements.
    func read<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T
    /// Runs `body`, which makes exactly one statement, as its own transaction. On PostgreSQL a
    /// single statement needs no `BEGIN`/`COMMIT` around it — two round trips fewer, and locks
    /// held only while it runs and commits; on SQLite it is ``write(_:)``.
    func writeStatement<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T
    /// Whether the database answers (for `/readyz`).
    func ping() async -> Bool
    func close() async throws
}

extension SQLExecutor {
    /// Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements, as many rows to a
    /// statement as stay under both databases' limits on bound values (bulk loads). With
    /// `returning` (columns of a `RETURNING` clause), answers the rows it returns.
    @discardableResult
    public func insertRows(
        into table: String, columns: [String], rows: [[DatabaseValue]], suffix: String = "", returning: String? = nil
    ) async throws -> [Row] {
        guard !rows.isEmpty else { return [] }
        let perStatement = max(1, 30_000 / columns.count)
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var returned: [Row] = []
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: chunk.count).joined(separator: ", ") + (suffix.isEmpty ? "" : " " + suffix)
            if let returning {
                returned += try await query(sql + " RETURNING " + returning, chunk.flatMap { $0 })
            } else {
                try await execute(sql, chunk.flatMap { $0 })
            }
            start += chunk.count
        }
        return returned
    }
}
