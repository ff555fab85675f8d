import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Synchronization
import Testing

/// The dispatcher (ADR 0022) against a channel that fails every third request, as the SMS
/// gateway double in CI will: every message gets through exactly once, the failures are
/// retried after their backoff, and each attempt is on record.
@Suite struct NotificationServiceTests {
    /// Monday 28 September 2026, 10:00 in China.
    static let morning: Int64 = 1_790_560_800

    /// Takes every third message badly; remembers the keys it took, as a gateway would.
    final class FlakyGateway: MessageSender {
        let state = Mutex((requests: 0, delivered: [String]()))

        func send(_ message: OutboxMessage) async -> SendOutcome {
            state.withLock { s in
                s.requests += 1
                if s.requests % 3 == 0 { return .failed(reason: "503 Service Unavailable", permanent: false) }
                s.delivered.append(message.message.key)
                return .sent(reference: "gw-\(s.requests)")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyMessageOnceThroughAFlakyGateway(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(Self.morning)
            let gateway = FlakyGateway()
            let outbox = OutboxRepository(database: database, policy: DispatchPolicy(backoff: [30]))
            let service = NotificationService(repository: outbox, senders: [.sms: gateway], clock: clock, parallel: 4)
            let messages = (1...60).map {
                OutgoingMessage(key: "case:\($0):accepted:sms", channel: .sms, recipient: "13800138000", template: "case-accepted", body: "已受理")
            }
            try await outbox.enqueue(messages, at: clock.now())
            try await outbox.enqueue([OutgoingMessage(key: "code:1:in-site", channel: .inSite, recipient: "citizen:1", template: "t", body: "站内消息")],
                                     at: clock.now())
            #expect(try await service.dispatchOnce() == 61)
            // Retries are due 30 s later, not before.
            #expect(try await service.dispatchOnce() == 0)
            for _ in 0..<6 {
                clock.advance(by: 30)
                try await service.dispatchOnce()
            }
            let delivered = gateway.state.withLock { $0.delivered }
            #expect(delivered.count == 60 && Set(delivered) == Set(messages.map(\.key)))
            #expect(try await outbox.list(state: .sent, limit: 100, offset: 0).total == 61)
            #expect(try await outbox.list(state: .queued, limit: 100, offset: 0).total == 0)
            // The in-site message went to the built-in outbox, not the gateway.
            #expect(try await outbox.find(key: "code:1:in-site")?.state == .sent)
            let retried = try await outbox.list(limit: 100, offset: 0).messages.filter { $0.attempts > 1 }
            #expect(!retried.isEmpty)
            for message in retried {
                let attempts = try await outbox.attempts(of: message.id)
                #expect(attempts.last?.outcome == "sent" && attempts.dropLast().allSatisfy { $0.outcome == "retry" })
                #expect(attempts.first?.detail == "503 Service Unavailable")
            }
        }
    }

    @Test func onlyAdministratorsReadTheOutbox() async throws {
        try await withTestDatabase(.sqlite) { database in
            let service = NotificationService(repository: OutboxRepository(database: database), clock: FixedClock(Self.morning))
            func identity(_ role: Role) -> Identity {
                Identity(account: StaffAccount(username: role.rawValue, displayName: role.label, staffNumber: "N", role: role), sessionTokenHash: "", csrfToken: "")
            }
            _ = try await service.list(state: nil, page: PageRequest(page: 1, pageSize: 20), by: identity(.admin))
            for role in [Role.clerk, .approver, .supervisor] {
                await #expect(throws: AuthError.self) { try await service.list(state: nil, page: PageRequest(page: 1, pageSize: 20), by: identity(role)) }
            }
        }
    }
}
