import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The API's sign-in throttle, which also closes the sign-in page (organisation and account
/// writes are TypedAdminTests).
@Suite struct AdminAPITests {
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
