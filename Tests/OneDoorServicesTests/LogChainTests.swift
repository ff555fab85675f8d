import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The audit and access logs' hash chains (issue 16 §4), on both databases: sealed entries walk
/// clean; a changed entry is named by its id, a removed one by its place, a chain rewritten to
/// hide a change by the signed daily anchor; sealers running at once with writers never fork it.
@Suite struct LogChainTests {
    static let actor = AuditActor(accountID: 7, name: "clerk（C001）", client: "127.0.0.1")

    static func chains(_ database: any SQLDatabase, clock: FixedClock = FixedClock(1_790_557_200)) -> LogChainService {
        LogChainService(repository: LogChainRepository(database: database),
                        keys: LicenceKeyRing(repository: SigningKeyRepository(database: database), clock: clock), clock: clock)
    }

    static func write(_ database: any SQLDatabase, count: Int, from: Int = 0) async throws {
        let audit = AuditRepository(database: database), cases = CaseRepository(database: database)
        for i in from..<(from + count) {
            try await audit.record(at: 1_790_557_200 + Int64(i), actor: actor, action: "case.accept", target: "CC-20260928-\(i)", detail: "受理｜第 \(i) 件;1:x")
            try await cases.recordAccess(caseNumber: "CC-20260928-\(i)", purpose: "查看办件", actor: actor, at: 1_790_557_200 + Int64(i))
        }
    }

    static func problem(_ reports: [LogChainReport], _ log: ChainedLog) -> LogChainProblem? {
        reports.first { $0.log == log }?.problem
    }

    @Test(arguments: TestDatabaseKind.available)
    func aChangedOrRemovedEntryAndARewrittenChainAreNamed(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let chains = Self.chains(database)
            try await Self.write(database, count: 30)
            #expect(try await chains.repository.unsealed(.audit) == 30)
            #expect(try await chains.sealAll() == 60)
            var reports = try await chains.verify()
            #expect(reports.map(\.entries) == [30, 30] && reports.allSatisfy { $0.problem == nil && $0.anchors == 1 && $0.unsealed == 0 })

            // Later entries continue the chain; the day's anchor stays the first one.
            try await Self.write(database, count: 5, from: 30)
            #expect(try await chains.sealAll() == 10)
            reports = try await chains.verify()
            #expect(reports.map(\.entries) == [35, 35] && reports.allSatisfy { $0.problem == nil })

            // One entry's detail changed behind the platform's back: that entry is named.
            let ids = try await database.read { db in try await db.query("SELECT id FROM audit_log ORDER BY chain_seq").map { try $0.int64("id") } }
            let victim = ids[11]
            try await database.write { db in try await db.execute("UPDATE audit_log SET detail = '受理' WHERE id = ?", [.integer(victim)]) }
            let changed = try #require(Self.problem(try await chains.verify(), .audit))
            #expect(changed.kind == .changed && changed.id == victim && changed.seq == 12 && changed.detail.contains("id \(victim)"))
            #expect(Self.problem(try await chains.verify(), .access) == nil)
            try await database.write { db in try await db.execute("UPDATE audit_log SET detail = '受理｜第 11 件;1:x' WHERE id = ?", [.integer(victim)]) }
            #expect(Self.problem(try await chains.verify(), .audit) == nil)

            // An access entry removed: the gap is named, with the entry after it.
            let access = try await database.read { db in try await db.query("SELECT id FROM personal_data_access ORDER BY chain_seq").map { try $0.int64("id") } }
            try await database.write { db in try await db.execute("DELETE FROM personal_data_access WHERE id = ?", [.integer(access[20])]) }
            let removed = try #require(Self.problem(try await chains.verify(), .access))
            #expect(removed.kind == .removed && removed.seq == 21 && removed.id == access[21])

            // The last entries removed: the head (and the anchor) still count them.
            try await database.write { db in try await db.execute("DELETE FROM audit_log WHERE id = ?", [.integer(ids[34])]) }
            #expect(Self.problem(try await chains.verify(), .audit)?.kind == .removed)

            // Someone rewrites the audit chain from an early entry on, hashes and head included:
            // the chain is consistent again, but the signed anchor of the day is not.
            try await database.write { db in try await db.execute("UPDATE audit_log SET detail = '不予受理' WHERE id = ?", [.integer(ids[3])]) }
            let rows = try await database.read { db in
                try await db.query("SELECT id, at, actor_id, actor, action, target, detail, client FROM audit_log ORDER BY chain_seq")
            }
            var hash = LogChainRepository.genesis
            try await database.write { db in
                for (i, row) in rows.enumerated() {
                    let canonical = LogEntryCanonical.bytes([String(try row.int64("id")), String(try row.int64("at")), try row.optionalInt64("actor_id").map(String.init),
                                                             try row.string("actor"), try row.string("action"), try row.string("target"), try row.string("detail"),
                                                             try row.string("client")])
                    hash = LogChainRepository.next(hash, canonical)
                    try await db.execute("UPDATE audit_log SET chain_seq = ?, chain_hash = ? WHERE id = ?", [.integer(Int64(-1 - i)), .text(hash), .integer(try row.int64("id"))])
                }
                try await db.execute("UPDATE audit_log SET chain_seq = -chain_seq")
                try await db.execute("UPDATE log_chain_heads SET seq = ?, hash = ? WHERE chain = 'audit'", [.integer(Int64(rows.count)), .text(hash)])
            }
            let rewritten = try #require(Self.problem(try await chains.verify(), .audit))
            #expect(rewritten.kind == .anchor && rewritten.detail.contains("锚点"))

            // And a forged anchor (its hash changed to match) fails its signature.
            try await database.write { db in try await db.execute("UPDATE log_anchors SET hash = 'forged' WHERE chain = 'audit'") }
            #expect(Self.problem(try await chains.verify(), .audit)?.kind == .anchor)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func sealersAtOnceWithWritersNeverForkTheChain(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let chains = Self.chains(database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask { try await Self.write(database, count: 25, from: writer * 1_000) }
                }
                for _ in 0..<3 {
                    group.addTask {
                        for _ in 0..<10 { try await chains.sealAll(batch: 7) }
                    }
                }
                try await group.waitForAll()
            }
            try await chains.sealAll()
            let reports = try await chains.verify()
            #expect(reports.map(\.entries) == [100, 100] && reports.allSatisfy { $0.problem == nil && $0.unsealed == 0 })
            #expect(try await chains.repository.head(.audit).seq == 100)
        }
    }
}
