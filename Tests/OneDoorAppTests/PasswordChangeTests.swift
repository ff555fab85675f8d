import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// A password an administrator sets is known to them: its owner chooses their own before doing
/// anything else, in the pages and through the API (issue 13 §1.8).
@Suite struct PasswordChangeTests {
    static let newAccount = #"{"username":"sup2","displayName":"新监察","staffNumber":"JC002","role":"supervisor","password":"set-by-admin-1"}"#

    @Test(arguments: TestDatabaseKind.available)
    func theAPIAnswersNothingButThePasswordChangeFirst(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let admin = try await client.token(.admin)
            #expect(try await client.json("/api/v1/accounts", method: .post, token: admin, body: Self.newAccount).status == .created)
            let signIn = try JSON.object(try await client.json("/api/v1/session", method: .post, body: #"{"username":"sup2","password":"set-by-admin-1"}"#).body)
            #expect((signIn["account"] as? [String: Any])?["mustChangePassword"] as? Bool == true)
            let token = try #require(signIn["token"] as? String)
            let refused = try await client.json("/api/v1/audit", token: token)
            #expect(refused.status == .forbidden)
            #expect(try JSON.object(refused.body)["type"] as? String == "/problems/password-change-required")

            let weak = try await client.json("/api/v1/session/password", method: .put, token: token,
                                             body: #"{"currentPassword":"set-by-admin-1","newPassword":"1234567890"}"#)
            #expect(weak.status == .unprocessableContent)
            let wrong = try await client.json("/api/v1/session/password", method: .put, token: token,
                                              body: #"{"currentPassword":"guess-guess","newPassword":"my own 2026 secret"}"#)
            #expect(wrong.status == .unprocessableContent)
            let changed = try await client.json("/api/v1/session/password", method: .put, token: token,
                                                body: #"{"currentPassword":"set-by-admin-1","newPassword":"my own 2026 secret"}"#)
            #expect(changed.status == .noContent)
            // Every session ended; the new password works and nothing is held back any more.
            #expect(try await client.json("/api/v1/audit", token: token).status == .unauthorized)
            let again = try JSON.object(try await client.json("/api/v1/session", method: .post, body: #"{"username":"sup2","password":"my own 2026 secret"}"#).body)
            #expect(try await client.json("/api/v1/audit", token: again["token"] as? String).status == .ok)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func thePagesLeadToThePasswordPageUntilItIsChanged(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let admin = try await client.token(.admin)
            #expect(try await client.json("/api/v1/accounts", method: .post, token: admin, body: Self.newAccount).status == .created)
            let login = try await client.login([("username", "sup2"), ("password", "set-by-admin-1"), ("next", "/cases")])
            #expect(login.status == .seeOther && login.headers[.location] == "/account/password")
            let cookie = String(try #require(login.headers[.setCookie]).split(separator: ";")[0])
            let cases = try await client.execute(uri: "/cases", method: .get, headers: [.cookie: cookie])
            #expect(cases.status == .seeOther && cases.headers[.location] == "/account/password")
            let form = String(buffer: try await client.execute(uri: "/account/password", method: .get, headers: [.cookie: cookie]).body)
            #expect(form.contains("您的密码由管理员设置"))
            let csrf = try #require(csrfToken(in: form))
            let session = WebSession(cookie: cookie, csrf: csrf)
            // Posting elsewhere is refused, not carried out.
            #expect(try await client.post("/logout", session).status == .seeOther)
            let relogin = try await client.login([("username", "sup2"), ("password", "set-by-admin-1")])
            let cookie2 = String(try #require(relogin.headers[.setCookie]).split(separator: ";")[0])
            let form2 = String(buffer: try await client.execute(uri: "/account/password", method: .get, headers: [.cookie: cookie2]).body)
            let csrf2 = try #require(csrfToken(in: form2))
            let session2 = WebSession(cookie: cookie2, csrf: csrf2)
            #expect(try await client.post("/admin/calendar", session2, [("year", "2027")]).status == .forbidden)

            let mismatch = try await client.post("/account/password", session2, [("currentPassword", "set-by-admin-1"),
                                                                                  ("newPassword", "my own 2026 secret"), ("confirmPassword", "other")])
            #expect(mismatch.status == .unprocessableContent && String(buffer: mismatch.body).contains("两次输入的新密码不一致"))
            let done = try await client.post("/account/password", session2, [("currentPassword", "set-by-admin-1"),
                                                                              ("newPassword", "my own 2026 secret"), ("confirmPassword", "my own 2026 secret")])
            #expect(done.status == .ok && String(buffer: done.body).contains("密码已修改，请用新密码重新登录"))
            #expect(try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie2]).status == .seeOther)
            let fresh = try await client.login([("username", "sup2"), ("password", "my own 2026 secret"), ("next", "/cases")])
            #expect(fresh.headers[.location] == "/cases")
        }
    }
}
