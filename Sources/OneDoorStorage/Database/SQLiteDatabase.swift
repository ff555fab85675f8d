import Foundation
import GRDB
import Synchronization

/// The embedded database: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`
/// (an acknowledged write survives power loss) and foreign keys on.
///
/// Writers queue in process, first come first served, and their work runs on GRDB's single writer
/// connection; each statement is a separate access to it, which GRDB permits with
/// `allowsUnsafeTransactions` (docs/adr/0002-database-interface.md). Writers that queue together
/// share one transaction and one fsync, each in its own savepoint (``WriteCombiner``, ADR 0009, 0012).
/// Reads use the pool's reader connections and so never wait for a writer.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool
    /// A connection of its own for checkpoints (`checkpointSoon`).
    private let checkpointer: DatabaseQueue
    private let combiner: WriteCombiner
    private let counts = Mutex(WriteCounts())
    /// The write-ahead log's file, and the size past which a commit asks for a checkpoint.
    private let logPath: String
    private let logLimit: Int
    private let checkpointing = Atomic<Bool>(false)
    /// Acknowledged writes between two checkpoints of the write-ahead log.
    public static let writesPerCheckpoint = 256

    /// How many write transactions were acknowledged, and in how many commits (group commit at work).
    public struct WriteCounts: Sendable, Equatable {
        public var writes = 0
        public var commits = 0
    }

    public var writeCounts: WriteCounts { counts.withLock { $0 } }

    /// Opens (creating if needed) the database file at `path`. At most `groupCommitLimit`
    /// writers share one commit. A write-ahead log grown past `logLimit` bytes (a bulk load's
    /// large transactions, fewer than ``writesPerCheckpoint`` of them) is checkpointed after the
    /// commit that grew it, and cut back to `logLimit` when the log starts over.
    public init(path: String, groupCommitLimit: Int = 32, logLimit: Int = 64 << 20) throws {
        logPath = path + "-wal"
        self.logLimit = max(1 << 20, logLimit)
        let sizeLimit = "PRAGMA journal_size_limit = \(self.logLimit)"

        var config = Configuration()
        config.foreignKeysEnabled = true
        config.allowsUnsafeTransactions = true
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 8
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoints run beside the writer (`checkpointSoon`), not inside a writer's commit.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: sizeLimit)
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            var checkpointing = Configuration()
            checkpointing.busyMode = .timeout(10)
            checkpointing.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: sizeLimit)
            }
            checkpointer = try DatabaseQueue(path: path, configuration: checkpointing)
        } catch {
            throw StorageError.badConfiguration("无法打开数据库文件 \(path)：\(error)")
        }
        combiner = WriteCombiner(limit: max(1, groupCommitLimit))
    }

    public func read<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        try await body(ReadExecutor(pool: pool))
    }

    public func writeStatement<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        try await write(body)
    }

    public func write<T: Sendable>(_ body: (any SQLExecutor) async throws -> T) async throws -> T {
        // The body runs in whichever task combines; this task waits for its answer meanwhile, so
        // the body never outlives the call.
        try await withoutActuallyEscaping(body) { body in
            let result = Mutex<T?>(nil)
            let job = WriteCombiner.Job { executor in
                let value = try await body(executor)
                result.withLock { $0 = value }
            }
            if combiner.submit(job) { await combine() }
            try await job.answer()
            return result.withLock { $0! }
        }
    }

    /// Runs one group of queued writers in one transaction and commits it; then, if more have
    /// queued meanwhile, leaves them to a new task, so that this writer is answered now.
    private func combine() async {
        let group = combiner.nextGroup()
        guard !group.isEmpty else { return }
        if logIsLarge {
            // Writers that never pause (a bulk load) starve the checkpoint beside them: each one
            // copies the frames committed when it began while the next transaction adds more, so
            // the log is never wholly copied and never starts over. Past its limit, the writer
            // waits for one passive checkpoint (after any running one: the checkpointer's queue is
            // serial; readers are not waited for), and its next transaction starts the log anew.
            await checkpoint()
        }
        var kept: [WriteCombiner.Job] = []
        // A writer that failed is answered after the group's commit too: answered at once, it
        // could read the data its failure was about (a revision conflict) before the writers
        // ahead of it in the group were committed, and see it unchanged.
        var failed: [(job: WriteCombiner.Job, error: any Error)] = []
        defer { for (job, error) in failed { job.finish(error) } }
        var transactionOpen = false
        for job in group {
            let executor = WriteExecutor(pool: pool, transactionOpen: transactionOpen)
            do {
                try await job.run(executor)
                transactionOpen = transactionOpen || executor.begun
                kept.append(job)
            } catch {
                failed.append((job, Self.map(error)))
                guard executor.begun else { continue }
                let stillOpen = await onWriterUncancelled { db in
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TO writer; RELEASE writer") }
                    return db.isInsideTransaction
                } ?? false
                if !stillOpen {
                    // SQLite itself ended the transaction (an I/O error): the work kept so far is lost.
                    for lost in kept { lost.finish(StorageError.database("事务被数据库中止，写入未保存")) }
                    kept.removeAll()
                }
                transactionOpen = stillOpen
            }
        }
        if transactionOpen {
            let end = kept.isEmpty ? "ROLLBACK" : "COMMIT"
            let failure = await onWriterUncancelled { db -> (any Error)? in
                do {
                    try db.execute(sql: end)
                    return nil
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    return Self.map(error)
                }
            } ?? StorageError.database("数据库已关闭，写入未保存")
            if failure == nil && !kept.isEmpty {
                let writes = counts.withLock { counts in
                    counts.commits += 1
                    counts.writes += kept.count
                    return counts.writes
                }
                if writes / Self.writesPerCheckpoint != (writes - kept.count) / Self.writesPerCheckpoint || logIsLarge { checkpointSoon() }
            }
            for job in kept { job.finish(failure) }
        } else {
            for job in kept { job.finish(nil) } // wrote nothing: nothing to commit
            if !kept.isEmpty { counts.withLock { $0.writes += kept.count } }
        }
        if combiner.moreWaiting() { Task { [self] in await combine() } }
    }

    /// Copies the write-ahead log back into the database file, on a connection of its own beside
    /// the writer (the pool's readers are read-only). SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so
    /// every few hundred commits one writer (and everyone in its group) waited for the copy and
    /// its fsync: the p99 of a call at a window was that wait. A passive checkpoint takes no
    /// write lock; one runs at a time, and what it cannot copy yet the next one will.
    private func checkpointSoon() {
        guard checkpointing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        Task.detached { [self] in
            await checkpoint()
            checkpointing.store(false, ordering: .releasing)
        }
    }

    /// One passive checkpoint on the checkpointer's own connection (its queue runs one at a time).
    private func checkpoint() async {
        _ = try? await checkpointer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Whether the write-ahead log has grown past its limit: 22 transactions of 450,000 tickets
    /// each (`onedoor seed-tickets`) never reached a checkpoint by count and left a 13 GB log.
    /// One `stat` a commit and a group, beside an fsync.
    private var logIsLarge: Bool {
        ((try? FileManager.default.attributesOfItem(atPath: logPath)[.size]) as? Int ?? 0) > logLimit
    }

    /// Runs on the writer even when the calling task is cancelled (GRDB refuses work in a
    /// cancelled task), for the commits and rollbacks that must happen whatever the caller does.
    /// Nil only when the database has been closed.
    @discardableResult
    private func onWriterUncancelled<R: Sendable>(_ body: @escaping @Sendable (GRDB.Database) -> R) async -> R? {
        let pool = self.pool
        return await Task.detached {
            try? await pool.writeWithoutTransaction { db in body(db) }
        }.value
    }

    public func ping() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    public func close() async throws {
        try checkpointer.close()
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

    /// Runs one writer's statements on GRDB's writer, inside its own savepoint of the group's
    /// transaction. The savepoint (and `BEGIN IMMEDIATE` when no transaction is open) goes with
    /// the first statement, saving a hop to the writer. Used by one task at a time, while it
    /// holds the writer, hence unchecked.
    private final class WriteExecutor: SQLExecutor, @unchecked Sendable {
        let pool: DatabasePool
        let transactionOpen: Bool
        /// Whether this writer's savepoint has been sent.
        var begun = false
        var dialect: SQLDialect { .sqlite }

        init(pool: DatabasePool, transactionOpen: Bool) {
            self.pool = pool
            self.transactionOpen = transactionOpen
        }

        /// Runs `body` on the writer connection synchronously, on the calling thread: the combining
        /// task holds the writer (``WriteCombiner``), and no commit runs while it does, so GRDB's writer
        /// queue is idle and its `sync` runs the statements in place. A hop to the writer's
        /// thread and back per statement (two thread wake-ups, and the writer idle in between
        /// while the task is rescheduled) cost more than the statements themselves (ADR 0012).
        private func onWriter<T>(_ body: (GRDB.Database) throws -> T) throws -> T {
            let begin: String? = begun ? nil : transactionOpen ? "SAVEPOINT writer" : "BEGIN IMMEDIATE; SAVEPOINT writer"
            begun = true
            do {
                return try pool.writeWithoutTransaction { db in
                    if let begin { try db.execute(sql: begin) }
                    return try body(db)
                }
            } catch {
                throw SQLiteDatabase.map(error)
            }
        }

        func execute(_ sql: String, _ binds: [DatabaseValue]) async throws {
            try onWriter { db in try db.cachedStatement(sql: sql).execute(arguments: SQLiteDatabase.arguments(binds)) }
        }

        func query(_ sql: String, _ binds: [DatabaseValue]) async throws -> [Row] {
            try onWriter { db in try SQLiteDatabase.rows(db.cachedStatement(sql: sql), binds) }
        }

        func executeBatch(_ statements: [(sql: String, binds: [DatabaseValue])]) async throws {
            try onWriter { db in
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
