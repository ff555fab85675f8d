import ArgumentParser
import Foundation
import OneDoorStorage

/// `onedoor bench commits`: the raw durable-commit rate of the embedded database on this disk
/// (one small INSERT per transaction, WAL, synchronous=FULL, through the same adapter the server
/// uses), printed next to the HTTP intake figures by bench/cases.sh.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "测量基准（见 bench/）", subcommands: [Commits.self, BenchCallNext.self, BenchSearch.self, BenchDispatch.self, BenchAuditChain.self, BenchReuse.self, BenchPushes.self, BenchStaffing.self])

    struct Commits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "SQLite 持久提交速率（每个事务一行，synchronous=FULL）")
        @Option(help: "Directory for the scratch database") var directory: String = NSTemporaryDirectory()
        @Option(help: "Transactions to commit") var count = 2_000
        @Option(help: "Concurrent writers (they queue for SQLite's one writer)") var writers = 1

        func run() async throws {
            let path = (directory as NSString).appendingPathComponent("onedoor-commit-bench-\(getpid()).sqlite")
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let database = try SQLiteDatabase(path: path)
            try await database.write { try await $0.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, body TEXT NOT NULL)") }
            let perWriter = max(1, count / writers)
            let start = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        for _ in 0..<perWriter {
                            try await database.write { try await $0.execute("INSERT INTO bench (body) VALUES (?)", [.text("受理")]) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Date().timeIntervalSince(start)
            try await database.close()
            print(String(format: "SQLite durable commits: %.0f per second (%d transactions, %d writers, synchronous=FULL)",
                         Double(perWriter * writers) / seconds, perWriter * writers, writers))
        }
    }
}
