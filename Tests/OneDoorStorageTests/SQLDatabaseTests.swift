import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The contract of the database interface itself, on both adapters.
@Suite struct SQLDatabaseTests {
    struct Boom: Error {}

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
}
