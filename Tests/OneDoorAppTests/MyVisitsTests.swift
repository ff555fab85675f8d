import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 我的排队与预约 (issue 15 §2): a verified citizen sees today's tickets taken under their ID, in
/// any hall, with how many are called before them; an unverified account sees none (a typed-in
/// ID could be anyone's).
@Suite struct MyVisitsTests {
    @Test(arguments: TestDatabaseKind.available)
    func aVerifiedCitizenSeesTheirTicketAndThePeopleAhead(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let kiosk = try await client.kioskToken()
            _ = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody(Fixtures.residentID(1)))
            let mine = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody()).body)
            let number = try #require(mine["number"] as? String)

            let citizen = try await client.citizenSignIn("13800138000", app)
            _ = try await client.post("/me/real-name", citizen, [("name", "张三"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            var me = String(buffer: try await client.page("/me", citizen).body)
            #expect(!me.contains("my-visits") && !me.contains(number))

            let clerk = try await client.token(.clerk)
            let verified = try await client.json("/api/v1/citizen-accounts/verification", method: .post, token: clerk,
                                                 body: #"{"phone":"13800138000","name":"张三","documentType":"resident-id","documentNumber":"44011320141005001X"}"#)
            #expect(verified.status == .ok)
            me = String(buffer: try await client.page("/me", citizen).body)
            #expect(me.contains("排队号 \(number)") && me.contains("前面还有 1 人") && me.contains("/tickets/"))
        }
    }
}
