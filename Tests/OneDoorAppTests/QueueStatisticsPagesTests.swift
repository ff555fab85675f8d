import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
@testable import OneDoorWeb
import Testing

/// Queue statistics through the API, the page and the CSV export, after a morning worked through
/// the API with a pinned clock: A001 taken 09:00, called 09:02, served 09:03–09:11; A002 taken
/// 09:05, called 09:11, served 09:11–09:21. Waits 2 and 6 minutes: average 4.0, P90 6.0;
/// service 8 and 10 minutes: average 9.0.
@Suite struct QueueStatisticsPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func aMorningInFigures(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, _ in
            let kiosk = try await client.kioskToken()
            let clerk = try await client.token(.clerk)
            func take(_ body: String) async throws -> String {
                try #require(try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: body).body)["id"] as? String)
            }
            func act(_ id: String, _ action: String) async throws {
                let response = try await client.json("/api/v1/tickets/\(id)/actions/\(action)", method: .post, token: clerk, body: #"{"window":"1"}"#)
                #expect(response.status == .ok, "\(action): \(response.status)")
            }
            let first = try await take(QueueAPITests.ticketBody())
            clock.advance(by: 120)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            clock.advance(by: 60)
            try await act(first, "start")
            clock.advance(by: 120)
            let second = try await take(QueueAPITests.ticketBody("E1234567", type: "passport")) // 09:05
            clock.advance(by: 360) // 09:11
            try await act(first, "finish")
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            try await act(second, "start")
            clock.advance(by: 600) // 09:21
            try await act(second, "finish")

            let api = try await client.json("/api/v1/halls/CC/queue-statistics?from=2026-09-01&to=2026-09-30", token: clerk)
            #expect(api.status == .ok)
            let report = try JSON.object(api.body)
            let total = try #require(report["total"] as? [String: Any])
            #expect(total["arrived"] as? Int == 2 && total["served"] as? Int == 2 && total["noShows"] as? Int == 0)
            #expect(total["averageWaitSeconds"] as? Double == 240 && total["p90WaitSeconds"] as? Int == 360)
            #expect(total["averageServiceSeconds"] as? Double == 540 && total["noShowRate"] as? Double == 0)
            #expect((total["arrivalsByHour"] as? [Int])?[9] == 2)
            #expect((report["windows"] as? [[String: Any]])?.map { $0["name"] as? String } == ["1 号窗口"])
            #expect((report["staff"] as? [[String: Any]])?.first?["name"] as? String == "综合窗口人员（N-clerk）")
            #expect((report["days"] as? [[String: Any]])?.map { $0["key"] as? String } == ["2026-09-28"])

            // Bad ranges name the field; approvers and other halls' clerks are refused.
            let backwards = try await client.json("/api/v1/halls/CC/queue-statistics?from=2026-09-30&to=2026-09-01", token: clerk)
            #expect(backwards.status == .unprocessableContent)
            let tooLong = try await client.json("/api/v1/halls/CC/queue-statistics?from=2025-01-01&to=2026-09-30", token: clerk)
            #expect((try JSON.object(tooLong.body)["errors"] as? [[String: Any]])?.first?["path"] as? String == "to")
            #expect(try await client.json("/api/v1/halls/CC/queue-statistics?from=2026-9-1&to=2026-09-30", token: clerk).status == .unprocessableContent)
            #expect(try await client.json("/api/v1/halls/ZM/queue-statistics?from=2026-09-01&to=2026-09-30", token: clerk).status == .forbidden)
            #expect(try await client.json("/api/v1/halls/ZM/queue-statistics?from=2026-09-01&to=2026-09-30", token: try await client.token(.supervisor)).status == .ok)

            // The page: figures, the server-drawn chart, the tables; this month by default.
            let session = try await client.signIn(.clerk)
            let page = String(buffer: try await client.page("/halls/CC/statistics", session).body)
            #expect(page.contains(#"value="2026-09-01""#) && page.contains(#"value="2026-09-28""#))
            #expect(page.contains(#"data-figure="arrived">2<"#) && page.contains(#"data-figure="average-wait">4.0<"#))
            #expect(page.contains(#"data-figure="p90-wait">6.0<"#) && page.contains(#"data-figure="average-service">9.0<"#))
            #expect(page.contains(#"<svg class="chart""#) && page.contains("<title>09时：2 人</title>"))
            #expect(page.contains("<th scope=\"row\">A 社会民生类</th>"))
            let bad = try await client.page("/halls/CC/statistics?from=yesterday", session)
            #expect(bad.status == .unprocessableContent)
            #expect(try await client.page("/halls/CC/statistics", try await client.signIn(.approver)).status == .forbidden)

            // The export: the same figures, one line per row, readable by spreadsheets.
            let csv = try await client.page("/halls/CC/statistics.csv?from=2026-09-28&to=2026-09-28", session)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("\u{FEFF}维度,名称,取号"))
            // Two tickets in the 21 minutes the hall has been open today: 5.7 an hour.
            #expect(text.contains("\r\n中心,合计,2,2,2,0.0%,4.0,6.0,0.0%,9.0,5.7\r\n"))
            #expect(text.contains("\r\n窗口,1 号窗口,2,2,2,"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func daysThatAreOverAreKeptAndRecomputedWhenALateEventArrives(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, app in
            let kiosk = try await client.kioskToken()
            var clerk = try await client.token(.clerk)
            func act(_ id: String, _ action: String) async throws {
                #expect(try await client.json("/api/v1/tickets/\(id)/actions/\(action)", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            }
            func total() async throws -> [String: Any] {
                let body = try await client.json("/api/v1/halls/CC/queue-statistics?from=2026-09-28&to=2026-09-29", token: clerk).body
                return try #require(try JSON.object(body)["total"] as? [String: Any])
            }
            let first = try #require(try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody()).body)["id"] as? String)
            let second = try #require(try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post,
                                                                          token: kiosk, body: QueueAPITests.ticketBody("E1234567", type: "passport")).body)["id"] as? String)
            clock.advance(by: 300)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            try await act(first, "start")
            clock.advance(by: 600)
            try await act(first, "finish")
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            try await act(second, "start") // still at the window when the day ends

            clock.advance(by: 86_400) // Tuesday: Monday is over (and the clerk signs in again)
            clerk = try await client.token(.clerk)
            let monday = CivilDate("2026-09-28")!
            let repository = app.services.queues.repository
            #expect(try await repository.dayFigures(hall: "CC", from: monday, to: monday).isEmpty)
            let before = try await total()
            #expect(before["arrived"] as? Int == 2 && before["served"] as? Int == 1 && before["averageWaitSeconds"] as? Double == 600)
            // Monday's figures are now kept, with the last event they were computed from, and read back the same.
            let kept = try #require(try await repository.dayFigures(hall: "CC", from: monday, to: monday)[monday])
            #expect(kept.lastEvent == (try await repository.lastEvents(hall: "CC", days: [monday]))[monday])
            #expect(kept.figures.total.served == 1 && kept.figures.windows["1"]?.called == 2)
            #expect(NSDictionary(dictionary: try await total()) == NSDictionary(dictionary: before))

            // Monday's second ticket is finished on Tuesday: a late event of Monday, so Monday is computed again.
            try await act(second, "finish")
            let after = try await total()
            #expect(after["served"] as? Int == 2 && after["averageServiceSeconds"] as? Double == Double(600 + 86_400) / 2)
            #expect(try await repository.dayFigures(hall: "CC", from: monday, to: monday)[monday]?.figures.total.served == 2)
        }
    }

    @Test func csvFieldsAreQuotedAndNeverFormulas() {
        #expect(CSVText.field("A 社会民生类") == "A 社会民生类")
        #expect(CSVText.field("甲,乙") == "\"甲,乙\"")
        #expect(CSVText.field("说\"明\"") == "\"说\"\"明\"\"\"")
        #expect(CSVText.field("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(CSVText.field("-3") == "-3")
    }

    /// Rates are per hour the hall was open: five tickets over two working days of 8 hours (09:00–
    /// 17:00) are 0.3 an hour, not 2.5 (five divided by the two hours of the day in which tickets
    /// were taken, as the page once showed for a whole month). Hand-computed: 5 / 16 h.
    @Test(arguments: TestDatabaseKind.available)
    func ratesArePerOpenHourOverSeveralDays(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, _ in
            let kiosk = try await client.kioskToken()
            for n in 0..<3 {
                #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody(Fixtures.residentID(500 + n))).status == .created)
            }
            clock.advance(by: 86_400 + 3_600) // Tuesday 10:00
            for n in 3..<5 {
                #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody(Fixtures.residentID(500 + n))).status == .created)
            }
            clock.advance(by: 86_400 - 3_600) // Wednesday 09:00: today has been open for no time yet
            let supervisor = try await client.token(.supervisor)
            let report = try JSON.object(try await client.json("/api/v1/halls/CC/queue-statistics?from=2026-09-28&to=2026-09-30", token: supervisor).body)
            let total = try #require(report["total"] as? [String: Any])
            #expect(total["arrived"] as? Int == 5)
            #expect(total["ticketsPerHour"] as? Double == 5.0 / 16.0)
            let days = try #require(report["days"] as? [[String: Any]])
            #expect(days.map { ($0["figures"] as? [String: Any])?["ticketsPerHour"] as? Double } == [3.0 / 8.0, 2.0 / 8.0])
            let page = String(buffer: try await client.page("/halls/CC/statistics?from=2026-09-28&to=2026-09-30", try await client.signIn(.supervisor)).body)
            #expect(page.contains(#"data-figure="per-hour">0.3<"#))
        }
    }
}
