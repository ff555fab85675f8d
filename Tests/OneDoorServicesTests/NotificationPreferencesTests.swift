import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Synchronization
import Testing

/// Per-person notification settings (issue 15 §5): a channel the citizen turned off keeps the
/// message unsent (it stays in 我的消息), their own quiet hours hold it back, and a sign-in code
/// ignores both.
@Suite struct NotificationPreferencesTests {
    /// Takes every message and remembers its key.
    final class Recorder: MessageSender {
        let keys = Mutex([String]())

        func send(_ message: OutboxMessage) async -> SendOutcome {
            keys.withLock { $0.append(message.message.key) }
            return .sent(reference: nil)
        }
    }

    @Test func formTimesAreBothOrNeitherAndDiffer() throws {
        let both = try NotificationPreferences.checked(sms: false, email: true, quietFrom: "21:30", quietUntil: "07:00").get()
        #expect(both.quietFrom == 21 * 60 + 30 && both.quietUntil == 7 * 60 && !both.sms && both.quietLabel == "21:30–07:00")
        #expect(try NotificationPreferences.checked(sms: true, email: true, quietFrom: "", quietUntil: "").get() == .standard)
        guard case .failure(let one) = NotificationPreferences.checked(sms: true, email: true, quietFrom: "22:00", quietUntil: "") else {
            Issue.record("one time without the other was taken"); return
        }
        #expect(one.problems.map(\.path) == ["quietUntil"])
        guard case .failure(let bad) = NotificationPreferences.checked(sms: true, email: true, quietFrom: "25:00", quietUntil: "8点") else {
            Issue.record("malformed times were taken"); return
        }
        #expect(bad.problems.map(\.path) == ["quietFrom", "quietUntil"])
        guard case .failure(let same) = NotificationPreferences.checked(sms: true, email: true, quietFrom: "08:00", quietUntil: "08:00") else {
            Issue.record("equal times were taken"); return
        }
        #expect(same.problems.first?.reason.contains("不能相同") == true)
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDispatcherFollowsEachPersonsSettings(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(NotificationServiceTests.morning) // 10:00 in China
            let outbox = OutboxRepository(database: database)
            let citizens = CitizenRepository(database: database)
            try await database.write { db in
                try await db.execute("INSERT INTO citizens (phone, real_name, email, created_at) VALUES ('13800138001', 'none', 'a@example.cn', 0)", [])
                try await db.execute("INSERT INTO citizens (phone, real_name, created_at) VALUES ('13800138002', 'none', 0)", [])
            }
            let first = try #require(try await citizens.find(phone: "13800138001"))
            // SMS off, e-mail on, quiet 09:00–11:00 of their own.
            try await citizens.setPreferences(NotificationPreferences(sms: false, email: true, quietFrom: 9 * 60, quietUntil: 11 * 60), citizen: first.id,
                                              at: clock.now())
            #expect(try await citizens.preferences(citizen: first.id).quietUntil == 11 * 60)
            let sender = Recorder()
            let service = NotificationService(repository: outbox, senders: [.sms: sender, .email: sender], clock: clock)
            try await outbox.enqueue([
                OutgoingMessage(key: "a:sms", channel: .sms, recipient: "13800138001", template: "case-accepted", body: "已受理"),
                OutgoingMessage(key: "a:email", channel: .email, recipient: "a@example.cn", template: "case-accepted", subject: "受理", body: "已受理"),
                OutgoingMessage(key: "a:code", channel: .sms, recipient: "13800138001", template: "citizen-code", body: "验证码 123456", urgent: true),
                OutgoingMessage(key: "b:sms", channel: .sms, recipient: "13800138002", template: "case-accepted", body: "已受理"),
            ], at: clock.now())
            #expect(try await service.dispatchOnce() == 4)
            #expect(try await outbox.find(key: "a:sms")?.state == .withheld)
            #expect(try await outbox.find(key: "a:code")?.state == .sent)
            #expect(try await outbox.find(key: "b:sms")?.state == .sent)
            let held = try #require(try await outbox.find(key: "a:email"))
            #expect(held.state == .queued && held.attempts == 0 && held.notBefore == NotificationServiceTests.morning + 3_600)
            #expect(try await outbox.attempts(of: held.id).isEmpty)
            #expect(try await outbox.attempts(of: try #require(try await outbox.find(key: "a:sms")).id).map(\.outcome) == ["withheld"])
            #expect(try await service.dispatchOnce() == 0)
            clock.advance(by: 3_600)
            #expect(try await service.dispatchOnce() == 1)
            #expect(try await outbox.find(key: "a:email")?.state == .sent)
            // What was withheld is still the citizen's to read in 我的消息.
            #expect(try await outbox.messages(to: ["13800138001"], limit: 10, offset: 0).messages.contains { $0.message.key == "a:sms" })
            #expect(sender.keys.withLock { $0 }.sorted() == ["a:code", "a:email", "b:sms"])
        }
    }
}
