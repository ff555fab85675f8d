import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Organisation and account writes through the API, and the sign-in throttle.
@Suite struct AdminAPITests {
    @Test(arguments: TestDatabaseKind.available)
    func organisationWrites(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let token = try await client.token(.admin)
            let bad = try await client.json("/api/v1/departments/MZ", method: .put, token: token,
                                            body: #"{"name":"","uscc":"114406040070000388","region":"000000"}"#)
            #expect(bad.status == .unprocessableContent)
            let paths = Set(((try JSON.object(bad.body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
            #expect(paths == ["name", "uscc", "region"])

            let saved = try await client.json("/api/v1/departments/MZ", method: .put, token: token,
                                              body: #"{"name":"禅城区民政局","uscc":"114406040070000387","region":"440604","phone":"0757-83000003"}"#)
            #expect(saved.status == .ok)
            #expect(try JSON.object(saved.body)["code"] as? String == "MZ")
            let departments = try JSON.object(try await client.json("/api/v1/departments").body)
            #expect(departments["total"] as? Int == 3)

            let hall = #"{"name":"南庄镇便民服务中心","level":"town","region":"440604","address":"南庄大道 1 号","openingHours":[{"weekday":1,"opens":"09:00","closes":"17:00"}]}"#
            #expect(try await client.json("/api/v1/halls/NZ", method: .put, token: token, body: hall).status == .ok)
            let window = try await client.json("/api/v1/halls/NZ/windows/1", method: .put, token: token, body: #"{"categories":["social","nope"]}"#)
            #expect(window.status == .unprocessableContent)
            #expect(try await client.json("/api/v1/halls/NZ/windows/1", method: .put, token: token, body: #"{"categories":["social"]}"#).status == .ok)
            #expect(app.catalog.snapshot.organisation.windows.contains(ServiceWindow(hall: "NZ", number: "1", categories: ["social"])))
            #expect(try await client.json("/api/v1/halls/NZ/windows/1", method: .delete, token: token).status == .noContent)
            #expect(try await client.json("/api/v1/halls/NZ/windows/1", method: .delete, token: token).status == .notFound)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func accountWrites(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let admin = try await client.token(.admin)
            let clerk = try await client.token(.clerk)
            #expect(try await client.json("/api/v1/accounts", token: try await client.token(.supervisor)).status == .ok)

            let disabled = try await client.json("/api/v1/accounts/clerk", method: .put, token: admin,
                                                 body: #"{"displayName":"窗口一号","staffNumber":"N-clerk","role":"clerk","hall":"CC","disabled":true}"#)
            #expect(disabled.status == .ok)
            #expect(try JSON.object(disabled.body)["disabled"] as? Bool == true)
            // The disabled account's token is dead at once.
            #expect(try await client.json("/api/v1/items/\(Fixtures.foodLicence().implementationCode)/versions", token: clerk).status == .unauthorized)

            let me = try await client.json("/api/v1/accounts/admin", method: .put, token: admin,
                                           body: #"{"displayName":"管理员","staffNumber":"N-admin","role":"admin","disabled":true}"#)
            #expect(me.status == .unprocessableContent)
            #expect(try await client.json("/api/v1/accounts/ghost", method: .put, token: admin,
                                          body: #"{"displayName":"x","staffNumber":"x","role":"admin"}"#).status == .notFound)

            let weak = try await client.json("/api/v1/accounts/clerk/password", method: .put, token: admin, body: #"{"password":"short"}"#)
            #expect(weak.status == .unprocessableContent)
            #expect(try await client.json("/api/v1/accounts/approver/password", method: .put, token: admin, body: #"{"password":"another-password"}"#).status == .noContent)
            let signIn = try await client.json("/api/v1/session", method: .post, body: #"{"username":"approver","password":"another-password"}"#)
            #expect(signIn.status == .created)
        }
    }

    @Test func aClientGuessingPasswordsIsSlowedDown() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            // 20 failures from one client, spread over user names so no per-name delay comes first.
            for n in 0..<20 {
                let response = try await client.json("/api/v1/session", method: .post, body: #"{"username":"user\#(n)","password":"guess"}"#)
                #expect(response.status == .unauthorized)
            }
            let refused = try await client.json("/api/v1/session", method: .post, body: #"{"username":"admin","password":"password-admin"}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "600")
            #expect((try JSON.object(refused.body)["detail"] as? String)?.contains("10 分钟后再试") == true)
            let page = try await client.login([("username", "admin"), ("password", "password-admin")])
            #expect(page.status == .tooManyRequests)
        }
    }
}
