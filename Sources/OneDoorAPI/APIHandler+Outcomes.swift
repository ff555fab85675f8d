import OneDoorCore
import OneDoorServices

/// 改革成效 (issue 18 §5, ADR 0047): public aggregates of the whole district.
extension APIHandler {
    func outcomes(_ input: Operations.Outcomes.Input) async throws -> Operations.Outcomes.Output {
        let defaults = services.outcomes.defaultPeriods()
        var c = ProblemCollector()
        func month(_ text: String?, _ path: String, _ fallback: CivilDate) -> CivilDate {
            guard let text else { return fallback }
            guard let date = CivilDate.month(text) else { c.add(path, "月份应为 YYYY-MM"); return fallback }
            return date
        }
        let beforeFrom = month(input.query.beforeFrom, "beforeFrom", defaults.before.lowerBound)
        let beforeTo = month(input.query.beforeTo, "beforeTo", defaults.before.upperBound)
        let afterFrom = month(input.query.afterFrom, "afterFrom", defaults.after.lowerBound)
        let afterTo = month(input.query.afterTo, "afterTo", defaults.after.upperBound)
        if beforeTo < beforeFrom { c.add("beforeTo", "结束月份不能早于开始月份") }
        if afterTo < afterFrom { c.add("afterTo", "结束月份不能早于开始月份") }
        try c.throwIfAny()
        let comparison = try await services.outcomes.compare(before: beforeFrom...beforeTo, after: afterFrom...afterTo)
        func period(_ p: PeriodFigures) -> Components.Schemas.OutcomePeriod {
            .init(from: p.from, to: p.to, tickets: p.tickets, averageWaitMinutes: p.averageWaitMinutes, ticketsPerDay: p.ticketsPerDay,
                  staffPerDay: p.staffPerDay, ticketsPerStaffDay: p.ticketsPerStaffDay, immediateItems: p.immediateItems, zeroTripItems: p.zeroTripItems,
                  itemsWithCases: p.itemsWithCases, averageWorkingDays: p.cases.averageWorkingDays, atMostOneTripShare: p.cases.atMostOneTripShare,
                  ratings: p.ratings, satisfaction: p.satisfaction, cases: p.cases.received)
        }
        return .ok(.init(body: .json(.init(
            before: period(comparison.before), after: period(comparison.after), itemsCompared: comparison.itemsCompared,
            fewerMaterialsItems: comparison.fewerMaterialsItems,
            lines: comparison.lines.map { .init(key: $0.key, title: $0.title, before: $0.before, after: $0.after, change: $0.change, reference: $0.reference) }))))
    }
}
