import ArgumentParser
import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor bench audit-chain`: the hash chain at scale (issue 16: `onedoor audit verify` over
/// 10,000,000 entries in under 60 s). A scratch database gets `entries` audit entries already
/// chained (written in bulk, the way years of sealing leave them), then `sealing` more left
/// unsealed; it times the sealer on those and the full walk, as `onedoor audit verify` does it.
struct BenchAuditChain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit-chain", abstract: "审计日志哈希链：封存速率与全链核验用时")
    @Option(help: "Entries already in the chain") var entries = 1_000_000
    @Option(help: "Entries then written unsealed and sealed, timed") var sealing = 100_000
    @Option(help: "Directory for the scratch SQLite database") var directory: String = NSTemporaryDirectory()
    @Option(name: .customLong("database-url"), help: "postgres://… to measure on PostgreSQL") var databaseURL: String?

    func run() async throws {
        let scratch = try await ScratchDatabase(name: "bench-audit", databaseURL: databaseURL, directory: directory, connections: 4)
        let database = scratch.database
        do {
            var clock = ContinuousClock.now
            var hash = LogChainRepository.genesis
            let columns = ["id", "at", "actor_id", "actor", "action", "target", "detail", "client", "chain_seq", "chain_hash"]
            var id: Int64 = 0
            while id < Int64(entries) {
                var rows: [[DatabaseValue]] = []
                for _ in 0..<min(20_000, entries - Int(id)) {
                    id += 1
                    let entry = Self.entry(id)
                    hash = LogChainRepository.next(hash, LogEntryCanonical.bytes([String(id), String(entry.at), "7", entry.actor, entry.action, entry.target, entry.detail, "10.0.0.8"]))
                    rows.append([.integer(id), .integer(entry.at), .integer(7), .text(entry.actor), .text(entry.action), .text(entry.target), .text(entry.detail),
                                 .text("10.0.0.8"), .integer(id), .text(hash)])
                }
                try await database.write { db in _ = try await db.insertRows(into: "audit_log", columns: columns, rows: rows) }
            }
            let last = id
            try await database.write { db in
                try await db.execute("INSERT INTO log_chain_heads (chain, seq, hash) VALUES ('audit', ?, ?)", [.integer(last), .text(hash)])
            }
            if databaseURL != nil {
                // PostgreSQL: the sequence behind the ids written explicitly, then fresh statistics.
                try await database.write { db in
                    try await db.execute("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), ?)", [.integer(last)])
                    try await db.execute("ANALYZE audit_log")
                }
            }
            print("\(entries) chained entries written in \(Self.seconds(ContinuousClock.now - clock)) s")

            for i in 0..<sealing {
                if i % 5_000 == 0 {
                    let batch = (i..<min(i + 5_000, sealing)).map { Self.entry(last + Int64($0) + 1) }
                    try await database.write { db in
                        _ = try await db.insertRows(into: "audit_log", columns: ["at", "actor_id", "actor", "action", "target", "detail", "client"], rows: batch.map {
                            [.integer($0.at), .integer(7), .text($0.actor), .text($0.action), .text($0.target), .text($0.detail), .text("10.0.0.8")]
                        })
                    }
                }
            }
            let keys = LicenceKeyRing(repository: SigningKeyRepository(database: database), clock: SystemClock())
            let chains = LogChainService(repository: LogChainRepository(database: database), keys: keys, clock: SystemClock())
            clock = ContinuousClock.now
            let sealed = try await chains.sealAll(batch: 5_000)
            let sealSeconds = Self.seconds(ContinuousClock.now - clock)
            print("sealed \(sealed) entries in \(sealSeconds) s (\(Int(Double(sealed) / max(Double(sealSeconds) ?? 1, 0.001))) entries/s)")
            clock = ContinuousClock.now
            let reports = try await chains.verify()
            let walk = Self.seconds(ContinuousClock.now - clock)
            let total = reports.reduce(0) { $0 + $1.entries }
            print("onedoor audit verify: \(total) entries walked in \(walk) s, problems: \(reports.compactMap(\.problem).map(\.detail))")
            try await scratch.drop()
        } catch {
            try? await scratch.drop()
            throw error
        }
    }

    static func entry(_ id: Int64) -> (at: Int64, actor: String, action: String, target: String, detail: String) {
        (1_790_557_200 + id, "clerk\(id % 50)（C\(id % 50)）", "case.accept", "CC-20260928-\(String(format: "%05d", id % 100_000))", "受理（食品经营许可）")
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}
