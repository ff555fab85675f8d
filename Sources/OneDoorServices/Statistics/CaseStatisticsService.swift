import OneDoorCore
import OneDoorStorage

/// Case statistics for a range of months, grouped one way, with the total and each month's.
public struct CaseStatisticsReport: Sendable {
    public struct Row: Sendable {
        public var key: String
        public var name: String
        public var figures: CaseFigures
    }

    public var from: String
    public var to: String
    public var grouping: CaseGrouping
    public var rows: [Row]
    public var months: [Row]
    public var total: CaseFigures
}

/// Case statistics (issue 18 §5, ADR 0044): by item, department, hall, channel and month, from
/// stored month figures — a month that is over is read, not recomputed; the current month is
/// computed at most once a minute; a background sweep recomputes months whose cases changed
/// since (a March case concluded in April moves March's figures).
public final class CaseStatisticsService: Sendable {
    let repository: CaseRepository
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    let live = TimedCache<String, [(CaseFigureKey, CaseFigures)]>(seconds: 60, capacity: 4)

    /// Two years: a longer range is a data export.
    public static let maximumMonths = 24

    public init(repository: CaseRepository, catalog: CatalogService, calendar: CalendarService, clock: any AppClock) {
        self.repository = repository
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    /// Who may read them: supervisors and administrators.
    public static func mayRead(_ identity: Identity?) -> Bool { identity?.role.may(.readQueueStatistics) ?? false }

    /// The report from the month of `from` to the month of `to`, grouped by `grouping`.
    public func report(from: CivilDate, to: CivilDate, grouping: CaseGrouping, by identity: Identity) async throws -> CaseStatisticsReport {
        guard Self.mayRead(identity) else { throw CaseRuleError.forbidden("办件统计供监察人员和中心管理员查看") }
        return try await report(from: from, to: to, grouping: grouping)
    }

    /// The same without a viewer: open data (aggregates only, suppressed by the caller).
    public func report(from: CivilDate, to: CivilDate, grouping: CaseGrouping) async throws -> CaseStatisticsReport {
        let first = from.firstOfMonth, last = to.firstOfMonth
        var c = ProblemCollector()
        if last < first { c.add("to", "结束月份不能早于开始月份") }
        let months = Self.months(from: first, to: last)
        if months.count > Self.maximumMonths { c.add("to", "统计区间最长 \(Self.maximumMonths) 个月") }
        try c.throwIfAny()
        let rows = try await figures(months)
        let snapshot = catalog.snapshot
        func name(_ key: String) -> String {
            switch grouping {
            case .month: key
            case .item: snapshot.itemsByCode[ItemCode(rawValue: key)]?.guide.name ?? key
            case .department: snapshot.departmentsByCode[DepartmentCode(rawValue: key)]?.name ?? key
            case .hall: snapshot.hallsByCode[HallCode(rawValue: key)]?.name ?? key
            case .channel: CaseChannel(rawValue: key)?.label ?? key
            }
        }
        var total = CaseFigures()
        for (_, f) in rows { total.merge(f) }
        let byMonth = Dictionary(uniqueKeysWithValues: CaseGrouping.month.group(rows).map { ($0.key, $0.figures) })
        return CaseStatisticsReport(
            from: Self.monthText(first), to: Self.monthText(last), grouping: grouping,
            rows: grouping.group(rows).map { .init(key: $0.key, name: name($0.key), figures: $0.figures) },
            months: months.map { m in .init(key: Self.monthText(m), name: Self.monthText(m), figures: byMonth[Self.monthText(m)] ?? CaseFigures()) },
            total: total)
    }

    /// The rows of `months`: stored ones read, missing closed ones computed and stored, the
    /// current month computed live (remembered a minute), months to come empty.
    func figures(_ months: [CivilDate]) async throws -> [(CaseFigureKey, CaseFigures)] {
        guard let first = months.first, let last = months.last else { return [] }
        let current = calendar.today.firstOfMonth
        let stored = try await repository.storedFigures(from: Self.monthText(first), to: Self.monthText(last))
        var rows: [(CaseFigureKey, CaseFigures)] = []
        for month in months where month <= current {
            let text = Self.monthText(month)
            if month == current {
                let now = clock.now()
                if let fresh = live.fresh(text, now: now) { rows += fresh; continue }
                let generation = live.generation
                let computed = try await compute(month).rows
                live.store(computed, for: text, now: now, readAt: generation)
                rows += computed
            } else if let kept = stored[text] {
                rows += kept.rows
            } else {
                let computed = try await compute(month)
                try await repository.storeFigures(month: text, rows: computed.rows, lastChange: computed.lastChange, at: clock.now())
                rows += computed.rows
            }
        }
        return rows
    }

    func compute(_ month: CivilDate) async throws -> (rows: [(CaseFigureKey, CaseFigures)], lastChange: Int64) {
        try await repository.computeFigures(from: month.startEpochSeconds, to: month.firstOfMonth(adding: 1).startEpochSeconds, month: Self.monthText(month))
    }

    /// Recomputes the stored months (of the last `months`) whose cases changed since they were
    /// computed: the background sweep. Returns the months recomputed.
    @discardableResult
    public func refresh(months count: Int = 13) async throws -> [String] {
        let current = calendar.today.firstOfMonth
        let months = (1...count).map { current.firstOfMonth(adding: -$0) }.reversed()
        guard let first = months.first, let last = months.last else { return [] }
        let stored = try await repository.storedFigures(from: Self.monthText(first), to: Self.monthText(last))
        var refreshed: [String] = []
        for month in months {
            let text = Self.monthText(month)
            guard let kept = stored[text] else { continue }
            let changed = try await repository.lastChange(from: month.startEpochSeconds, to: month.firstOfMonth(adding: 1).startEpochSeconds)
            guard changed > kept.lastChange else { continue }
            let computed = try await compute(month)
            try await repository.storeFigures(month: text, rows: computed.rows, lastChange: computed.lastChange, at: clock.now())
            refreshed.append(text)
        }
        return refreshed
    }

    static func months(from first: CivilDate, to last: CivilDate) -> [CivilDate] {
        var months: [CivilDate] = []
        var month = first
        while month <= last && months.count <= maximumMonths {
            months.append(month)
            month = month.firstOfMonth(adding: 1)
        }
        return months
    }

    public static func monthText(_ date: CivilDate) -> String { String(date.description.prefix(7)) }
}
