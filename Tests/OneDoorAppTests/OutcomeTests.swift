import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 改革成效 (issue 18 §5) on the demo district, on SQLite and PostgreSQL: two periods of history
/// made by the platform's own parts (the simulator's days at department counters and at
/// comprehensive windows, cases of the old and the new catalogue through the intake rules,
/// ratings after the reform), and the headline figures computed from them — page and API.
@Suite struct OutcomeTests {
    @Test(arguments: TestDatabaseKind.available)
    func figuresComputedFromTwoPeriodsOfHistory(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026: June–August against the same months of 2025
        try await TestApp.run(kind, clock: clock, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let services = app.services
            let summary = try await ReformHistory.seed(catalog: services.catalog, calendar: services.calendar, auth: app.auth, queues: services.queues,
                                                       cases: app.cases.repository, ratings: services.ratings.repository, daysPerMonth: 2)
            #expect(summary.tickets > 3_000 && summary.cases > 300 && summary.ratings > 500, "\(summary)")
            let periods = services.outcomes.defaultPeriods()
            #expect(CaseStatisticsService.monthText(periods.after.lowerBound) == "2026-06" && CaseStatisticsService.monthText(periods.before.upperBound) == "2025-08")
            let outcome = try await services.outcomes.compare(before: periods.before, after: periods.after)
            let before = outcome.before, after = outcome.after
            // Waits: department counters against comprehensive windows, from the simulated days.
            let waitBefore = try #require(before.averageWaitMinutes), waitAfter = try #require(after.averageWaitMinutes)
            #expect(waitBefore > waitAfter && waitAfter > 0, "\(waitBefore) → \(waitAfter)")
            #expect(before.staffPerDay == 12 && after.staffPerDay == 8)
            #expect(try #require(after.ticketsPerDay) > #require(before.ticketsPerDay))
            // Cases: more items on the spot, fewer materials, fewer days — from the records.
            #expect(after.immediateItems > before.immediateItems, "\(before.immediateItems) → \(after.immediateItems)")
            #expect(outcome.fewerMaterialsItems > 0 && outcome.fewerMaterialsItems <= outcome.itemsCompared)
            #expect(try #require(after.cases.averageWorkingDays) < #require(before.cases.averageWorkingDays))
            // 好差评 came with the reform.
            #expect(before.satisfaction == nil && (after.satisfaction ?? 0) > 0.99 && after.ratings == summary.ratings)
            #expect(outcome.lines.count == 11 && outcome.lines.first { $0.key == "staff" }?.change == "-33.3 %")

            // The page and the API say the same.
            let page = String(buffer: try await client.page("/outcomes", nil).body)
            let waitLine = try #require(outcome.lines.first { $0.key == "wait" })
            #expect(page.contains(#"<tr data-outcome="wait"><th scope="row">平均等候时间（分钟）</th><td data-period="before">\#(waitLine.before)</td>"#))
            let api = try JSON.object(try await client.json("/api/v1/outcomes?beforeFrom=2025-06&beforeTo=2025-08&afterFrom=2026-06&afterTo=2026-08").body)
            #expect((api["lines"] as? [Any])?.count == 11 && (api["after"] as? [String: Any])?["staffPerDay"] as? Double == 8)
            #expect((api["before"] as? [String: Any])?["satisfaction"] == nil)
            let bad = try await client.json("/api/v1/outcomes?beforeFrom=2025-13&afterFrom=2026-06&afterTo=2026-05")
            #expect(try bad.status == .unprocessableContent && Set(JSON.problemPaths(bad.body)) == ["beforeFrom", "afterTo"])
            let overlapping = try await client.json("/api/v1/outcomes?beforeFrom=2026-01&beforeTo=2026-07&afterFrom=2026-06&afterTo=2026-08")
            #expect(try overlapping.status == .unprocessableContent && JSON.problemPaths(overlapping.body) == ["after"])
            #expect(try await client.page("/outcomes?afterFrom=x", nil).status == .unprocessableContent)
        }
    }
}
