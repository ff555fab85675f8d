/// One ticket as its events tell it, reduced to what statistics need. Storage derives these from
/// `ticket_events` (never from the ticket's current row), so figures for past days stand however
/// tickets change later.
public struct TicketFacts: Sendable, Hashable {
    public var day: CivilDate
    /// The queue it was issued into: its target wait is the one that counts.
    public var queue: QueueCode
    public var issuedAt: Int64
    /// The first call: the wait ends here, even when the holder was recalled or transferred.
    public var firstCalledAt: Int64?
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var noShow: Bool
    /// The window that served it, or called it last.
    public var window: WindowNumber?
    /// The member of staff who served it, or called it last.
    public var staffID: Int64?

    public init(day: CivilDate, queue: QueueCode, issuedAt: Int64, firstCalledAt: Int64? = nil, startedAt: Int64? = nil,
                finishedAt: Int64? = nil, noShow: Bool = false, window: WindowNumber? = nil, staffID: Int64? = nil) {
        self.day = day
        self.queue = queue
        self.issuedAt = issuedAt
        self.firstCalledAt = firstCalledAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.noShow = noShow
        self.window = window
        self.staffID = staffID
    }

    /// From taking the ticket to its first call.
    public var waitSeconds: Int? { firstCalledAt.map { Int(max(0, $0 - issuedAt)) } }

    /// From the start of service (or the call, when nobody pressed start) to its end.
    public var serviceSeconds: Int? {
        guard let finishedAt, let from = startedAt ?? firstCalledAt else { return nil }
        return Int(max(0, finishedAt - from))
    }
}

/// The figures of a set of tickets (a hall, a queue, a window or a member of staff; a day or a
/// range): what the seeds report and supervisors decide by. Figures of separate sets merge
/// exactly (``merge(_:)``): the waits are kept as a histogram by the minute, so a month is the
/// sum of its days, its average exact and its percentile exact to the minute.
public struct QueueFigures: Sendable, Hashable, Codable {
    /// Tickets taken (到达).
    public var arrived = 0
    /// Tickets called at least once.
    public var called = 0
    /// Tickets finished at a window (办结).
    public var served = 0
    /// Tickets never served: called to the limit or marked absent (过号).
    public var noShows = 0
    /// How many called tickets waited each whole number of minutes (rounded down).
    public var waitMinuteCounts: [Int: Int] = [:]
    public var waitSecondsTotal = 0
    public var overTarget = 0
    public var serviceSecondsTotal = 0
    public var serviceCount = 0
    /// Tickets taken in each hour of the day (Asia/Shanghai), 0–23.
    public var arrivalsByHour = [Int](repeating: 0, count: 24)
    /// How long the hall was open in the period these figures cover (set by the report, from the
    /// opening hours and the calendar; not stored with a day's figures, not merged).
    public var openSeconds: Int?

    public init() {}

    /// Of the tickets that ended (served or not), the share that never came to the window.
    public var noShowRate: Double? { served + noShows == 0 ? nil : Double(noShows) / Double(served + noShows) }
    public var averageWaitSeconds: Double? { called == 0 ? nil : Double(waitSecondsTotal) / Double(called) }
    /// The 90th percentile by nearest rank: the wait that 90 % of the called tickets did not
    /// exceed, rounded down to the minute (in seconds).
    public var p90WaitSeconds: Int? {
        guard called > 0 else { return nil }
        let rank = (called * 9 + 9) / 10
        var seen = 0
        for minute in waitMinuteCounts.keys.sorted() {
            seen += waitMinuteCounts[minute]!
            if seen >= rank { return minute * 60 }
        }
        return nil
    }
    /// Of the called tickets, the share that waited longer than their queue's target.
    public var overTargetShare: Double? { called == 0 ? nil : Double(overTarget) / Double(called) }
    public var averageServiceSeconds: Double? { serviceCount == 0 ? nil : Double(serviceSecondsTotal) / Double(serviceCount) }
    /// Tickets taken per hour the hall was open. Without the opening time (no calendar for the
    /// period), per hour of the day in which any were taken — which over several days counts each
    /// hour of the day once, so it is only a day's measure.
    public var ticketsPerHour: Double? {
        if let openSeconds, openSeconds > 0 { return Double(arrived) * 3600 / Double(openSeconds) }
        let hours = arrivalsByHour.filter { $0 > 0 }.count
        return hours == 0 ? nil : Double(arrived) / Double(hours)
    }

    /// Adds the figures of another, separate set of tickets (another day, say).
    public mutating func merge(_ other: QueueFigures) {
        arrived += other.arrived
        called += other.called
        served += other.served
        noShows += other.noShows
        waitMinuteCounts.merge(other.waitMinuteCounts, uniquingKeysWith: +)
        waitSecondsTotal += other.waitSecondsTotal
        overTarget += other.overTarget
        serviceSecondsTotal += other.serviceSecondsTotal
        serviceCount += other.serviceCount
        for hour in 0..<24 { arrivalsByHour[hour] += other.arrivalsByHour[hour] }
    }
}

/// One day of a hall in figures, every way the statistics group them; stored for days that
/// are over, so that a month is read, not recomputed (ADR 0011).
public struct DayFigures: Sendable, Hashable, Codable {
    public var total: QueueFigures
    public var queues: [String: QueueFigures]
    public var windows: [String: QueueFigures]
    /// By account id, as text (JSON keys).
    public var staff: [String: QueueFigures]

    public init(_ facts: [TicketFacts], targets: [QueueCode: Int]) {
        total = QueueStatistics.figures(facts, targets: targets)
        queues = QueueStatistics.grouped(facts, by: \.queue.rawValue, targets: targets)
        windows = QueueStatistics.grouped(facts, by: \.window?.rawValue, targets: targets)
        staff = QueueStatistics.grouped(facts, by: { $0.staffID.map(String.init) }, targets: targets)
    }
}

/// Computes figures from ticket facts. Pure; one pass over the facts per grouping.
public enum QueueStatistics {
    /// The figures of `facts`; `targets` are the queues' target waits in minutes (15 when absent).
    public static func figures(_ facts: some Sequence<TicketFacts>, targets: [QueueCode: Int]) -> QueueFigures {
        var f = QueueFigures()
        for fact in facts { add(fact, to: &f, targets: targets) }
        return f
    }

    /// Figures for each value of `key` (queue, window, staff member, day); tickets without one are left out.
    public static func grouped<Key: Hashable>(
        _ facts: some Sequence<TicketFacts>, by key: (TicketFacts) -> Key?, targets: [QueueCode: Int]
    ) -> [Key: QueueFigures] {
        var groups: [Key: QueueFigures] = [:]
        for fact in facts {
            guard let k = key(fact) else { continue }
            add(fact, to: &groups[k, default: QueueFigures()], targets: targets)
        }
        return groups
    }

    static func add(_ fact: TicketFacts, to f: inout QueueFigures, targets: [QueueCode: Int]) {
        f.arrived += 1
        f.arrivalsByHour[CivilDate.minuteOfDay(epochSeconds: fact.issuedAt) / 60] += 1
        if let wait = fact.waitSeconds {
            f.called += 1
            f.waitMinuteCounts[wait / 60, default: 0] += 1
            f.waitSecondsTotal += wait
            if wait > (targets[fact.queue] ?? 15) * 60 { f.overTarget += 1 }
        }
        if fact.finishedAt != nil { f.served += 1 }
        if fact.noShow { f.noShows += 1 }
        if let service = fact.serviceSeconds {
            f.serviceSecondsTotal += service
            f.serviceCount += 1
        }
    }
}
