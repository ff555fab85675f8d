import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// Trips (跑动次数) and 出件 (issue 15 §3): a window case costs a visit to hand in and one to pick
/// up; an online case posted costs none; the hall's clerks see each waiting result under the
/// delivery its applicant asked for; the statistics show the shares per item.
@Suite struct TripsAndResultsTests {
    static func object(_ response: TestResponse) throws -> [String: Any] { try JSON.object(response.body) }

    /// A case accepted online (post) for a citizen signed in through the API, by the clerk's pre-review.
    static let byPost = #"{"method":"post","address":{"recipient":"李四","phone":"13700137000","address":"禅城区季华五路 1 号"}}"#

    static func onlineCase(_ client: any TestClientProtocol, _ app: OneDoorApplication, clerk: String, delivery: String = byPost) async throws -> String {
        let id = try await onlineApplication(client, app, delivery: delivery)
        let decided = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: clerk, body: #"{"decision":"accept"}"#)
        return try #require(try object(decided)["caseNumber"] as? String)
    }

    /// An online application submitted by a citizen signed in through the API, with three uploads.
    /// `scan`, when given, is uploaded for the first material instead of a PDF (as scan.png).
    static func onlineApplication(_ client: any TestClientProtocol, _ app: OneDoorApplication, delivery: String = byPost,
                                  scan: [UInt8]? = nil) async throws -> String {
        _ = try await client.json("/api/v1/citizen/codes", method: .post, body: #"{"phone":"13700137000"}"#)
        let messages = try await app.services.notifications.repository.list(limit: 50, offset: 0).messages
        let sms = try #require(messages.first { $0.message.recipient == "13700137000" && $0.message.template == "citizen-code" })
        let code = String(sms.message.body.filter(\.isNumber).prefix(6))
        let session = try await client.json("/api/v1/citizen/session", method: .post, body: #"{"phone":"13700137000","code":"\#(code)"}"#)
        let token = try #require(try object(session)["token"] as? String)
        _ = try await client.json("/api/v1/me/real-name", method: .put, token: token,
                                  body: #"{"name":"李四","documentType":"resident-id","documentNumber":"11010519491231002X"}"#)
        let created = try await client.json("/api/v1/applications", method: .post, token: token, body: #"{"item":"\#(CaseAPITests.food)"}"#)
        let id = try #require(try object(created)["id"] as? String)
        for index in 0..<3 {
            let (name, bytes) = index == 0 && scan != nil ? ("scan.png", scan!) : ("m.pdf", CaseFilePagesTests.pdf + [UInt8(index)])
            let uploaded = try await client.execute(uri: "/api/v1/applications/\(id)/materials/\(index)/files?name=\(name)", method: .post,
                                                    headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                                                    body: ByteBuffer(bytes: bytes))
            #expect(uploaded.status == .created)
        }
        _ = try await client.json("/api/v1/applications/\(id)/delivery", method: .put, token: token, body: delivery)
        #expect(try await client.json("/api/v1/applications/\(id)/submission", method: .post, token: token, body: "{}").status == .ok)
        return id
    }

    static func conclude(_ client: any TestClientProtocol, _ number: String) async throws {
        for (action, user, body) in [("undertake", "approver", #"{"opinion":"拟准予"}"#), ("review", "reviewer", #"{"opinion":"同意"}"#),
                                     ("decide", "decider", #"{"granted":true,"opinion":"准予"}"#), ("conclude", "decider", #"{"opinion":"制证"}"#)] {
            let token = user == "approver" ? try await client.token(.approver) : try await client.token(user)
            #expect(try await CaseAPITests.act(client, number, action, token, body).status == .ok, "\(action) \(number)")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func windowCasesCostVisitsAndOnlineCasesPostedCostNone(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.token(.clerk)
            let all = #"[{"name":"食品经营许可申请书","received":true},{"name":"营业执照","received":true},{"name":"经营场所平面图","received":true}]"#
            let opened = try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake(materials: all))
            let window = try #require(try (Self.object(opened)["case"] as? [String: Any])?["number"] as? String)
            let online = try await Self.onlineCase(client, app, clerk: clerk)
            try await Self.conclude(client, window)
            try await Self.conclude(client, online)

            // 出件: each under what its applicant asked for; the address masked in the list.
            let session = try await client.signIn(.clerk)
            let results = String(buffer: try await client.page("/results", session).body)
            let pickup = try #require(results.range(of: "results-pickup")), post = try #require(results.range(of: "results-post"))
            #expect(results[pickup.upperBound..<post.lowerBound].contains(window) && results[post.upperBound...].contains(online))
            #expect(results.contains("李* 137****7000") && !results.contains("13700137000"))
            // The case page starts the deliver form at the applicant's choice, with the full address.
            let page = String(buffer: try await client.page("/cases/\(online)", session).body)
            #expect(page.contains("申请人选择邮寄送达：李四 13700137000 禅城区季华五路 1 号") && page.contains("value=\"post\" checked"))

            #expect(try await CaseAPITests.act(client, window, "deliver", clerk, #"{"method":"pickup"}"#).status == .ok)
            #expect(try await CaseAPITests.act(client, online, "deliver", clerk, #"{"method":"post","trackingNumber":"EMS1234567890"}"#).status == .ok)
            var trips: [Int?] = []
            for number in [window, online] { trips.append(try await app.services.cases.repository.find(CaseNumber(rawValue: number))?.trips) }
            #expect(trips == [2, 0])
            #expect(!String(buffer: try await client.page("/results", session).body).contains(window))

            // The shares per item: of two cases, one with no trip, one with two.
            let supervisor = try await client.signIn(.supervisor)
            let statistics = String(buffer: try await client.page("/statistics/trips", supervisor).body)
            #expect(statistics.contains("<td>食品经营许可</td><td>2</td><td>50.0 %</td><td>50.0 %</td>"))
            #expect(try await client.page("/statistics/trips", try await client.signIn(.approver)).status == .forbidden)
            #expect(try await app.services.cases.repository.tripShares() == [TripShare(itemCode: ItemCode(rawValue: CaseAPITests.food), cases: 2, noTrip: 1, atMostOne: 1)])
        }
    }
}
