import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorTestSupport
import Testing

@Suite struct WebTests {
    let food = Fixtures.foodLicence().implementationCode
    let elder = Fixtures.elderCard().implementationCode

    @Test(arguments: TestDatabaseKind.available)
    func publicPagesShowTheCatalogue(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: home.body)
            #expect(html.contains("<html lang=\"zh-CN\">"))
            #expect(html.contains("社会民生类") && html.contains("经营许可类"))

            let search = String(buffer: try await client.execute(uri: "/items?q=%E9%A4%90", method: .get).body)
            #expect(search.contains("食品经营许可"))
            #expect(search.contains("共 1 项"))

            let guide = try await client.execute(uri: "/items/\(food)", method: .get)
            #expect(guide.status == .ok)
            let page = String(buffer: guide.body)
            #expect(page.contains("承诺 5 个工作日（法定 20 个工作日）"))
            #expect(page.contains("最多跑一次"))
            #expect(page.contains("<table class=\"materials\">"))
            #expect(page.contains("营业执照") && page.contains("容缺后补"))
            #expect(page.contains("共 3 项"))
            // A returning enterprise gives its 营业执照 by reference: two of the three to bring.
            #expect(page.contains("可免提交 1 项（营业执照），只需提交 2 项"))
            #expect(try await client.execute(uri: "/items/\(food)/print", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/halls", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/departments", method: .get).status == .ok)

            let draft = try await client.execute(uri: "/items/\(elder)", method: .get)
            #expect(draft.status == .notFound)
            let error = String(buffer: draft.body)
            #expect(error.contains("404 · 出错了"))
            #expect(error.contains("事项不存在或未发布"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func userInputIsEscaped(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let page = String(buffer: try await client.execute(uri: "/items?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get).body)
            #expect(!page.contains("<script>alert(1)</script>"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func staffSignInWithCookieAndCSRF(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let redirect = try await client.execute(uri: "/admin", method: .get)
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/login?next=/admin")
            // A page with a query comes back with it (the query encoded whole into `next`).
            let filtered = try await client.execute(uri: "/admin?q=%E9%A3%9F%E5%93%81&x=1", method: .get)
            #expect(filtered.headers[.location] == "/login?next=/admin%3Fq%3D%25E9%25A3%259F%25E5%2593%2581%26x%3D1")
            let back = try await client.login([("username", "admin"), ("password", "password-admin"), ("next", "/admin?q=%E9%A3%9F%E5%93%81&x=1")])
            #expect(back.status == .seeOther && back.headers[.location] == "/admin?q=%E9%A3%9F%E5%93%81&x=1")

            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let wrong = try await client.login([("username", "admin"), ("password", "nope"), ("next", "/admin")])
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("用户名或密码错误"))
            // The sign-in form carries its own token: a post from elsewhere (login CSRF) is refused.
            let forgedLogin = try await client.execute(uri: "/login", method: .post, headers: form,
                                                       body: ByteBuffer(string: "username=admin&password=password-admin&next=%2Fadmin"))
            #expect(forgedLogin.status == .forbidden && forgedLogin.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("onedoor_session=") })

            let login = try await client.login([("username", "admin"), ("password", "password-admin"), ("next", "/admin")])
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let session = String(cookie.split(separator: ";")[0])

            let admin = try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session])
            #expect(admin.status == .ok)
            let html = String(buffer: admin.body)
            // The layout knows who is signed in: sign-out with the name, and the admin's links.
            #expect(html.contains("退出（中心管理员（中心管理员））"))
            #expect(html.contains("href=\"/admin/accounts\""))
            #expect(html.contains("共 2 项（含草稿和已暂停）"))
            let csrf = try #require(csrfToken(in: html))
            #expect(!csrf.isEmpty)

            // A form without the session's token (as a cross-site post would be) is refused.
            var cookieForm = form
            cookieForm[.cookie] = session
            let forged = try await client.execute(uri: "/admin/items/\(food)/suspend", method: .post, headers: cookieForm, body: ByteBuffer(string: "_csrf=forged"))
            #expect(forged.status == .forbidden)
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: food))?.status == .published)

            let suspend = try await client.execute(uri: "/admin/items/\(food)/suspend", method: .post, headers: cookieForm, body: ByteBuffer(string: "_csrf=\(csrf)"))
            #expect(suspend.status == .seeOther)
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: food))?.status == .suspended)
            #expect(String(buffer: try await client.execute(uri: "/items/\(food)", method: .get).body).contains("已暂停办理"))

            // The API does not accept the cookie.
            #expect(try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.cookie: session]).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func rolesSeeOnlyTheirPages(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let login = try await client.login([("username", "clerk"), ("password", "password-clerk")])
            let session = String(try #require(login.headers[.setCookie]).split(separator: ";")[0])
            #expect(try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session]).status == .ok)
            #expect(try await client.execute(uri: "/admin/accounts", method: .get, headers: [.cookie: session]).status == .forbidden)
            #expect(try await client.execute(uri: "/admin/audit", method: .get, headers: [.cookie: session]).status == .forbidden)
            // No publish buttons for a clerk.
            #expect(!String(buffer: try await client.execute(uri: "/admin", method: .get, headers: [.cookie: session]).body).contains("/publish"))
        }
    }
}

@Suite struct WebPagingTests {
    @Test func longListsArePaged() async throws {
        try await TestApp.run(.sqlite) { client, app in
            // 25 more published items of the fixture department: two pages of 20.
            var items = Fixtures.document().items
            for n in 0..<25 {
                var guide = Fixtures.foodLicence(basicCode: String(format: "0001170%05d", n + 100))
                guide.name = "测试许可\(n)"
                items.append(.init(status: .published, publishedVersion: 1, versions: [guide]))
            }
            _ = try await app.catalog.importDocument(Fixtures.document(items: items), by: .system)
            let first = String(buffer: try await client.execute(uri: "/items", method: .get).body)
            #expect(first.contains("共 26 项"))
            #expect(first.contains("第 1 / 2 页"))
            #expect(first.contains("rel=\"next\""))
            let second = String(buffer: try await client.execute(uri: "/items?page=2", method: .get).body)
            #expect(second.contains("rel=\"prev\""))
        }
    }
}
