import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The notification outbox on both databases (ADR 0022): one message per key, written with the
/// event's transaction or not at all; due messages claimed by one dispatcher at a time; every
/// attempt recorded; retries backing off; failures given up.
@Suite struct OutboxRepositoryTests {
    /// Monday 28 September 2026, 10:00 in China: outside the quiet hours.
    let morning: Int64 = 1_790_560_800
    let policy = DispatchPolicy(backoff: [30, 120], maximumAttempts: 3)

    func sms(_ n: Int, urgent: Bool = false) -> OutgoingMessage {
        OutgoingMessage(key: "test:\(n):sms", channel: .sms, recipient: "1380013\(String(format: "%04d", n))", template: "case-accepted",
                        body: "您的办件 \(n) 已受理。", urgent: urgent)
    }

    @Test(arguments: TestDatabaseKind.available)
    func oneMessagePerKeyAndOnlyWithItsTransaction(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outbox = OutboxRepository(database: database, policy: policy)
            try await outbox.enqueue([sms(1), sms(1), sms(2)], at: morning)
            try await outbox.enqueue([sms(1)], at: morning + 5)
            #expect(try await outbox.list(limit: 10, offset: 0).total == 2)
            // Written by an event's transaction that then fails: no message.
            await #expect(throws: (any Error).self) {
                try await database.write { db in
                    let statement = OutboxRepository.enqueueStatement(sms(3), at: morning, policy: policy)
                    try await db.execute(statement.sql, statement.binds)
                    throw StorageError.database("the event failed")
                }
            }
            #expect(try await outbox.find(key: "test:3:sms") == nil)
            let stored = try #require(try await outbox.find(key: "test:1:sms"))
            #expect(stored.state == .queued && stored.attempts == 0 && stored.notBefore == morning && stored.message == sms(1))
            #expect(stored.maskedRecipient == "138****0001")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func dueMessagesAreClaimedByOneDispatcherAtATime(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outbox = OutboxRepository(database: database, policy: policy)
            try await outbox.enqueue((1...40).map { sms($0) }, at: morning)
            // Four dispatchers at once: every message claimed, none twice.
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<4 { group.addTask { try await outbox.claim(at: morning, limit: 15).map(\.id) } }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claimed.count == 40 && Set(claimed).count == 40)
            // Held until the claim runs out (a dispatcher killed mid-send), then taken again.
            #expect(try await outbox.claim(at: morning + 30, limit: 100).isEmpty)
            #expect(try await outbox.claim(at: morning + 60, limit: 100).count == 40)
        }
    }

    /// A dispatcher that stalled past its claim (60 s) while another claimed and tried the message
    /// records nothing when it wakes: each attempt is on record once, and the stale one cannot
    /// collide with the other's attempt number.
    @Test(arguments: TestDatabaseKind.available)
    func aStaleClaimRecordsNothing(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outbox = OutboxRepository(database: database, policy: policy)
            try await outbox.enqueue([sms(1)], at: morning)
            let stale = try #require(try await outbox.claim(at: morning, limit: 10).first)
            // The claim runs out; another dispatcher takes the message and its send fails.
            let fresh = try #require(try await outbox.claim(at: morning + 61, limit: 10).first)
            let retried = try #require(try await outbox.record(fresh.id, .failed(reason: "503", permanent: false), at: morning + 62,
                                                                claimedAttempts: fresh.attempts))
            #expect(retried.state == .queued && retried.attempts == 1)
            // The stalled one wakes with its outcome for the attempt it claimed: refused.
            #expect(try await outbox.record(stale.id, .sent(reference: "gw-late"), at: morning + 63, claimedAttempts: stale.attempts) == nil)
            #expect(try await outbox.attempts(of: stale.id).map(\.outcome) == ["retry"])
            #expect(try await outbox.find(key: "test:1:sms")?.state == .queued)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func attemptsAreRecordedAndRetriesBackOffUntilGivenUp(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outbox = OutboxRepository(database: database, policy: policy)
            try await outbox.enqueue([sms(1), sms(2), sms(3)], at: morning)
            let ids = try await outbox.claim(at: morning, limit: 10).map(\.id)
            #expect(ids.count == 3)

            let sent = try #require(try await outbox.record(ids[0], .sent(reference: "gw-1"), at: morning + 1))
            #expect(sent.state == .sent && sent.attempts == 1 && sent.sentAt == morning + 1)
            // Recorded once: a second dispatcher's late record of the same message changes nothing.
            #expect(try await outbox.record(ids[0], .sent(reference: "gw-9"), at: morning + 2) == nil)
            #expect(try await outbox.markDelivered(reference: "gw-1", at: morning + 3))
            #expect(try await outbox.find(key: "test:1:sms")?.state == .delivered)

            // A passing failure: queued again after 30 s, then 120 s, then given up (3 attempts).
            var retried = try #require(try await outbox.record(ids[1], .failed(reason: "503 from the gateway", permanent: false), at: morning + 1))
            #expect(retried.state == .queued && retried.notBefore == morning + 31 && retried.lastError == "503 from the gateway")
            #expect(try await outbox.claim(at: morning + 30, limit: 10).isEmpty)
            #expect(try await outbox.claim(at: morning + 31, limit: 10).map(\.id) == [ids[1]])
            retried = try #require(try await outbox.record(ids[1], .failed(reason: "timeout", permanent: false), at: morning + 31))
            #expect(retried.notBefore == morning + 151)
            let gaveUp = try #require(try await outbox.record(ids[1], .failed(reason: "timeout", permanent: false), at: morning + 151))
            #expect(gaveUp.state == .failed && gaveUp.attempts == 3)
            #expect(try await outbox.attempts(of: ids[1]).map(\.outcome) == ["retry", "retry", "failed"])

            // A permanent failure (no such number) is not retried.
            let wrongNumber = try #require(try await outbox.record(ids[2], .failed(reason: "空号", permanent: true), at: morning + 1))
            #expect(wrongNumber.state == .failed && wrongNumber.attempts == 1)
            #expect(try await outbox.list(state: .failed, limit: 10, offset: 0).total == 2)
            #expect(try await outbox.claim(at: morning + 100_000, limit: 10).isEmpty)
        }
    }

    /// A message that is not urgent, written at night, waits for the morning; a sign-in code does not.
    @Test(arguments: TestDatabaseKind.available)
    func nightMessagesWaitUnlessUrgent(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let outbox = OutboxRepository(database: database, policy: policy)
            let night = morning + 13 * 3_600  // 23:00
            try await outbox.enqueue([sms(1), sms(2, urgent: true)], at: night)
            let urgent = try await outbox.claim(at: night, limit: 10)
            #expect(urgent.map(\.message.key) == ["test:2:sms"])
            try await outbox.record(try #require(urgent.first).id, .sent(reference: nil), at: night + 1)
            let eight = morning - 2 * 3_600 + 86_400  // 08:00 the next day
            #expect(try await outbox.find(key: "test:1:sms")?.notBefore == eight)
            #expect(try await outbox.claim(at: eight, limit: 10).map(\.message.key) == ["test:1:sms"])
        }
    }
}
