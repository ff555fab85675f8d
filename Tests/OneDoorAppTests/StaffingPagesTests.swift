import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// The staffing simulator's entrances (issue 18 §6): the API and the page, from a hall's queue
/// statistics and from figures entered, with every bad input named.
@Suite struct StaffingPagesTests {
    /// Six categories of a district hall's day: the pooling effect shows.
    static let categories = #"""
    [{"code":"A","name":"市场监管","arrivalsPerHour":[0,0,0,0,0,0,0,0,0,14,18,15,4,8,17,14,11,6,0,0,0,0,0,0],"meanServiceSeconds":900},
     {"code":"B","name":"不动产","arrivalsPerHour":[0,0,0,0,0,0,0,0,0,10,13,11,3,6,12,10,8,4,0,0,0,0,0,0],"meanServiceSeconds":1200},
     {"code":"C","name":"社保","arrivalsPerHour":[0,0,0,0,0,0,0,0,0,18,23,20,5,11,22,18,14,7,0,0,0,0,0,0],"meanServiceSeconds":420}]
    """#

    @Test(arguments: TestDatabaseKind.available)
    func aHallsDayFromItsStatisticsAndFiguresEntered(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, _ in
            let kiosk = try await client.kioskToken()
            let clerk = try await client.token(.clerk)
            // Two visits this morning at hall CC: 9 and 10 minutes of service.
            for (index, number) in ["E1234567", "E7654321"].enumerated() {
                let body = QueueAPITests.ticketBody(number, type: "passport")
                let ticket = try #require(try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: body).body)["id"] as? String)
                _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
                #expect(try await client.json("/api/v1/tickets/\(ticket)/actions/start", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
                clock.advance(by: Int64(540 + 60 * index))
                #expect(try await client.json("/api/v1/tickets/\(ticket)/actions/finish", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            }
            let api = try await client.json("/api/v1/staffing/simulations", method: .post, token: clerk,
                                            body: #"{"hall":"CC","from":"2026-09-28","to":"2026-09-28","targetWaitSeconds":300}"#)
            #expect(api.status == .ok)
            let study = try JSON.object(api.body)
            let category = try #require((study["categories"] as? [[String: Any]])?.first)
            #expect((category["arrivalsPerHour"] as? [Double])?[9] == 2 && category["meanServiceSeconds"] as? Double == 570)
            #expect((study["simulated"] as? [String: Any])?["comprehensive"] as? Int == 1)
            #expect((study["evaluations"] as? [[String: Any]])?.count == 2)

            // Figures entered, with staffings asked about: the comprehensive layout needs fewer windows.
            let supervisor = try await client.token(.supervisor)
            let body = #"{"categories":\#(Self.categories),"targetWaitSeconds":300,"serviceShape":"lognormal","serviceVariation":0.8,"seed":7,"windows":{"comprehensive":20,"dedicated":{"A":5,"B":5,"C":5}}}"#
            let entered = try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor, body: body)
            #expect(entered.status == .ok)
            let result = try JSON.object(entered.body)
            let simulated = try #require(result["simulated"] as? [String: Any])
            let dedicated = try #require(simulated["dedicatedTotal"] as? Int), comprehensive = try #require(simulated["comprehensive"] as? Int)
            #expect(comprehensive < dedicated)
            let evaluations = try #require(result["evaluations"] as? [[String: Any]])
            #expect(evaluations.map { $0["asked"] as? Bool } == [false, false, true, true])
            #expect(evaluations[2]["windows"] as? Int == 20 && evaluations[3]["windows"] as? Int == 15)
            // The same request answers the same (the seed is in it).
            #expect(try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor, body: body).body == entered.body)

            // Bad requests name every problem; approvers and citizens are refused.
            let both = try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor,
                                             body: #"{"hall":"CC","categories":[]}"#)
            #expect(both.status == .unprocessableContent)
            let bad = try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor, body: #"""
                {"categories":[{"code":"A","arrivalsPerHour":[1,2,3],"meanServiceSeconds":5}],"replications":500,"seed":-1}
                """#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try JSON.problemPaths(bad.body)) == ["seed"])
            let bad2 = try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor, body: #"""
                {"categories":[{"code":"A","arrivalsPerHour":[1,2,3],"meanServiceSeconds":5}],"replications":500,"windows":{"dedicated":{"Z":1}}}
                """#)
            #expect(Set(try JSON.problemPaths(bad2.body)) == ["categories[0].arrivalsPerHour", "categories[0].meanServiceSeconds", "replications"])
            let none = try await client.json("/api/v1/staffing/simulations", method: .post, token: supervisor, body: #"{"hall":"CC","from":"2026-09-01","to":"2026-09-02"}"#)
            #expect(Set(try JSON.problemPaths(none.body)) == ["from"])
            #expect(try await client.json("/api/v1/staffing/simulations", method: .post, token: try await client.token(.approver), body: body).status == .forbidden)

            // The page: the hall's day by default, the table to edit, the answer.
            let session = try await client.signIn(.clerk)
            let page = try await client.page("/statistics/staffing?hall=CC&from=2026-09-28&to=2026-09-28&target=5", session)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(#"id="comprehensive-windows">1<"#) && html.contains("| 570 | 9=2"))
            #expect(html.contains(#"<svg class="chart""#) && html.contains("09:00–10:00"))
            // A table typed in, with a staffing asked about.
            let table = "A | 市场监管 | 900 | 9=14 10=18 11=15 14=17 15=14\nB | 不动产 | 1200 | 9=10 10=13 11=11 14=12 15=10"
            let query = "source=table&target=5&comprehensive=12&seed=3&table=" + (table.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let typed = String(buffer: try await client.page("/statistics/staffing?" + query, session).body)
            #expect(typed.contains("B 不动产") && typed.contains("综合窗口（一窗受理）（给定）"))
            let broken = try await client.page("/statistics/staffing?source=table&table=A%7C1&seed=x", session)
            #expect(broken.status == .unprocessableContent)
            let text = String(buffer: broken.body)
            #expect(text.contains(#"data-path="table""#) && text.contains(#"data-path="seed""#))
            #expect(try await client.page("/statistics/staffing", try await client.signIn(.approver)).status == .forbidden)
        }
    }
}
