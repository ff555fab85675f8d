import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 电子监察's alerts (issue 18 §3), on SQLite and PostgreSQL: a case past its promise, a complaint
/// past its due day, a ticket waiting over half an hour, a member of staff reading 50 records of
/// personal data within the hour — each raised once, the supervisors on duty told through the
/// outbox (one message per rule and contact), listed on the overview.
@Suite struct SupervisionAlertTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyRuleRaisesItsSubjectOnceThroughTheOutbox(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, app in
            let services = app.services
            let alerts = SupervisionService(repository: services.supervision.repository, cases: app.cases, ratings: services.ratings.repository,
                                            complaints: services.complaints.repository, queues: services.queues, catalog: services.catalog,
                                            calendar: services.calendar, clock: clock, alertContacts: ["13900000001", "jiancha@example.cn"])
            #expect(try await alerts.sweepAlerts().isEmpty)

            let clerk = try await client.token(.clerk)
            let opened = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake()).body)
            let number = try #require((opened["case"] as? [String: Any])?["number"] as? String)
            let filed = try JSON.object(try await client.json("/api/v1/complaints", method: .post, body: #"""
                {"kind":"complaint","category":"delay","content":"材料齐全却迟迟不受理","name":"李四","phone":"13900139000","case":"\#(number)"}
                """#).body)
            let complaint = try #require(filed["number"] as? String)
            // Fifty reads of personal data by one clerk within the hour (what the access log records).
            try await app.cases.repository.database.write { db in
                try await db.insertRows(into: "personal_data_access", columns: ["at", "actor_id", "actor", "client", "case_number", "purpose"],
                                        rows: (0..<50).map { i in [.integer(TestApp.start + 38 * 86_400 + Int64(i)), .integer(3), .text("综合窗口人员（N-clerk）"),
                                                                   .text("t"), .text(number), .text("查看申请人信息")] })
            }
            // Thursday 5 November: past the case's promise and the complaint's due day; a ticket taken now waits.
            clock.advance(by: 38 * 86_400)
            let kiosk = try await client.kioskToken()
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody()).status == .created)
            clock.advance(by: 31 * 60)

            let raised = try await alerts.sweepAlerts()
            #expect(Set(raised.map(\.rule)) == [.caseRed, .complaintOverdue, .longWait, .heavyReading], "\(raised)")
            #expect(raised.first { $0.rule == .caseRed }?.subject == number && raised.first { $0.rule == .complaintOverdue }?.subject == complaint)
            #expect(raised.first { $0.rule == .longWait }?.text.contains("已等候 31 分钟") == true)
            #expect(raised.first { $0.rule == .heavyReading }?.text == "综合窗口人员（N-clerk）一小时内查阅 50 次")
            // Told once per rule and contact: an SMS to the phone, an e-mail to the address.
            let outbox = OutboxRepository(database: app.cases.repository.database)
            let sms = try await outbox.messages(to: ["13900000001"], limit: 20, offset: 0).messages.map(\.message)
            let mail = try await outbox.messages(to: ["jiancha@example.cn"], limit: 20, offset: 0).messages.map(\.message)
            #expect(sms.count == 4 && sms.allSatisfy { $0.template == "supervision-alert" && $0.channel == .sms }, "\(sms.map(\.body))")
            #expect(mail.count == 4 && mail.allSatisfy { $0.channel == .email && $0.subject == "电子监察预警" })
            #expect(sms.contains { $0.body.contains("办件超承诺时限") && $0.body.contains(number) })
            // Raised once: the next sweep finds nothing new.
            #expect(try await alerts.sweepAlerts().isEmpty)
            #expect(try await outbox.messages(to: ["13900000001"], limit: 20, offset: 0).messages.count == 4)

            // The overview lists them for supervisors.
            let page = String(buffer: try await client.page("/supervision", try await client.signIn(.supervisor)).body)
            #expect(page.contains(#"<li data-rule="case-red">"#) && page.contains(#"<li data-rule="long-wait">"#))
            await #expect(throws: AuthError.self) { _ = try await alerts.recentAlerts(by: try await ThemeCaseTests.identity(app, "clerk")) }
        }
    }

    @Test func contactsAreMobilesOrAddresses() throws {
        #expect(try SupervisionAlerts.contacts(" 13900000001, jiancha@example.cn ,") == ["13900000001", "jiancha@example.cn"])
        do {
            _ = try SupervisionAlerts.contacts("12345, 13900000001, not an address")
            Issue.record("bad contacts accepted")
        } catch let failed as ValidationFailed {
            #expect(failed.problems.map(\.path) == ["supervisionAlerts[0]", "supervisionAlerts[2]"])
        }
    }
}
