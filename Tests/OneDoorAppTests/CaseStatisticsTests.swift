import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 办件统计 (issue 18 §5) on the demo district, on SQLite and PostgreSQL: a month's cases counted
/// by outcome, 即办, correction, timeliness and trips; the month stored once it is over and
/// recomputed by the sweep when one of its cases concludes later; the page, its CSV and the API.
@Suite struct CaseStatisticsTests {
    @Test(arguments: TestDatabaseKind.available)
    func aMonthInFiguresStoredAndRefreshed(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let person = Person(name: "黄丽", documentType: .residentID, documentNumber: PushTests.id("1990-03-04", female: true), phone: "13800138201")
            let clerk = try await ThemeCaseTests.identity(app, "clerk")
            // 即办, accepted, refused, and a one-time correction notice.
            let immediate = try await PushTests.intake(app, "个人参保证明打印", person: person, outcome: .acceptAndConclude)
            let accepted = try await PushTests.intake(app, "户口迁移（准予迁入）", person: person, outcome: .accept)
            _ = try await PushTests.intake(app, "户口迁移（准予迁入）", person: person, outcome: .refuse(reason: "不属于本中心受理范围", referral: ""))
            let item = try PushTests.item(app, "户口迁移（准予迁入）")
            let missing = IntakeRequest(itemCode: item.code, applicant: .person(person),
                                        materials: item.guide.materials.enumerated().map { MaterialReceipt(name: $1.name, received: $0 != 0, pages: 1) },
                                        outcome: .requestCorrection)
            _ = try await app.cases.intake(missing, by: clerk, client: "t")

            let supervisor = try await ThemeCaseTests.identity(app, "supervisor")
            let statistics = app.services.caseStatistics
            let september = CivilDate(year: 2026, month: 9, day: 1)!
            var report = try await statistics.report(from: september, to: september, grouping: .channel, by: supervisor)
            #expect(report.total.received == 4 && report.total.accepted == 2 && report.total.refused == 1 && report.total.corrected == 1)
            #expect(report.total.immediate == 1 && report.total.concluded == 1 && report.total.onTime == 1)
            #expect(report.total.averageWorkingDays == 0 && report.total.tripCounted >= 3)
            #expect(report.rows.map(\.key) == ["window"] && report.months.map(\.key) == ["2026-09"])
            #expect(immediate.concludedOn == september.adding(days: 27) && immediate.workingDaysTaken == 0)
            await #expect(throws: CaseRuleError.self) {
                _ = try await statistics.report(from: september, to: september, grouping: .item, by: clerk)
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await statistics.report(from: september, to: september.firstOfMonth(adding: 30), grouping: .item, by: supervisor)
            }

            // October: September is stored as it stands; a September case concluded now shows after the sweep.
            clock.advance(by: 11 * 86_400) // Friday 9 October, the first working day after the National Day holiday
            report = try await statistics.report(from: september, to: september, grouping: .department, by: supervisor)
            #expect(report.total.concluded == 1)
            let approvers = [try await ThemeCaseTests.approver(app, "tongji1", accepted.department), try await ThemeCaseTests.approver(app, "tongji2", accepted.department),
                             try await ThemeCaseTests.approver(app, "tongji3", accepted.department)]
            try await ThemeCaseTests.conclude(app, accepted.number, by: approvers)
            report = try await statistics.report(from: september, to: september, grouping: .department, by: supervisor)
            #expect(report.total.concluded == 1)
            #expect(try await statistics.refresh() == ["2026-09"])
            #expect(try await statistics.refresh().isEmpty)
            report = try await statistics.report(from: september, to: september.firstOfMonth(adding: 1), grouping: .month, by: supervisor)
            #expect(report.total.concluded == 2 && report.rows.map(\.key) == ["2026-09"] && report.months.map(\.key) == ["2026-09", "2026-10"])
            // Monday 28 September to Friday 9 October: the 29th, the 30th, then after the holiday the 8th and 9th — 4 working days.
            let concluded = try #require(try await app.cases.repository.find(accepted.number))
            #expect(concluded.concludedOn == CivilDate(year: 2026, month: 10, day: 9), "\(String(describing: concluded.concludedOn))")
            #expect(concluded.workingDaysTaken == 4, "\(String(describing: concluded.workingDaysTaken))")
            #expect(report.total.averageWorkingDays == 2)

            // The API, the page and its CSV.
            let token = try await client.token(.supervisor)
            let api = try JSON.object(try await client.json("/api/v1/statistics/cases?from=2026-09&to=2026-10&by=item", token: token).body)
            #expect((api["total"] as? [String: Any])?["received"] as? Int == 4 && (api["rows"] as? [Any])?.count == 2)
            let bad = try await client.json("/api/v1/statistics/cases?from=2026-13&to=2024-01", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(try await client.json("/api/v1/statistics/cases", token: try await client.token(.clerk)).status == .forbidden)
            let session = try await client.signIn(.supervisor)
            let page = String(buffer: try await client.page("/statistics/cases?from=2026-09&to=2026-10&by=item", session).body)
            #expect(page.contains(#"data-figure="received">4<"#) && page.contains("户口迁移（准予迁入）") && page.contains(#"<svg class="chart""#))
            let csv = try await client.page("/statistics/cases.csv?from=2026-09&to=2026-10&by=item", session)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}代码,名称,收件") == true && lines.count == 4)
            #expect(try await client.page("/statistics/cases", try await client.signIn(.approver)).status == .forbidden)
        }
    }
}
