import Foundation
import Synchronization
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The contract of the database interface itself, on both adapters.
@Suite struct SQLDatabaseTests {
    struct Boom: Error {}
    final class Flag: Sendable {
        private let raised = Mutex(false)
        func raise() { raised.withLock { $0 = true } }
        var isRaised: Bool { raised.withLock { $0 } }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aFailedWriteLeavesNoTrace(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            await #expect(throws: Boom.self) {
                try await database.write { db in
                    try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", ["440604", "禅城区", nil, 0])
                    let inside = try await db.query("SELECT code FROM regions").count
                    #expect(inside == 1)
                    throw Boom()
                }
            }
            let rows = try await database.read { db in try await db.query("SELECT code FROM regions") }
            #expect(rows.isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func constraintViolationsAreMappedAndRolledBack(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            await #expect(throws: StorageError.self) {
                try await database.write { db in
                    try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", ["440604", "禅城区", nil, 0])
                    try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", ["440604", "again", nil, 1])
                }
            }
            do {
                try await database.write { db in
                    try await db.execute(
                        "INSERT INTO departments (code, name, uscc, region, phone, position) VALUES (?, ?, ?, ?, ?, ?)",
                        ["X", "x", "u", "999999", "", 0]
                    )
                }
                Issue.record("a missing region must be refused")
            } catch let error as StorageError {
                guard case .foreignKeyViolation = error else { Issue.record("unexpected \(error)"); return }
            }
            let rows = try await database.read { db in try await db.query("SELECT code FROM regions") }
            #expect(rows.isEmpty)
        }
    }

    /// One statement as its own transaction: what it writes is there at once for every reader;
    /// a statement that fails (here its second CTE meets a missing region) leaves none of its parts.
    @Test(arguments: TestDatabaseKind.available)
    func aSingleStatementWriteIsAllOrNothing(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await database.writeStatement { db in
                try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", ["440604", "禅城区", nil, 0])
            }
            #expect(try await database.read { db in try await db.query("SELECT code FROM regions") }.count == 1)
            guard kind == .postgres else { return }
            await #expect(throws: StorageError.self) {
                try await database.writeStatement { db in
                    try await db.execute(
                        """
                        WITH r AS (INSERT INTO regions (code, name, parent, position) VALUES ('440605', '南海区', NULL, 1) RETURNING code)
                        INSERT INTO departments (code, name, uscc, region, phone, position) SELECT 'X', 'x', 'u', '999999', '', 0 FROM r
                        """, []
                    )
                }
            }
            #expect(try await database.read { db in try await db.query("SELECT code FROM regions") }.count == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func concurrentWritersAreSerialised(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            try await database.write { db in
                try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", ["440604", "禅城区", nil, 0])
            }
            // 20 writing transactions at once: all commit, none is lost, none deadlocks.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.write { db in
                            try await db.execute("UPDATE regions SET position = position + 1 WHERE code = ?", ["440604"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let position = try await database.read { db in try await db.queryFirst("SELECT position FROM regions")!.int("position") }
            #expect(position == 20)
        }
    }

    /// Writers that run together (and on SQLite share a commit) keep or lose their own work only:
    /// every third fails after writing, another breaks a unique key half-way.
    @Test(arguments: TestDatabaseKind.available)
    func concurrentWritersKeepOrLoseOnlyTheirOwnWork(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for i in 0..<60 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                let code = String(format: "4406%02d", i)
                                try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", [.text(code), "区", nil, .integer(Int64(i))])
                                if i % 3 == 0 { throw Boom() }
                                if i % 10 == 1 {
                                    try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", [.text(code), "again", nil, 0])
                                }
                            }
                            return (i, true)
                        } catch is Boom {
                            return (i, false)
                        } catch is StorageError {
                            return (i, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            let expected = Set((0..<60).filter { $0 % 3 != 0 && $0 % 10 != 1 })
            #expect(Set(outcomes.filter(\.value).keys) == expected)
            let stored = try await database.read { db in try await db.query("SELECT position FROM regions") }
            #expect(Set(try stored.map { try $0.int("position") }) == expected)
        }
    }

    /// Writers queued together share commits, and every acknowledged write is counted.
    @Test func sqliteWritersQueuedTogetherShareCommits() async throws {
        try await withTestDatabase(.sqlite) { database in
            let sqlite = try #require(database as? SQLiteDatabase)
            let before = sqlite.writeCounts
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        try await database.write { db in
                            try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", [.text("5\(100_000 + i)"), "区", nil, 0])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = sqlite.writeCounts
            #expect(after.writes - before.writes == 64)
            #expect(after.commits - before.commits < 64)
            let count = try await database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM regions")!.int("n") }
            #expect(count == 64)
        }
    }

    /// Checkpoints run beside the writer (SQLite's own, inside a commit, made the slowest
    /// percent of calls wait): the log is still copied back into the database file as writes go on.
    @Test func sqliteCheckpointsTheLogBesideTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        let database = try SQLiteDatabase(path: path)
        try await database.write { try await $0.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)") }
        func size() throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let before = try size()
        let body = String(repeating: "办", count: 300) // 900 bytes a row
        for i in 0..<(SQLiteDatabase.writesPerCheckpoint * 2) {
            try await database.write { try await $0.execute("INSERT INTO notes (id, body) VALUES (?, ?)", [DatabaseValue.integer(Int64(i)), DatabaseValue.text(body)]) }
        }
        // The checkpoint runs in the background: wait for it (at most 5 s).
        for _ in 0..<50 where try size() < before + 200_000 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(try size() >= before + 200_000, "the database file did not grow: the log was not checkpointed")
        try await database.close()
    }

    /// A bulk load writes few, large transactions back to back: too few for a checkpoint by count,
    /// and a checkpoint beside the writer never catches up with it. The log is checkpointed before
    /// the next transaction once it passes its limit, and cut back when it starts over; before,
    /// 22 such transactions (`onedoor seed-tickets 10000000`) left a 13 GB log beside a 1.5 GB
    /// database, and `seed-cases 2000000` (the next chunk always ready) a 20 GB one.
    @Test func sqliteKeepsTheLogSmallUnderLargeTransactions() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        let database = try SQLiteDatabase(path: path, logLimit: 1 << 20)
        try await database.write { try await $0.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        func logSize() -> Int { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size]) as? Int) ?? 0 }
        var largest = 0
        for i in 0..<12 { // 12 transactions of 2 MB: 24 MB of log without checkpoints
            try await database.write { db in
                for k in 0..<4 { try await db.execute("INSERT INTO blobs (id, body) VALUES (?, zeroblob(524288))", [.integer(Int64(i * 4 + k))]) }
            }
            largest = max(largest, logSize())
        }
        #expect(largest < 7 << 20, "the log grew to \(largest) bytes")
        let count = try await database.read { db in try await db.query("SELECT count(*) AS n FROM blobs")[0].int64("n") }
        #expect(count == 48)
        try await database.close()
    }

    /// A writer that fails in a group is answered after the group's commit, so that what it
    /// reads to learn why (a revision conflict) includes the work of the writers ahead of it.
    /// Answered at once, it read the row unchanged and two submits of one application with one
    /// key made a 409 (TypedApplicationTests, CI run of 3a812b4).
    @Test func sqliteAFailedWriterReadsTheWorkCommittedAheadOfIt() async throws {
        try await withTestDatabase(.sqlite) { database in
            let answered = Flag()
            func insert(_ code: String, _ db: any SQLExecutor) async throws {
                try await db.execute("INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)", [.text(code), "区", nil, 0])
            }
            // The first writer holds the writer while the next three queue, in order, behind it.
            async let holder: Void = database.write { db in
                try await insert("610001", db)
                try await Task.sleep(for: .milliseconds(400))
            }
            try await Task.sleep(for: .milliseconds(50))
            async let ahead: Void = database.write { db in try await insert("610002", db) }
            try await Task.sleep(for: .milliseconds(30))
            async let failing: Bool = {
                do {
                    try await database.write { _ in throw Boom() }
                    return false
                } catch {
                    answered.raise()
                    let row = try await database.read { db in try await db.queryFirst("SELECT code FROM regions WHERE code = '610002'") }
                    return row != nil
                }
            }()
            try await Task.sleep(for: .milliseconds(30))
            // Behind the failing writer, one that waits (at most 400 ms) for it to be answered
            // before the group commits.
            async let behind: Void = database.write { db in
                for _ in 0..<80 where !answered.isRaised { try await Task.sleep(for: .milliseconds(5)) }
                try await insert("610003", db)
            }
            _ = try await (holder, ahead, behind)
            #expect(try await failing)
        }
    }
}

extension SQLDatabaseTests {
    /// A SUM of BIGINT columns is NUMERIC on PostgreSQL: read as the exact whole number on both
    /// adapters (it was read as 0 — an upload's running total never reached its limit there).
    @Test(arguments: TestDatabaseKind.available)
    func sumsOfBigIntegersAreExact(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let row = try await database.read { db in
                try await db.queryFirst("SELECT SUM(v) AS total, SUM(v) / 4 AS quarter FROM (SELECT CAST(? AS BIGINT) AS v UNION ALL SELECT CAST(? AS BIGINT)) t",
                                        [.integer(4_000_000_000_001), .integer(2)])
            }
            #expect(try row?.int64("total") == 4_000_000_000_003)
            #expect(try row.map { try $0.int64("quarter") } == 1_000_000_000_000)
        }
    }
}
