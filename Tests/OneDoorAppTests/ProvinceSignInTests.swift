import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import OneDoorWeb
import Testing

/// Sign-in through the provincial identity provider (issue 15 §1, ADR 0028) against a real
/// OpenID provider on loopback (tests/doubles/oidc_provider.py: Authlib's server components):
/// authorization code with PKCE, the ID token checked against the provider's JWKS; the person
/// it names signs in verified; a callback in another browser, a replayed one and a tampered
/// state are refused.
@Suite struct ProvinceSignInTests {
    static let site = "http://onedoor.test"
    static let redirect = site + "/citizen/oidc/callback"

    /// The provider's page: the person picks themselves and consents; the provider's redirect.
    static func consent(at authorize: String, user: String) async throws -> String {
        let client = HTTPClient(configuration: .init(redirectConfiguration: .disallow))
        defer { _ = client.shutdown() }
        let page = try await client.execute(HTTPClientRequest(url: authorize), timeout: .seconds(10))
        #expect(page.status == .ok)
        _ = try await page.body.collect(upTo: 1 << 20)
        var post = HTTPClientRequest(url: authorize)
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        post.body = .bytes(ByteBuffer(string: "user=\(user)"))
        let answer = try await client.execute(post, timeout: .seconds(10))
        _ = try await answer.body.collect(upTo: 1 << 20)
        return answer.headers.first(name: "Location") ?? ""
    }

    /// The OpenID provider double with `arguments` (its users…), and the app configured for it.
    static func withProvider(
        _ kind: TestDatabaseKind, _ arguments: [String],
        _ body: @escaping @Sendable (String, any TestClientProtocol, OneDoorApplication) async throws -> Void
    ) async throws {
        let provider = try DoubleProcess(script: "oidc_provider.py", arguments: [
            "--client-id", "onedoor", "--client-secret", "province-secret", "--redirect-uri", Self.redirect,
        ] + arguments)
        defer { provider.stop() }
        let issuer = "http://127.0.0.1:\(provider.port)"
        try await TestApp.run(kind, configure: {
            $0.publicBaseURL = Self.site
            $0.oidc = OIDCConfiguration(issuer: issuer, clientID: "onedoor", clientSecret: "province-secret", redirectURI: Self.redirect)
        }) { client, app in try await body(issuer, client, app) }
    }

