import Foundation
import GRDB

/// The embedded database: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`
/// (an acknowledged write survives power loss) and foreign keys on.
///
/// Writers take an in-process FIFO lock and hold GRDB's single writer connection for the
/// whole transaction; each statement is a separate access to it, which GRDB permits with
/// `allowsUnsafeTransactions` (docs/adr/0002-database-interface.md). Reads use the pool's
/// reader connections and so never wait for a writer.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool
    private let writeLock = AsyncMutex()

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.allowsUnsafeTransactions = true
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 8
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StorageError.badConfiguration("无法打开数据库文件 \(path)：\(error)")
        }
    }

    public func read<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        try await body(ReadExecutor(pool: pool))
    }

    public func write<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        await writeLock.lock()
        do {
            let executor = WriteExecutor(pool: pool)
            let result = try await body(executor)
            if executor.begun { try await run(pool, "COMMIT") }
            await writeLock.unlock()
            return result
        } catch {
            // Roll back outside the (possibly cancelled) task: GRDB refuses work in a cancelled task.
            let pool = self.pool
            await Task.detached {
                try? await pool.writeWithoutTransaction { db in
                    if db.isInsideTransaction { try db.execute(sql: "ROLLBACK") }
                }
            }.value
            await writeLock.unlock()
            throw Self.map(error)
        }
    }

    public func ping() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    public func close() async throws {
        try pool.close()
    }

    private func run(_ pool: DatabasePool, _ sql: String) async throws {
        try await pool.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    static func map(_ error: any Error) -> any Error {
        guard let e = error as? GRDB.DatabaseError else { return error }
        switch e.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StorageError.uniqueViolation(e.message ?? "")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StorageError.foreignKeyViolation(e.message ?? "")
        default:
            return StorageError.database(e.description)
        }
    }

    static func arguments(_ binds: [DatabaseValue]) -> StatementArguments {
        StatementArguments(binds.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .integer(let i): i
            case .real(let d): d
            case .text(let s): s
            case .blob(let b): Data(b)
            }
        })
    }

    static func rows(_ statement: Statement, _ binds: [DatabaseValue]) throws -> [Row] {
        let columns = statement.columnNames
        return try GRDB.Row.fetchAll(statement, arguments: arguments(binds)).map { row in
            Row(columns: columns, values: row.databaseValues.map { value in
                switch value.storage {
                case .null: .null
                case .int64(let i): .integer(i)
                case .double(let d): .real(d)
                case .string(let s): .text(s)
                case .blob(let data): .blob([UInt8](data))
                }
            })
        }
    }

    /// Runs a write transaction's statements on GRDB's writer. `BEGIN IMMEDIATE` goes with the
    /// first statement, saving a hop to the writer per transaction. Used by one task at a time,
    /// under the write lock, hence unchecked.
    private final class WriteExecutor: SQLExecutor, @unchecked Sendable {
        let pool: DatabasePool
        var begun = false
        var dialect: SQLDialect { .sqlite }

        init(pool: DatabasePool) {
            self.pool = pool
        }

        private func onWriter<T: Sendable>(_ body: @escaping @Sendable (GRDB.Database) throws -> T) async throws -> T {
            let begin = !begun
            begun = true
            do {
                return try await pool.writeWithoutTransaction { db in
                    if begin { try db.execute(sql: "BEGIN IMMEDIATE") }
                    return try body(db)
                }
            } catch {
                throw SQLiteDatabase.map(error)
            }
        }

        func execute(_ sql: String, _ binds: [DatabaseValue]) async throws {
            try await onWriter { db in try db.cachedStatement(sql: sql).execute(arguments: SQLiteDatabase.arguments(binds)) }
        }

        func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [Row] {
            try await onWriter { db in try SQLiteDatabase.rows(db.cachedStatement(sql: sql), binds) }
        }

        func executeBatch(_ statements: [(sql: String, binds: [DatabaseValue])]) async throws {
            try await onWriter { db in
                for statement in statements {
                    try db.cachedStatement(sql: statement.sql).execute(arguments: SQLiteDatabase.arguments(statement.binds))
                }
            }
        }
    }

    private struct ReadExecutor: SQLExecutor {
        let pool: DatabasePool
        var dialect: SQLDialect { .sqlite }

        func execute(_ sql: String, _ binds: [DatabaseValue]) async throws {
            throw StorageError.database("write statement in a read: \(sql)")
        }

        func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [Row] {
            do {
                return try await pool.read { db in try SQLiteDatabase.rows(db.cachedStatement(sql: sql), binds) }
            } catch {
                throw SQLiteDatabase.map(error)
            }
        }
    }
}
