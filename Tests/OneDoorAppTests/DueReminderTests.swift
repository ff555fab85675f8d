import Foundation
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 容缺 material due in 3 days (issue 15 §5): the reminder is written with the acceptance and
/// waits in the outbox until 09:00 three days before the due date; if the material was handed in
/// by then, it is withdrawn instead of sent.
@Suite struct DueReminderTests {
    @Test func reminderKeysNameTheCaseTheMaterialAndTheDate() throws {
        let parsed = try #require(CaseMessages.dueReminder(key: "case:CC-20260928-00001:due:2:2026-10-15:sms"))
        #expect(parsed.number == "CC-20260928-00001" && parsed.material == 2 && parsed.due == CivilDate("2026-10-15"))
        for bad in ["case:CC-20260928-00001:accept:1:sms", "case:x:due:2:2026-10-15:sms", "case:CC-20260928-00001:due:a:2026-10-15:sms"] {
            #expect(CaseMessages.dueReminder(key: bad) == nil, "\(bad)")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theReminderGoesOutUnlessTheMaterialWasHandedIn(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerk = try await client.signIn(.clerk)
            // Two cases, each with the floor plan owed by 15 October.
            _ = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            _ = try await client.post("/cases", clerk, CasePagesTests.intakeFields(documentNumber: "11010519491231002X"))
            let outbox = app.services.notifications.repository
            let first = try #require(try await outbox.find(key: "case:CC-20260928-00001:due:2:2026-10-15:sms"))
            // 09:00 on Monday 12 October, China time.
            #expect(first.notBefore == 1_791_766_800 && first.message.body.contains("经营场所平面图") && first.message.body.contains("2026年10月15日"))
            #expect(try await outbox.find(key: "case:CC-20260928-00002:due:2:2026-10-15:sms") != nil)

            // The second applicant hands it in early.
            #expect(try await client.post("/cases/CC-20260928-00002/actions/receive-materials", clerk,
                                          [("revision", "1"), ("m2.received", "on"), ("m2.pages", "1"), ("opinion", "补交")]).status == .seeOther)
            // Nothing goes before its day.
            try await app.services.notifications.dispatchOnce()
            #expect(try await outbox.find(key: first.message.key)?.state == .queued)
            clock.advance(by: 1_791_766_800 - clock.now())
            // The server's own dispatcher may claim them first (its claim then holds off this one):
            // dispatch here too, and wait until both are settled, whoever sent them.
            for _ in 0..<200 {
                try await app.services.notifications.dispatchOnce()
                if try await outbox.list(state: .queued, limit: 1, offset: 0).total == 0 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await outbox.find(key: "case:CC-20260928-00001:due:2:2026-10-15:sms")?.state == .sent)
            let withdrawn = try #require(try await outbox.find(key: "case:CC-20260928-00002:due:2:2026-10-15:sms"))
            #expect(withdrawn.state == .cancelled)
            #expect(try await outbox.attempts(of: withdrawn.id).last.map { ($0.outcome, $0.detail) } ?? ("", "") == ("withdrawn", "材料已补交"))
        }
    }
}
