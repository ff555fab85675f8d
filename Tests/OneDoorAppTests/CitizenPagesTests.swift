import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

extension TestClientProtocol {
    /// Signs a citizen in through the two sign-in forms, the code read from the SMS in the
    /// outbox; returns the citizen cookie and the CSRF token of 我的.
    func citizenSignIn(_ phone: String, _ app: OneDoorApplication) async throws -> WebSession {
        let form = try await execute(uri: "/citizen/login", method: .get)
        let html = String(buffer: form.body)
        guard let cookie = form.headers[values: .setCookie].first(where: { $0.hasPrefix("onedoor_citizen_login=") }).map({ String($0.split(separator: ";")[0]) }),
              let csrf = csrfToken(in: html)
        else { throw TestFailure("the citizen sign-in form has no token") }
        let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
        let sent = try await execute(uri: "/citizen/code", method: .post, headers: headers,
                                     body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", phone)])))
        guard sent.status == .ok else { throw TestFailure("asking for a code gave \(sent.status)") }
        let messages = try await app.services.notifications.repository.list(limit: 50, offset: 0).messages
        guard let body = messages.first(where: { $0.message.recipient == phone && $0.message.template == "citizen-code" })?.message.body else {
            throw TestFailure("no code was sent to \(phone)")
        }
        let code = String(body.filter(\.isNumber).prefix(6))
        let signedIn = try await execute(uri: "/citizen/login", method: .post, headers: headers,
                                         body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", phone), ("code", code)])))
        guard signedIn.status == .seeOther, let setCookie = signedIn.headers[values: .setCookie].first(where: { $0.hasPrefix("onedoor_citizen=") }) else {
            throw TestFailure("signing in gave \(signedIn.status)")
        }
        let session = String(setCookie.split(separator: ";")[0])
        let me = String(buffer: try await execute(uri: "/me", method: .get, headers: [.cookie: session]).body)
        guard let token = csrfToken(in: me) else {
            throw TestFailure("no CSRF token on /me")
        }
        return WebSession(cookie: session, csrf: token)
    }
}

/// 群众登录 and 我的 (issue 15 §1, §2): the two forms, the citizen's own cookie, the real-name
/// form with every problem named, cases seen only once a clerk verified the ID.
@Suite struct CitizenPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func aCitizenSignsInAndKeepsTheirOwnPage(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            // Signed out, 我的 sends to the citizens' sign-in, not the staff's.
            let away = try await client.page("/me", nil)
            #expect(away.status == .seeOther && away.headers[.location] == "/citizen/login?next=/me")
            let citizen = try await client.citizenSignIn("13800138000", app)
            var me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("138****8000") && me.contains("未实名") && !me.contains("13800138000"))
            // The citizen cookie opens no staff page.
            let staffPage = try await client.page("/cases", citizen)
            #expect(staffPage.status == .seeOther && staffPage.headers[.location]?.hasPrefix("/login") == true)

            // The real-name form names every problem and keeps what was typed.
            let bad = try await client.post("/me/real-name", citizen, [("name", ""), ("documentType", "resident-id"), ("documentNumber", "440113201410050011")])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains("姓名") && badHTML.contains("校验位") && badHTML.contains("440113201410050011"))
            let declared = try await client.post("/me/real-name", citizen, [("name", "张三"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            #expect(declared.status == .seeOther)
            me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("实名（自报）") && me.contains("4401**********001X") && me.contains(#"id="no-cases""#))
            // A form without the page's token is refused.
            let forged = try await client.post("/me/email", WebSession(cookie: citizen.cookie, csrf: "forged"), [("email", "x@example.cn")])
            #expect(forged.status == .forbidden)

            // A clerk accepts a case under the ID and verifies the holder: it shows in 我的.
            let clerk = try await client.signIn(.clerk)
            let created = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            let number = String(try #require(created.headers[.location]).split(separator: "/").last!.split(separator: "?")[0])
            let problems = try await client.post("/citizens/verify", clerk, [("phone", "13800138000"), ("name", ""), ("documentType", "resident-id"),
                                                                         ("documentNumber", "44011320141005001X")])
            #expect(problems.status == .unprocessableContent && String(buffer: problems.body).contains("姓名"))
            let unknown = try await client.post("/citizens/verify", clerk, [("phone", "13700137000"), ("name", "张三"), ("documentType", "resident-id"),
                                                                        ("documentNumber", "44011320141005001X")])
            #expect(unknown.status == .notFound && String(buffer: unknown.body).contains("还没有开通账号"))
            let verified = try await client.post("/citizens/verify", clerk, [("phone", "13800138000"), ("name", "张三"), ("documentType", "resident-id"),
                                                                         ("documentNumber", "44011320141005001X")])
            #expect(verified.status == .ok && String(buffer: verified.body).contains("138****8000 的账号现为实名（核验）"))
            me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("实名（核验）") && me.contains("/me/cases/\(number)"))
            let detail = try await client.page("/me/cases/\(number)", citizen)
            #expect(detail.status == .ok && String(buffer: detail.body).contains(#"id="progress-steps""#))
            // Someone else's case, or none: not found alike.
            let other = try await client.citizenSignIn("13900139000", app)
            #expect(try await client.page("/me/cases/\(number)", other).status == .notFound)

            // Signed out: the cookie is cleared and opens nothing.
            let out = try await client.post("/citizen/logout", citizen)
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.page("/me", citizen).status == .seeOther)
        }
    }

    @Test func theSignInFormsRefuseForgeriesAndWrongCodes() async throws {
        try await TestApp.run(.sqlite) { client, app in
            // No sign-in cookie: the post did not come from our page.
            let forged = try await client.execute(uri: "/citizen/code", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "phone=13800138000&_csrf=x"))
            #expect(forged.status == .forbidden && String(buffer: forged.body).contains("页面已过期"))
            #expect(try await app.services.notifications.repository.list(limit: 5, offset: 0).total == 0)
            let form = try await client.execute(uri: "/citizen/login", method: .get)
            let cookie = String(try #require(form.headers[values: .setCookie].first { $0.hasPrefix("onedoor_citizen_login=") }).split(separator: ";")[0])
            let csrf = String(cookie.split(separator: "=")[1])
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let badPhone = try await client.execute(uri: "/citizen/code", method: .post, headers: headers,
                                                    body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", "0757-1234")])))
            #expect(badPhone.status == .unprocessableContent && String(buffer: badPhone.body).contains("11位手机号码"))
            _ = try await client.execute(uri: "/citizen/code", method: .post, headers: headers,
                                         body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", "13800138000")])))
            let wrong = try await client.execute(uri: "/citizen/login", method: .post, headers: headers,
                                                 body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", "13800138000"), ("code", "12345x")])))
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("验证码错误或已过期"))
            #expect(wrong.headers[.setCookie]?.hasPrefix("onedoor_citizen=") != true)
        }
    }

    /// 窗口开户 on the clerk's verify page: a phone without an account is offered registration,
    /// the code goes to the phone, and with the code the person reads out the account opens
    /// verified.
    @Test(arguments: TestDatabaseKind.available)
    func aClerkRegistersAPhoneAtTheWindow(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.signIn(.clerk)
            let person = [("phone", "13600136000"), ("name", "王五"), ("documentType", "resident-id"), ("documentNumber", "11010519491231002X")]
            let unknown = try await client.post("/citizens/verify", clerk, person)
            #expect(unknown.status == .notFound && String(buffer: unknown.body).contains("id=\"offer-registration\""))
            let sent = try await client.post("/citizens/verify", clerk, person + [("action", "send-code")])
            #expect(sent.status == .ok && String(buffer: sent.body).contains("验证码已发送至 136****6000"))
            // What the clerk typed stays in the form while the person reads out the code.
            #expect(String(buffer: sent.body).contains("value=\"11010519491231002X\""))
            let messages = try await app.services.notifications.repository.list(limit: 10, offset: 0).messages
            let code = String(try #require(messages.first { $0.message.recipient == "13600136000" }).message.body.filter(\.isNumber).prefix(6))
            let wrong = try await client.post("/citizens/verify", clerk, person + [("code", code == "000000" ? "111111" : "000000")])
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("验证码错误或已过期"))
            let opened = try await client.post("/citizens/verify", clerk, person + [("code", code)])
            #expect(opened.status == .ok && String(buffer: opened.body).contains("136****6000 的账号现为实名（核验）"))
            #expect(try await app.services.citizens.repository.find(phone: "13600136000")?.realName == .verified)
        }
    }
}

