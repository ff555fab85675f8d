import OneDoorCore
import OneDoorStorage

/// The reform's outcome figures (issue 18 §5, ADR 0047): the seeds' headline results computed
/// from the platform's own records for a "before" and an "after" range of months — waits and
/// staffing from the queue's day figures, items, days, trips and materials from the case month
/// figures, satisfaction from the ratings, a theme from the catalogue and its cases. Public: the
/// figures are aggregates of the whole district. Remembered a minute.
public final class OutcomeService: Sendable {
    let caseStatistics: CaseStatisticsService
    let queues: QueueService
    let ratings: RatingRepository
    let openData: OpenDataRepository
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    let cache = TimedCache<String, OutcomeComparison>(seconds: 60, capacity: 16)

    /// A period is at most a year.
    public static let maximumMonths = 12

    public init(caseStatistics: CaseStatisticsService, queues: QueueService, ratings: RatingRepository, openData: OpenDataRepository,
                catalog: CatalogService, calendar: CalendarService, clock: any AppClock) {
        self.caseStatistics = caseStatistics
        self.queues = queues
        self.ratings = ratings
        self.openData = openData
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    /// The periods shown when none is asked for: the last three whole months, and the same
    /// months a year before.
    public func defaultPeriods() -> (before: ClosedRange<CivilDate>, after: ClosedRange<CivilDate>) { Self.defaultPeriods(today: calendar.today) }

    public static func defaultPeriods(today: CivilDate) -> (before: ClosedRange<CivilDate>, after: ClosedRange<CivilDate>) {
        let current = today.firstOfMonth
        let after = current.firstOfMonth(adding: -3)...current.firstOfMonth(adding: -1)
        return (after.lowerBound.firstOfMonth(adding: -12)...after.upperBound.firstOfMonth(adding: -12), after)
    }

    /// The periods as asked for (`YYYY-MM`; absent ones the defaults), every problem named by its
    /// parameter — the page's and the API's one reading of them.
    public func periods(beforeFrom: String?, beforeTo: String?, afterFrom: String?, afterTo: String?) throws
        -> (before: ClosedRange<CivilDate>, after: ClosedRange<CivilDate>) {
        let defaults = defaultPeriods()
        var c = ProblemCollector()
        func month(_ text: String?, _ path: String, _ fallback: CivilDate) -> CivilDate {
            guard let text else { return fallback }
            guard let date = CivilDate.month(text) else { c.add(path, "月份应为 YYYY-MM"); return fallback }
            return date
        }
        let beforeFirst = month(beforeFrom, "beforeFrom", defaults.before.lowerBound), beforeLast = month(beforeTo, "beforeTo", defaults.before.upperBound)
        let afterFirst = month(afterFrom, "afterFrom", defaults.after.lowerBound), afterLast = month(afterTo, "afterTo", defaults.after.upperBound)
        if beforeLast < beforeFirst { c.add("beforeTo", "结束月份不能早于开始月份") }
        if afterLast < afterFirst { c.add("afterTo", "结束月份不能早于开始月份") }
        try c.throwIfAny()
        return (beforeFirst...beforeLast, afterFirst...afterLast)
    }

    /// Both periods' figures, months from the first of `lowerBound` to the end of `upperBound`'s month.
    public func compare(before: ClosedRange<CivilDate>, after: ClosedRange<CivilDate>) async throws -> OutcomeComparison {
        var c = ProblemCollector()
        for (name, range) in [("before", before), ("after", after)] {
            let months = CaseStatisticsService.months(from: range.lowerBound.firstOfMonth, to: range.upperBound.firstOfMonth)
            if months.count > Self.maximumMonths { c.add(name, "每个时段最长 \(Self.maximumMonths) 个月") }
        }
        if before.upperBound.firstOfMonth >= after.lowerBound.firstOfMonth { c.add("after", "“改革后”时段应在“改革前”之后") }
        try c.throwIfAny()
        let key = [before.lowerBound, before.upperBound, after.lowerBound, after.upperBound].map { CaseStatisticsService.monthText($0) }.joined(separator: ",")
        return try await cache.value(key, now: clock.now()) {
            let snapshot = catalog.snapshot
            let was = try await period(before)
            var now = try await period(after)
            // The theme with the most cases so far (of none, the first published by code), and its cases in the "after" period.
            let counts = try await openData.themeCaseCounts()
            let busiest = snapshot.themes.filter { $0.status == .published }
                .max { (counts[$0.code]?.received ?? 0, $1.code) < (counts[$1.code]?.received ?? 0, $0.code) }
            if let busiest {
                now.themeCases = try await openData.themeCases(busiest.code, from: after.lowerBound.firstOfMonth.startEpochSeconds,
                                                               to: after.upperBound.firstOfMonth(adding: 1).startEpochSeconds)
            }
            let theme = busiest.map { entry in
                OutcomeComparison.Theme(name: entry.theme.name, figures: ThemeFigures.of(entry.theme.items, guides: snapshot.guides(of: entry.theme)),
                                        promisedDays: entry.theme.promisedDays)
            }
            return OutcomeComparison(before: was, after: now, theme: theme)
        }
    }

    func period(_ range: ClosedRange<CivilDate>) async throws -> PeriodFigures {
        let first = range.lowerBound.firstOfMonth, last = range.upperBound.firstOfMonth
        var figures = PeriodFigures(from: CaseStatisticsService.monthText(first), to: CaseStatisticsService.monthText(last))
        // Cases by item.
        for (key, f) in try await caseStatistics.figures(CaseStatisticsService.months(from: first, to: last)) {
            figures.cases.merge(f)
            figures.items[key.item, default: CaseFigures()].merge(f)
        }
        // The queue: every hall's days, summed by calendar day.
        var tickets: [CivilDate: Int] = [:]
        for (_, day, f) in try await queues.districtDays(from: first, to: last.firstOfMonth(adding: 1).adding(days: -1)) {
            tickets[day, default: 0] += f.total.arrived
            figures.staffDays += f.staff.values.count { $0.served > 0 }
            figures.tickets += f.total.arrived
            figures.called += f.total.called
            figures.waitSecondsTotal += f.total.waitSecondsTotal
        }
        figures.queueDays = tickets.values.count { $0 > 0 }
        // Ratings over the district.
        for figure in try await ratings.figures(from: first.startEpochSeconds, to: last.firstOfMonth(adding: 1).startEpochSeconds, by: .hall) {
            figures.ratings += figure.ratings
            figures.satisfied += figure.satisfied
        }
        return figures
    }
}
