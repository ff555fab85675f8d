import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// A message written with a case step and meant for later (a reminder) waits until its time on
/// both databases: PostgreSQL's one-statement update used to write it as due at once.
@Suite struct CaseMessageTimingTests {
    @Test(arguments: TestDatabaseKind.available)
    func aStepsLaterMessageWaitsForItsTime(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.token(.clerk)
            let opened = try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake())
            let text = try #require((try JSON.object(opened.body)["case"] as? [String: Any])?["number"] as? String)
            let number = try #require(CaseNumber(parsing: text))
            let repository = app.services.cases.repository
            let (record, _) = try #require(try await repository.findWithEvents(number))
            let later = TestApp.start + 3 * 86_400
            var reminder = OutgoingMessage(key: "case:\(number):test-reminder:sms", channel: .sms, recipient: "13800138000", template: "case-material-due",
                                           body: "提醒")
            reminder.notBefore = later
            let actor = CaseActor(accountID: nil, name: "测试", staffNumber: "T1", role: .clerk, hall: "CC")
            let event = CaseEvent(action: "note", step: "备注", fromState: record.state, toState: record.state, at: TestApp.start, actor: actor, opinion: "")
            _ = try await repository.update(record, expectedRevision: record.revision, event: event, actorID: nil,
                                            actor: AuditActor(accountID: nil, name: "测试", client: "test"), at: TestApp.start, messages: [reminder])
            let stored = try #require(try await app.services.notifications.repository.find(key: reminder.key))
            #expect(stored.notBefore >= later)
        }
    }
}
