/// Why an action on a case is refused although its fields are fine.
public enum CaseRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The case is not in a state that allows the action (409).
    case notAllowed(String)
    /// The staff member may not take this action on this case (403).
    case forbidden(String)

    public var description: String {
        switch self {
        case .notAllowed(let reason), .forbidden(let reason): reason
        }
    }
}

/// Deadlines and warning lights (电子监察) of a case.
public enum CaseLight: String, Sendable, Codable, CaseIterable {
    case green, yellow, red, overdue
    /// Not running: not accepted yet, or decided.
    case none

    public var label: String {
        switch self {
        case .green: "正常"
        case .yellow: "预警"
        case .red: "超承诺时限"
        case .overdue: "超法定时限"
        case .none: "—"
        }
    }
}

/// The clock of a case: its two deadlines recomputed from the acceptance day, the limits, the
/// extension and the days special procedures took, and the light they give today.
public enum CaseClock {
    /// Sets both deadlines from `acceptedOn`; the limit's days grow by paused days (and the legal
    /// one by the extension).
    public static func computeDeadlines(_ record: inout CaseRecord, calendar: WorkingCalendar) throws(CalendarNotLoaded) {
        guard let start = record.acceptedOn else { return }
        var legal = record.legalLimit
        legal.days += record.extensionDays + record.pausedDays
        var promised = record.promisedLimit
        promised.days += record.pausedDays
        record.legalDeadline = try calendar.deadline(legal, from: start)
        record.promisedDeadline = try calendar.deadline(promised, from: start)
    }

    /// Records 办结 on `day`: the working days since acceptance, less those special procedures
    /// took (their days are counted in the promised limit's unit; for calendar-day items this
    /// is close, not exact).
    public static func markConcluded(_ record: inout CaseRecord, on day: CivilDate, calendar: WorkingCalendar) {
        record.concludedOn = day
        guard let accepted = record.acceptedOn else { return }
        let worked = day > accepted ? (try? calendar.workingDays(from: accepted.adding(days: 1), to: day)) ?? 0 : 0
        record.workingDaysTaken = max(0, worked - record.pausedDays)
    }

    /// Days (in the limit's unit) a special procedure from `started` to `ended` takes off the
    /// clock: the days after the start day, up to and including the end day.
    public static func pausedDays(from started: CivilDate, to ended: CivilDate, unit: TimeUnit, calendar: WorkingCalendar) throws(CalendarNotLoaded) -> Int {
        guard ended > started else { return 0 }
        switch unit {
        case .workingDays: return try calendar.workingDays(from: started.adding(days: 1), to: ended)
        case .calendarDays: return ended.dayNumber - started.dayNumber
        }
    }

    /// The light on `today`. Yellow when less than `yellowShare` of the promised limit is left, or
    /// at most one working day; red past the promised deadline; overdue past the legal one.
    /// A paused case keeps the light it had when the procedure started.
    public static func light(_ record: CaseRecord, today: CivilDate, calendar: WorkingCalendar, yellowShare: Double = 0.2) -> CaseLight {
        light(CaseListing(record), today: today, calendar: calendar, yellowShare: yellowShare)
    }

    public static func light(_ record: CaseListing, today: CivilDate, calendar: WorkingCalendar, yellowShare: Double = 0.2) -> CaseLight {
        guard record.state.clockRuns else { return .none }
        return light(legal: record.legalDeadline, promised: record.promisedDeadline, promisedLimit: record.promisedLimit,
                     pausedOn: record.specialProcedure?.startedOn, today: today, calendar: calendar, yellowShare: yellowShare)
    }

    /// The light of a running case from what it depends on — the overview computes it once for
    /// each group of running cases that share these (ADR 0042).
    public static func light(legal: CivilDate?, promised: CivilDate?, promisedLimit: TimeLimit, pausedOn: CivilDate?, today: CivilDate,
                             calendar: WorkingCalendar, yellowShare: Double = 0.2) -> CaseLight {
        guard let legal, let promised else { return .none }
        let day = pausedOn ?? today
        if day > legal { return .overdue }
        if day > promised { return .red }
        let left: Int
        switch promisedLimit.unit {
        case .workingDays:
            left = (try? calendar.workingDays(from: day.adding(days: 1), to: promised)) ?? 0
        case .calendarDays:
            left = promised.dayNumber - day.dayNumber
        }
        let threshold = Double(promisedLimit.days) * yellowShare
        return Double(left) < threshold || left <= 1 ? .yellow : .green
    }
}
