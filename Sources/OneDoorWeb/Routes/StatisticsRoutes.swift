import Hummingbird
import OneDoorCore
import OneDoorServices

/// 办件统计 (issue 18 §5): the page and its CSV.
extension OneDoorWeb {
    func registerStatistics<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.caseStatistics.route) { request, _ in
            let identity = try staff(.readQueueStatistics)
            let (from, to, grouping, problems) = Self.caseStatisticsQuery(request, today: calendar.today)
            do {
                if !problems.isEmpty { throw ValidationFailed(problems) }
                let report = try await services.caseStatistics.report(from: from, to: to, grouping: grouping, by: identity)
                return try pages.render("case-statistics", CaseStatisticsPage(report, from: report.from, to: report.to, grouping: grouping))
            } catch let failed as ValidationFailed {
                return try pages.render("case-statistics", CaseStatisticsPage(nil, from: CaseStatisticsService.monthText(from),
                                                                              to: CaseStatisticsService.monthText(to), grouping: grouping,
                                                                              problems: failed.problems), status: .unprocessableContent)
            }
        }
        router.get(SiteURL.caseStatisticsCSV.route) { request, _ in
            let identity = try staff(.readQueueStatistics)
            let (from, to, grouping, problems) = Self.caseStatisticsQuery(request, today: calendar.today)
            if !problems.isEmpty { throw ValidationFailed(problems) }
            let report = try await services.caseStatistics.report(from: from, to: to, grouping: grouping, by: identity)
            return Self.csvResponse(CaseStatisticsPage.csv(report), name: "case-statistics-\(report.grouping.rawValue)-\(report.from)-\(report.to).csv")
        }
    }

    /// `from` and `to` as `YYYY-MM` (this year to this month by default), `by` a grouping.
    static func caseStatisticsQuery(_ request: Request, today: CivilDate) -> (CivilDate, CivilDate, CaseGrouping, [ValidationProblem]) {
        let q = request.uri.queryParameters
        var c = ProblemCollector()
        func month(_ name: String, _ fallback: CivilDate) -> CivilDate {
            guard let text = q[Substring(name)].map(String.init), !text.isEmpty else { return fallback }
            guard let date = CivilDate.month(text) else { c.add(name, "月份应为 YYYY-MM"); return fallback }
            return date
        }
        let from = month("from", CivilDate(year: today.year, month: 1, day: 1) ?? today.firstOfMonth)
        let to = month("to", today.firstOfMonth)
        var grouping = CaseGrouping.department
        if let text = q["by"].map(String.init), !text.isEmpty {
            if let g = CaseGrouping(rawValue: text) { grouping = g } else { c.add("by", "分组“\(text.prefix(20))”不是可选的值（可选：\(CaseGrouping.allCases.map(\.rawValue).joined(separator: "、"))）") }
        }
        return (from, to, grouping, c.problems)
    }
}
