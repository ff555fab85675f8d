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
            let was = try await period(before), now = try await period(after)
            // The theme with the most cases in the "after" period (the first published one without any).
            let counts = try await openData.themeCaseCounts()
            let published = snapshot.themes.filter { $0.status == .published }
            let theme = published.max { (counts[$0.code]?.received ?? 0, $1.code) < (counts[$1.code]?.received ?? 0, $0.code) }.map { entry in
                (name: entry.theme.name, figures: ThemeFigures.of(entry.theme.items, guides: snapshot.guides(of: entry.theme)), promisedDays: entry.theme.promisedDays)
            }
            var after = now
            if let name = theme?.name, let code = published.first(where: { $0.theme.name == name })?.code {
                let span = range(after)
                after.themeCases = try await openData.themeCases(code, from: span.from, to: span.to)
            }
            return OutcomeComparison(before: was, after: after, theme: theme)
        }
    }

    func range(_ figures: PeriodFigures) -> (from: Int64, to: Int64) {
        let first = CivilDate(figures.from + "-01") ?? calendar.today, last = CivilDate(figures.to + "-01") ?? calendar.today
        return (first.startEpochSeconds, last.firstOfMonth(adding: 1).startEpochSeconds)
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
        let today = calendar.today
        let end = min(last.firstOfMonth(adding: 1).adding(days: -1), today)
        if first <= end {
            var tickets: [CivilDate: Int] = [:], staff: [CivilDate: Int] = [:]
            for hall in catalog.snapshot.organisation.halls {
                for (day, f) in try await queues.dayFigures(hall: hall.code, from: first, to: end, targets: try await queues.waitTargets(hall: hall.code)) {
                    tickets[day, default: 0] += f.total.arrived
                    staff[day, default: 0] += f.staff.values.count { $0.served > 0 }
                    figures.tickets += f.total.arrived
                    figures.called += f.total.called
                    figures.waitSecondsTotal += f.total.waitSecondsTotal
                }
            }
            figures.queueDays = tickets.values.count { $0 > 0 }
            figures.staffDays = staff.values.reduce(0, +)
        }
        // Ratings over the district.
        for figure in try await ratings.figures(from: first.startEpochSeconds, to: last.firstOfMonth(adding: 1).startEpochSeconds, by: .hall) {
            figures.ratings += figure.ratings
            figures.satisfied += figure.satisfied
        }
        return figures
    }
}
