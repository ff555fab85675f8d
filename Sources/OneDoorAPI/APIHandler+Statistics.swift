import OneDoorCore
import OneDoorServices

/// 办件统计 (issue 18 §5, ADR 0044).
extension APIHandler {
    func caseStatistics(_ input: Operations.CaseStatistics.Input) async throws -> Operations.CaseStatistics.Output {
        let identity = try RequestScope.requireSignedIn()
        let today = services.calendar.today
        var c = ProblemCollector()
        func month(_ text: String?, _ path: String, _ fallback: CivilDate) -> CivilDate {
            guard let text else { return fallback }
            guard let date = CivilDate.month(text) else { c.add(path, "月份应为 YYYY-MM"); return fallback }
            return date
        }
        let from = month(input.query.from, "from", CivilDate(year: today.year, month: 1, day: 1) ?? today.firstOfMonth)
        let to = month(input.query.to, "to", today.firstOfMonth)
        try c.throwIfAny()
        let grouping = input.query.by.flatMap { CaseGrouping(rawValue: $0.rawValue) } ?? .department
        let report = try await services.caseStatistics.report(from: from, to: to, grouping: grouping, by: identity)
        func row(_ r: CaseStatisticsReport.Row) -> Components.Schemas.CaseFigureRow { .init(key: r.key, name: r.name, figures: Convert.figures(r.figures)) }
        return .ok(.init(body: .json(.init(from: report.from, to: report.to, by: grouping.rawValue, total: Convert.figures(report.total),
                                           rows: report.rows.map(row), months: report.months.map(row)))))
    }
}

extension Convert {
    static func figures(_ f: CaseFigures) -> Components.Schemas.CaseFigures {
        .init(received: f.received, accepted: f.accepted, refused: f.refused, corrected: f.corrected, immediate: f.immediate, concluded: f.concluded,
              onTime: f.onTime, averageWorkingDays: f.averageWorkingDays, averagePromisedDays: f.averagePromisedDays, averageTrips: f.averageTrips,
              tripCounted: f.tripCounted, zeroTrips: f.zeroTrips, atMostOneTrip: f.atMostOneTrip, specialProcedures: f.specialProcedures,
              sentBack: f.sentBack, sharedHands: f.sharedHands, onTimeShare: f.onTimeShare, immediateShare: f.immediateShare, zeroTripShare: f.zeroTripShare,
              atMostOneTripShare: f.atMostOneTripShare)
    }
}