    static func cookie(_ response: TestResponse, _ name: String) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.split(separator: ";")[0]) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCitizenSignsInThroughTheProvince(_ kind: TestDatabaseKind) async throws {
        try await Self.withProvider(kind, ["--user", "p1:张三:44011320141005001X:13800138000", "--user", "p2:李四:44011320141005001:13700137000"]) {
            issuer, client, app in
            let login = String(buffer: try await client.execute(uri: "/citizen/login", method: .get).body)
            #expect(login.contains("href=\"/citizen/oidc\""))

            // Begun here: to the provider with PKCE (S256), a state and a nonce.
            let begun = try await client.execute(uri: "/citizen/oidc?next=/me", method: .get)
            let authorize = try #require(begun.headers[.location])
            #expect(begun.status == .seeOther && authorize.hasPrefix(issuer + "/authorize?"))
            #expect(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce=") && !authorize.contains("code_verifier"))
            let state = try #require(Self.cookie(begun, ProvinceLoginCookie.name))
            let back = try await Self.consent(at: authorize, user: "p1")
            #expect(back.hasPrefix(Self.redirect + "?code="))
            let callback = String(back.dropFirst(Self.site.count))

            // In another browser (no state cookie) the callback is refused, and not used up.
            let elsewhere = try await client.execute(uri: callback, method: .get)
            #expect(elsewhere.status == .badRequest && String(buffer: elsewhere.body).contains("登录请求已失效"))
            let signedIn = try await client.execute(uri: callback, method: .get, headers: [.cookie: state])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/me")
            let session = try #require(Self.cookie(signedIn, CitizenCookie.name))
            let me = String(buffer: try await client.execute(uri: "/me", method: .get, headers: [.cookie: session]).body)
            #expect(me.contains("实名（核验）") && me.contains("张三") && me.contains("138****8000"))
            // Replayed: the state is used up.
            #expect(try await client.execute(uri: callback, method: .get, headers: [.cookie: state]).status == .badRequest)

            // Signing in again finds the same account (by issuer and subject).
            let again = try await client.execute(uri: "/citizen/oidc", method: .get)
            let back2 = try await Self.consent(at: try #require(again.headers[.location]), user: "p1")
            let second = try await client.execute(uri: String(back2.dropFirst(Self.site.count)), method: .get,
                                                  headers: [.cookie: try #require(Self.cookie(again, ProvinceLoginCookie.name))])
            #expect(second.status == .seeOther)
            let account = try #require(try await app.services.citizens.repository.find(phone: "13800138000"))
            #expect(account.realName == .verified && account.documentNumber == "44011320141005001X")

            // A person whose ID number is not a valid resident ID is not signed in.
            let third = try await client.execute(uri: "/citizen/oidc", method: .get)
            let back3 = try await Self.consent(at: try #require(third.headers[.location]), user: "p2")
            let refused = try await client.execute(uri: String(back3.dropFirst(Self.site.count)), method: .get,
                                                   headers: [.cookie: try #require(Self.cookie(third, ProvinceLoginCookie.name))])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("身份信息不完整"))
            #expect(try await app.services.citizens.repository.find(phone: "13700137000") == nil)
        }
    }

    /// A provider that gives no mobile number: the citizen proves one with a code, and that
    /// account becomes the person the province vouched for. Signing out of a session opened
    /// through the province signs out there too (RP-initiated logout), and comes back here.
    @Test(arguments: TestDatabaseKind.available)
    func withoutAPhoneTheCitizenBindsOneAndSignsOutAtTheProvinceToo(_ kind: TestDatabaseKind) async throws {
        try await Self.withProvider(kind, ["--user", "p3:王五:11010519491231002X:", "--post-logout-uri", Self.site + "/citizen/login"]) {
            issuer, client, app in
            let begun = try await client.execute(uri: "/citizen/oidc", method: .get)
            let back = try await Self.consent(at: try #require(begun.headers[.location]), user: "p3")
            let state = try #require(Self.cookie(begun, ProvinceLoginCookie.name))
            let returned = try await client.execute(uri: String(back.dropFirst(Self.site.count)), method: .get, headers: [.cookie: state])
            #expect(returned.status == .seeOther && returned.headers[.location] == "/citizen/login")
            #expect(Self.cookie(returned, CitizenCookie.name) == nil)
            let binding = try #require(Self.cookie(returned, ProvinceBindingCookie.name))

            // The sign-in page says who (masked) and that a code binds the phone.
            let form = try await client.execute(uri: "/citizen/login", method: .get, headers: [.cookie: binding])
            let page = String(buffer: form.body)
            #expect(page.contains("id=\"province-binding\"") && page.contains("未提供手机号码") && !page.contains("11010519491231002X"))
            let login = try #require(Self.cookie(form, "onedoor_citizen_login"))
            let csrf = try #require(csrfToken(in: page))
            let cookies = "\(login); \(binding)"
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookies]
            _ = try await client.execute(uri: "/citizen/code", method: .post, headers: headers,
                                         body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", "13600136000")])))
            let sms = try await app.services.notifications.repository.list(limit: 10, offset: 0).messages.first { $0.message.recipient == "13600136000" }
            let code = String(try #require(sms).message.body.filter(\.isNumber).prefix(6))
            let signedIn = try await client.execute(uri: "/citizen/login", method: .post, headers: headers,
                                                    body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf), ("phone", "13600136000"), ("code", code)])))
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/me")
            #expect(Self.cookie(signedIn, ProvinceBindingCookie.name) == "\(ProvinceBindingCookie.name)=")
            let account = try #require(try await app.services.citizens.repository.find(phone: "13600136000"))
            #expect(account.realName == .verified && account.name == "王五" && account.documentNumber == "11010519491231002X")
            // The binding is used up: a second sign-in with the same cookie binds nothing more.
            #expect(try await app.services.province?.pendingBinding(String(binding.split(separator: "=")[1])) == nil)

            // Signing out: here, then at the province, then back to the sign-in page.
            let session = try #require(Self.cookie(signedIn, CitizenCookie.name))
            let me = String(buffer: try await client.execute(uri: "/me", method: .get, headers: [.cookie: session]).body)
            #expect(me.contains("实名（核验）"))
            let out = try await client.execute(uri: "/citizen/logout", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session],
                                               body: ByteBuffer(string: FormEncoding.encode([("_csrf", try #require(csrfToken(in: me)))])))
            let there = try #require(out.headers[.location])
            #expect(out.status == .seeOther && there.hasPrefix(issuer + "/logout?id_token_hint="))
            let http = HTTPClient(configuration: .init(redirectConfiguration: .disallow))
            defer { _ = http.shutdown() }
            let answer = try await http.execute(HTTPClientRequest(url: there), timeout: .seconds(10))
            #expect(answer.status == .found && answer.headers.first(name: "Location") == Self.site + "/citizen/login")
            let logouts = try await http.execute(HTTPClientRequest(url: issuer + "/logouts"), timeout: .seconds(10))
            #expect(String(buffer: try await logouts.body.collect(upTo: 1 << 16)).contains("p3"))
            #expect(try await client.execute(uri: "/me", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }
}

