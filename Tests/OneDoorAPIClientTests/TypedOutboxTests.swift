import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// `GET /api/v1/outbox` (ADR 0022): administrators read what was sent, recipients masked, by state.
@Suite struct TypedOutboxTests {
    @Test(arguments: TestDatabaseKind.available)
    func administratorsReadTheOutbox(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            try await app.services.notifications.enqueue([
                OutgoingMessage(key: "code:1", channel: .sms, recipient: "13800138000", template: "sign-in-code", body: "您的验证码为 123456", urgent: true),
                OutgoingMessage(key: "case:1:email", channel: .email, recipient: "zhangsan@example.cn", template: "case-accepted",
                                subject: "办件已受理", body: "已受理"),
            ])
            let admin = try await ClientHarness.signedIn(client, "admin")
            // The server's dispatcher sends them through the built-in outbox.
            var sent: [Components.Schemas.OutboxMessage] = []
            for _ in 0..<100 where sent.count < 2 {
                sent = try await admin.listOutbox(query: .init(state: .sent)).ok.body.json.items
                if sent.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(Set(sent.map(\.recipient)) == ["138****8000", "z***@example.cn"])
            #expect(sent.first { $0.channel == .email }?.subject == "办件已受理")
            #expect(sent.allSatisfy { $0.attempts == 1 && $0.sentAt != nil })
            #expect(try await admin.listOutbox(query: .init(state: .failed)).ok.body.json.total == 0)
            _ = try await ClientHarness.signedIn(client, "supervisor").listOutbox().forbidden
        }
    }
}
