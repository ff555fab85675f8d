import OneDoorCore
import OneDoorServices

/// 改革成效 (issue 18 §5, ADR 0047): public aggregates of the whole district.
extension APIHandler {
    func outcomes(_ input: Operations.Outcomes.Input) async throws -> Operations.Outcomes.Output {
        let q = input.query
        let (before, after) = try services.outcomes.periods(beforeFrom: q.beforeFrom, beforeTo: q.beforeTo, afterFrom: q.afterFrom, afterTo: q.afterTo)
        let comparison = try await services.outcomes.compare(before: before, after: after)
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
