import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// Administrators reword messages (ADR 0029): each edit a new version, checked, audited; the
/// next message goes out in the new words; an edit from a stale page is refused.
@Suite struct MessageTemplatePagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func anAdministratorRewordsTheCodeMessage(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let list = String(buffer: try await client.page("/admin/templates", admin).body)
            #expect(list.contains("data-code=\"citizen-code\"") && list.contains("data-code=\"ticket-near\"") && list.contains("内置"))
            #expect(try await client.page("/admin/templates", try await client.signIn(.clerk)).status == .forbidden)

            let noCode = try await client.post("/admin/templates/citizen-code", admin, [("version", "0"), ("text", "您的验证码为{{pin}}")])
            let problems = String(buffer: noCode.body)
            #expect(noCode.status == .unprocessableContent && problems.contains("“pin”不可用") && problems.contains("必须包含变量 {{code}}"))
            // What was typed comes back to be corrected.
            #expect(problems.contains("您的验证码为{{pin}}"))
            let forged = try await client.post("/admin/templates/citizen-code", WebSession(cookie: admin.cookie, csrf: "forged"),
                                               [("version", "0"), ("text", "【禅城政务】验证码{{code}}，5分钟内有效。")])
            #expect(forged.status == .forbidden)
            let published = try await client.post("/admin/templates/citizen-code", admin,
                                                   [("version", "0"), ("text", "【禅城政务】验证码{{code}}，5分钟内有效。"), ("note", "加签名")])
            #expect(published.status == .ok && String(buffer: published.body).contains("已发布第 1 版"))
            // A second editor still on version 0: refused, nothing stored.
            let stale = try await client.post("/admin/templates/citizen-code", admin, [("version", "0"), ("text", "验证码{{code}}")])
            #expect(stale.status == .conflict && String(buffer: stale.body).contains("刚被其他管理员修改"))
            let detail = String(buffer: try await client.page("/admin/templates/citizen-code", admin).body)
            #expect(detail.contains("第 1 版") && detail.contains("加签名") && detail.contains("name=\"version\" value=\"1\""))

            // The next code goes out in the new words.
            _ = try await client.citizenSignIn("13800138000", app)
            let sent = try await app.services.notifications.repository.list(limit: 10, offset: 0).messages.first { $0.message.template == "citizen-code" }
            #expect(sent?.message.body.hasPrefix("【禅城政务】验证码") == true)
            let audit = try await app.services.audit.repository.list(PageRequest(page: 1, pageSize: 20)).entries
            #expect(audit.contains { $0.action == "template.publish" && $0.target == "citizen-code" })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theAPIListsAndPublishes(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.token(.admin)
            #expect(try await client.json("/api/v1/message-templates", token: try await client.token(.supervisor)).status == .forbidden)
            let bad = try await client.json("/api/v1/message-templates/case-posted", method: .put, token: admin, body: #"{"text":"已邮寄","version":0}"#)
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("{{tracking}}"))
            let unknown = try await client.json("/api/v1/message-templates/no-such", method: .put, token: admin, body: #"{"text":"x","version":0}"#)
            #expect(unknown.status == .unprocessableContent)
            let put = try await client.json("/api/v1/message-templates/case-posted", method: .put, token: admin,
                                            body: #"{"subject":"结果已寄出","text":"{{item}}结果已由EMS寄出，单号{{tracking}}（{{number}}）","version":0}"#)
            #expect(put.status == .ok)
            let object = try JSON.object(put.body)
            #expect(object["version"] as? Int == 1 && object["subject"] as? String == "结果已寄出")
            let listed = try JSON.object(try await client.json("/api/v1/message-templates", token: admin).body)
            let posted = (listed["items"] as? [[String: Any]])?.first { $0["code"] as? String == "case-posted" }
            #expect(posted?["version"] as? Int == 1 && (posted?["required"] as? [String]) == ["tracking"])
            #expect(try await app.services.templates.current().render("case-posted", ["item": "A", "tracking": "E1", "number": "N"])?.text == "A结果已由EMS寄出，单号E1（N）")
        }
    }
}
