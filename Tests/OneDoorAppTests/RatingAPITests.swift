import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 好差评 through the API (issue 18 §1, §8): the applicant of an online case rates it once it is
/// concluded, a 差评 with its reasons; the department's approver lists and rectifies it; bad
/// bodies are named by path; staff cannot rate, citizens cannot rectify.
@Suite struct RatingAPITests {
    static func object(_ response: TestResponse) throws -> [String: Any] { try JSON.object(response.body) }

    @Test(arguments: TestDatabaseKind.available)
    func aConcludedOnlineCaseIsRatedAndItsNegativeRatingRectified(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let token = try await ThemeApplicationTests.citizenToken(client, app, phone: "13700137301")
            let created = try await client.json("/api/v1/applications", method: .post, token: token, body: #"{"item":"\#(CaseAPITests.food)"}"#)
            let id = try #require(try Self.object(created)["id"] as? String)
            for index in 0..<3 {
                _ = try await ThemeApplicationTests.upload(client, id, material: index, token: token)
            }
            _ = try await client.json("/api/v1/applications/\(id)/delivery", method: .put, token: token, body: TripsAndResultsTests.byPost)
            _ = try await client.json("/api/v1/applications/\(id)/submission", method: .post, token: token, body: "{}")
            let clerk = try await client.token(.clerk)
            let decided = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: clerk, body: #"{"decision":"accept"}"#)
            let number = try #require(try Self.object(decided)["caseNumber"] as? String)

            // The pre-review itself is rated on the application's page (the hall's, no department).
            let citizen = try #require(try await app.services.citizens.authenticate(token: token))
            let reviewed = try await app.services.ratings.rateApplication(id, RatingInput(level: 2, reasons: ["unclear"], channel: .mine), by: citizen)
            #expect(reviewed.rating.context.hall == "CC" && reviewed.rating.context.department == nil && reviewed.rectification?.hall == "CC")
            clock.advance(by: 61)  // one sign-in code a minute per phone
            let session = try await client.citizenSignIn("13700137301", app)
            let applicationPage = String(buffer: try await client.page("/me/applications/\(id)", session).body)
            #expect(applicationPage.contains("id=\"rating-form\"") && applicationPage.contains("不满意：告知不清、一次性告知未做到"))
            #expect(applicationPage.contains("action=\"/me/applications/\(id)/rating\""))

            // Not before it is concluded; not by staff.
            let early = try await client.json("/api/v1/ratings", method: .post, token: token, body: #"{"case":"\#(number)","level":5}"#)
            #expect(early.status == .conflict)
            #expect(try await client.json("/api/v1/ratings", method: .post, token: clerk, body: #"{"case":"\#(number)","level":5}"#).status == .forbidden)
            try await TripsAndResultsTests.conclude(client, number)

            let bad = try await client.json("/api/v1/ratings", method: .post, token: token, body: #"{"case":"\#(number)","level":2,"reasons":["rude"]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try #require(try Self.object(bad)["errors"] as? [[String: Any]]).compactMap { $0["path"] as? String } == ["reasons[0]", "reasons"])
            let rated = try await client.json("/api/v1/ratings", method: .post, token: token,
                                              body: #"{"case":"\#(number)","level":2,"reasons":["slow","trips"],"channel":"me"}"#)
            #expect(rated.status == .created)
            let view = try Self.object(rated)
            #expect(view["levelLabel"] as? String == "不满意" && (view["reasons"] as? [String]) == ["slow", "trips"])
            let rectification = try #require(view["rectification"] as? [String: Any])
            let rid = try #require(rectification["id"] as? Int)
            #expect(rectification["state"] as? String == "verifying")

            // Published: the month's figures, for anyone.
            let published = try Self.object(try await client.json("/api/v1/ratings?month=2026-09"))
            let departments = try #require(published["departments"] as? [[String: Any]])
            // The case's department, and the hall's pre-review (no department): one 差评 each.
            #expect(Set(departments.compactMap { $0["key"] as? String }) == ["", "SCJG"])
            #expect(departments.allSatisfy { $0["negative"] as? Int == 1 && $0["satisfactionPercent"] as? String == "0.00 %" })
            #expect(try await client.json("/api/v1/ratings?month=2026-13").status == .unprocessableContent)
            let approver = try await client.token(.approver)
            let listed = try Self.object(try await client.json("/api/v1/rectifications", token: approver))
            #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [rid])
            // A citizen's token is no staff session.
            #expect(try await client.json("/api/v1/rectifications", token: token).status == .unauthorized)
            let verified = try await client.json("/api/v1/rectifications/\(rid)/actions/verify", method: .post, token: approver,
                                                 body: #"{"revision":1,"text":"已电话联系评价人"}"#)
            let state = try Self.object(verified)["state"] as? String
            #expect(verified.status == .ok && state == "rectifying")
            let stale = try await client.json("/api/v1/rectifications/\(rid)/actions/rectify", method: .post, token: approver,
                                              body: #"{"revision":1,"text":"整改"}"#)
            #expect(stale.status == .conflict)
            let empty = try await client.json("/api/v1/rectifications/\(rid)/actions/rectify", method: .post, token: approver, body: #"{"text":" "}"#)
            #expect(empty.status == .unprocessableContent)
        }
    }
}
