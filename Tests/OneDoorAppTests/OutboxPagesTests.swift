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

/// The applicant's messages are written with the change that causes them (ADR 0022): the
/// intake's (the number put in, on both databases' paths), an action's, none for a change that
/// is refused.
@Suite struct CaseMessageOutboxTests {
    @Test(arguments: TestDatabaseKind.available)
    func messagesCommitWithTheirChange(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let reader = try await OutboxPagesTests.identity(app)
            func outbox() async throws -> [OutboxMessage] {
                try await app.services.notifications.list(state: nil, page: PageRequest(page: 1, pageSize: 50), by: reader).messages
            }
            let clerk = try await client.token(.clerk)
            // Refused intake: nothing stored, nobody told.
            let bad = try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake(id: "36042619910102009X"))
            #expect(bad.status == .unprocessableContent)
            #expect(try await outbox().isEmpty)

            let created = try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake())
            let record = try #require(try JSON.object(created.body)["case"] as? [String: Any])
            let number = try #require(record["number"] as? String), code = try #require(record["queryCode"] as? String)
            // The acceptance, and the reminder of the 容缺 material for three days before it is due.
            let written = try await outbox()
            #expect(Set(written.map(\.message.template)) == ["case-accepted", "case-material-due"])
            let accepted = try #require(written.first { $0.message.template == "case-accepted" })
            #expect(accepted.message.key == "case:\(number):accept:1:sms" && accepted.message.recipient == "13800138000")
            #expect(accepted.message.body == "您申请的食品经营许可已受理，办件号\(number)，承诺2026年10月10日前办结，可凭受理通知书上的查询码查询进度。")
            #expect(!accepted.message.body.contains(code))

            // 承办 and 审核 tell nothing; a stale decision is refused and tells nothing; the decision tells.
            let approver = try await client.token(.approver)
            #expect(try await CaseAPITests.act(client, number, "undertake", approver, #"{"revision":1,"opinion":"拟准予"}"#).status == .ok)
            #expect(try await CaseAPITests.act(client, number, "review", try await client.token("reviewer"), #"{"revision":2,"opinion":"同意"}"#).status == .ok)
            let decider = try await client.token("decider")
            #expect(try await CaseAPITests.act(client, number, "decide", decider, #"{"revision":2,"granted":true,"opinion":"准予"}"#).status == .conflict)
            #expect(try await outbox().count == 2)
            #expect(try await CaseAPITests.act(client, number, "decide", decider, #"{"revision":3,"granted":true,"opinion":"准予"}"#).status == .ok)
            let messages = try await outbox()
            #expect(messages.map(\.message.template).first == "case-granted" && messages.count == 3)
            #expect(messages[0].message.key == "case:\(number):decide:3:sms")
        }
    }
}
