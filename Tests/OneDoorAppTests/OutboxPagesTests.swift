import HummingbirdTesting
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The administrators' page of the outbox (ADR 0022): what the built-in outbox "sent", with
/// recipients masked, filtered by state.
@Suite struct OutboxPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func administratorsReadWhatWasSent(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            try await app.services.notifications.enqueue([
                OutgoingMessage(key: "code:13800138000:1", channel: .sms, recipient: "13800138000", template: "sign-in-code", body: "您的验证码为 123456", urgent: true),
                OutgoingMessage(key: "case:1:accepted:email", channel: .email, recipient: "zhangsan@example.cn", template: "case-accepted", body: "已受理"),
            ])
            // The server's own dispatcher, woken by the write, sends them (through the built-in outbox).
            let admin = try await client.signIn(.admin)
            let reader = try await Self.identity(app)
            var sent = 0
            for _ in 0..<100 where sent < 2 {
                sent = try await app.services.notifications.list(state: .sent, page: PageRequest(page: 1, pageSize: 10), by: reader).total
                if sent < 2 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(sent == 2)

            let page = String(buffer: try await client.page("/admin/outbox", admin).body)
            #expect(page.contains("138****8000") && page.contains("z***@example.cn") && page.contains("您的验证码为 123456"))
            #expect(!page.contains("13800138000") && !page.contains("zhangsan@"))
            #expect(page.contains("已发送") && page.contains("href=\"/admin/outbox\""))
            let queued = String(buffer: try await client.page("/admin/outbox?state=queued", admin).body)
            #expect(queued.contains("共 0 条"))
            let unknown = try await client.page("/admin/outbox?state=lost", admin)
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("状态“lost”不是可选的值"))
        }
    }

    static func identity(_ app: OneDoorApplication) async throws -> Identity {
        try await app.auth.signIn(username: "admin", password: TestApp.password(.admin), kind: .bearer, client: "test").identity
    }
}
