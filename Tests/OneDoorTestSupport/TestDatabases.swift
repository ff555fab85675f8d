import Foundation
import Logging
import OneDoorStorage

/// The databases a contract test runs against: SQLite always, PostgreSQL when
/// `ONEDOOR_TEST_POSTGRES_URL` is set (`.ci/run` sets it to a throwaway cluster).
public enum TestDatabaseKind: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["ONEDOOR_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// The kinds available in this run.
    public static var available: [TestDatabaseKind] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }
}

/// Runs `body` with a fresh, migrated database of `kind` and removes it afterwards: a temporary
/// SQLite file, or a PostgreSQL schema of its own (so tests run in parallel without interfering).
public func withTestDatabase<T: Sendable>(
    _ kind: TestDatabaseKind, migrate: Bool = true, _ body: (any SQLDatabase) async throws -> T
) async throws -> T {
    switch kind {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try SQLiteDatabase(path: directory.appendingPathComponent("test.sqlite").path)
        return try await run(database, migrate: migrate, body)
    case .postgres:
        guard let url = TestDatabaseKind.postgresURL else { throw StorageError.badConfiguration("ONEDOOR_TEST_POSTGRES_URL is not set") }
        // Swift Testing starts every test at once; each PostgreSQL test uses up to 5 connections,
        // so without a bound a hundred of them exceed the cluster's max_connections and the pools
        // trip their circuit breakers. At most `PostgresTestSlots.limit` run at a time.
        await PostgresTestSlots.shared.acquire()
        defer { Task { await PostgresTestSlots.shared.release() } }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresDatabase(url: url, maximumConnections: 1, logger: quietLogger)
        try await admin.write { db in try await db.execute("CREATE SCHEMA \(schema)") }
        let database = try PostgresDatabase(url: url, schema: schema, maximumConnections: 4, logger: quietLogger)
        do {
            let result = try await run(database, migrate: migrate, body)
            try await admin.write { db in try await db.execute("DROP SCHEMA \(schema) CASCADE") }
            try await admin.close()
            return result
        } catch {
            try? await admin.write { db in try await db.execute("DROP SCHEMA \(schema) CASCADE") }
            try? await admin.close()
            throw error
        }
    }
}

private func run<T: Sendable>(_ database: any SQLDatabase, migrate: Bool, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
    do {
        if migrate { try await Migrator.migrate(database) }
        let result = try await body(database)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "onedoor.test")
    logger.logLevel = .warning
    return logger
}()

/// A counting semaphore for the PostgreSQL tests: at most `limit` test databases at once
/// (5 connections each, well under the test cluster's max_connections).
actor PostgresTestSlots {
    static let shared = PostgresTestSlots(limit: 16)
    let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            // The place passes straight to the next waiter.
            waiting.removeFirst().resume()
        }
    }
}
