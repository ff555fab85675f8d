import Foundation
import OneDoorStorage

/// A throwaway database for an in-process benchmark: a SQLite file in `directory`, or a schema
/// of its own on the PostgreSQL server at `databaseURL`; `drop()` removes it afterwards.
struct ScratchDatabase {
    let database: any SQLDatabase
    private let path: String
    private let databaseURL: String?
    private let schema: String

    init(name: String, databaseURL: String?, directory: String, connections: Int) async throws {
        path = (directory as NSString).appendingPathComponent("onedoor-\(name)-\(getpid()).sqlite")
        let schema = "\(name.replacingOccurrences(of: "-", with: "_"))_\(getpid())"
        self.schema = schema
        self.databaseURL = databaseURL
        if let databaseURL {
            let admin = try PostgresDatabase(url: databaseURL, maximumConnections: 1)
            try await admin.write { try await $0.execute("CREATE SCHEMA \(schema)") }
            try await admin.close()
            database = try PostgresDatabase(url: databaseURL, schema: schema, maximumConnections: connections)
        } else {
            database = try SQLiteDatabase(path: path)
        }
        try await Migrator.migrate(database)
    }

    func drop() async throws {
        try await database.close()
        if let databaseURL {
            let admin = try PostgresDatabase(url: databaseURL, maximumConnections: 1)
            try await admin.write { try await $0.execute("DROP SCHEMA \(schema) CASCADE") }
            try await admin.close()
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
}
