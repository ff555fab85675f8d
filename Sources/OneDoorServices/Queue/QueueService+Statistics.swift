import OneDoorCore
import OneDoorStorage

/// A hall's queue statistics for a range of days, grouped every way a centre is asked about:
/// by queue, window, member of staff and day.
public struct QueueReport: Sendable {
    public struct Row: Sendable {
        public var key: String
        public var name: String
        public var figures: QueueFigures
    }

    public var hall: Hall
    public var from: CivilDate
    public var to: CivilDate
    public var total: QueueFigures
    public var queues: [Row]
    public var windows: [Row]
    public var staff: [Row]
    public var days: [Row]
    /// Target waits by queue code, in minutes.
    public var targets: [QueueCode: Int]
}

extension QueueService {
    /// Who may read a hall's queue statistics: supervisors and administrators every hall's, a
    /// window clerk their own hall's. Pages ask before they link to them.
    public static func mayReadStatistics(of hall: HallCode, _ identity: Identity?) -> Bool {
        guard let identity else { return false }
        return identity.role.may(.readQueueStatistics) || (identity.role == .clerk && identity.account.hall == hall)
    }

    /// A year: a longer range is a data export, not a page.
    public static let maximumReportDays = 366

    /// The statistics of `hall` from `from` to `to` (both included). Supervisors and
    /// administrators see every hall; a clerk sees their own. Staff rows are labelled with the
    /// staff's names and numbers, read only once the report is allowed.
    public func statistics(
        hall code: HallCode, from: CivilDate, to: CivilDate, by identity: Identity
    ) async throws -> QueueReport {
        let hall = try self.hall(code)
        guard Self.mayReadStatistics(of: hall.code, identity) else { throw TicketRuleError.forbidden("只能查看本中心的排队统计") }
        var c = ProblemCollector()
        if to < from { c.add("to", "结束日期不能早于开始日期") }
        if to.dayNumber - from.dayNumber >= Self.maximumReportDays { c.add("to", "统计区间最长 \(Self.maximumReportDays) 天") }
        try c.throwIfAny()

        let queues = try await self.queues(hall: hall.code)
        let targets = try await waitTargets(hall: hall.code)
        let days = try await dayFigures(hall: hall.code, from: from, to: to, targets: targets)
        let today = calendar.today

        // Rates per hour the hall was open (2,500 tickets an hour over a month came from dividing by
        // the hours of one day); today counts up to now. Nil without a calendar for the range.
        let now = clock.now()
        func openSeconds(_ day: CivilDate) -> Int? {
            guard day.dayNumber <= today.dayNumber else { return 0 }
            return try? HallHours.openSeconds(hall, on: day, upTo: day == today ? CivilDate.minuteOfDay(epochSeconds: now) : nil,
                                               calendar: calendar.calendar)
        }
        let dayOpen = (from.dayNumber...to.dayNumber).map { openSeconds(CivilDate(dayNumber: $0)) }
        let rangeOpen: Int? = dayOpen.contains(where: { $0 == nil }) ? nil : dayOpen.reduce(0) { $0 + ($1 ?? 0) }
        var total = QueueFigures()
        var byQueue: [String: QueueFigures] = [:], byWindow: [String: QueueFigures] = [:], byStaff: [String: QueueFigures] = [:]
        for (_, day) in days {
            total.merge(day.total)
            for (k, f) in day.queues { byQueue[k, default: QueueFigures()].merge(f) }
            for (k, f) in day.windows { byWindow[k, default: QueueFigures()].merge(f) }
            for (k, f) in day.staff { byStaff[k, default: QueueFigures()].merge(f) }
        }
        total.openSeconds = rangeOpen
        for key in byQueue.keys { byQueue[key]?.openSeconds = rangeOpen }
        for key in byWindow.keys { byWindow[key]?.openSeconds = rangeOpen }
        for key in byStaff.keys { byStaff[key]?.openSeconds = rangeOpen }
        let order = Dictionary(queues.enumerated().map { ($0.element.code.rawValue, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let queueRows = byQueue.sorted { (order[$0.key] ?? .max, $0.key) < (order[$1.key] ?? .max, $1.key) }.map { entry in
            let queue = queues.first { $0.code.rawValue == entry.key }
            return QueueReport.Row(key: entry.key, name: queue.map { "\($0.prefix) \($0.name)" } ?? entry.key, figures: entry.value)
        }
        let windowRows = byWindow.sorted { Self.windowOrder($0.key, $1.key) }
            .map { QueueReport.Row(key: $0.key, name: "\($0.key) 号窗口", figures: $0.value) }
        let staffNames = byStaff.isEmpty ? [:] : try await staffLabels()
        let staffRows = byStaff.sorted { (Int64($0.key) ?? 0) < (Int64($1.key) ?? 0) }
            .map { QueueReport.Row(key: $0.key, name: Int64($0.key).flatMap { staffNames[$0] } ?? "工作人员 #\($0.key)", figures: $0.value) }
        return QueueReport(
            hall: hall, from: from, to: to, total: total, queues: queueRows, windows: windowRows, staff: staffRows,
            days: days.map { day, figures in
                var total = figures.total
                total.openSeconds = openSeconds(day)
                return QueueReport.Row(key: day.description, name: day.description, figures: total)
            },
            targets: targets
        )
    }

    /// The figures of each day of `hall` from `from` to `to` that had tickets: days that are over
    /// read from their stored figures (computed once, again only if an event came for that day
    /// since); today computed live from its events.
    func dayFigures(hall: HallCode, from: CivilDate, to: CivilDate, targets: [QueueCode: Int]) async throws -> [(CivilDate, DayFigures)] {
        var days: [(CivilDate, DayFigures)] = []
        let today = calendar.today
        let lastClosed = min(to.dayNumber, today.dayNumber - 1)
        let closed = from.dayNumber <= lastClosed ? (from.dayNumber...lastClosed).map(CivilDate.init(dayNumber:)) : []
        if !closed.isEmpty {
            let last = try await repository.lastEvents(hall: hall, days: closed)
            let stored = try await repository.dayFigures(hall: hall, from: closed[0], to: closed[closed.count - 1])
            for day in closed {
                guard let lastEvent = last[day] else { continue }
                if let kept = stored[day], kept.lastEvent == lastEvent {
                    days.append((day, kept.figures))
                    continue
                }
                let figures = DayFigures(try await repository.facts(hall: hall, from: day, to: day), targets: targets)
                try await repository.saveDayFigures(figures, hall: hall, day: day, lastEvent: lastEvent)
                days.append((day, figures))
            }
        }
        if from <= today && today <= to {
            let facts = try await repository.facts(hall: hall, from: today, to: today)
            if !facts.isEmpty { days.append((today, DayFigures(facts, targets: targets))) }
        }
        return days
    }

    /// Every hall's days with tickets over `from`…`to`: the district's, for performance and outcomes.
    public func districtDays(from: CivilDate, to: CivilDate) async throws -> [(hall: HallCode, day: CivilDate, figures: DayFigures)] {
        var days: [(hall: HallCode, day: CivilDate, figures: DayFigures)] = []
        for hall in catalog.snapshot.organisation.halls {
            for (day, figures) in try await dayFigures(hall: hall.code, from: from, to: to, targets: try await waitTargets(hall: hall.code)) {
                days.append((hall.code, day, figures))
            }
        }
        return days
    }

    /// Each member of staff's figures over `from`…`to` in every hall, by account id: performance.
    public func staffTotals(from: CivilDate, to: CivilDate) async throws -> [Int64: QueueFigures] {
        var staff: [Int64: QueueFigures] = [:]
        for (_, _, day) in try await districtDays(from: from, to: to) {
            for (key, figures) in day.staff { if let id = Int64(key) { staff[id, default: QueueFigures()].merge(figures) } }
        }
        return staff
    }

    /// The target wait of each of a hall's queues, in minutes.
    func waitTargets(hall: HallCode) async throws -> [QueueCode: Int] {
        Dictionary(try await queues(hall: hall).map { ($0.code, $0.targetWaitMinutes) }, uniquingKeysWith: { a, _ in a })
    }
}
