/// A time limit (法定 or 承诺办结时限): a number of days and the unit they are counted in.
public struct TimeLimit: Sendable, Hashable, Codable {
    public var days: Int
    public var unit: TimeUnit

    public init(days: Int, unit: TimeUnit = .workingDays) {
        self.days = days
        self.unit = unit
    }

    /// "5 个工作日", or "当场办结" for zero days.
    public var phrase: String {
        days == 0 ? "当场办结" : "\(days) \(unit.label)"
    }

    /// Upper bound of this limit in calendar days, for comparing limits of different units:
    /// n working days never span more than n·7/5 + 12 calendar days (a week-long holiday and
    /// its weekends), so a comparison based on it never wrongly flags a valid pair.
    var maximumCalendarDays: Int {
        switch unit {
        case .calendarDays: days
        case .workingDays: days * 7 / 5 + 12
        }
    }

    /// Lower bound in calendar days (a working day is at least one calendar day).
    var minimumCalendarDays: Int { days }
}

extension TimeLimit {
    /// True when `self` (promised) cannot be longer than `legal`.
    public func fitsWithin(_ legal: TimeLimit) -> Bool {
        if unit == legal.unit { return days <= legal.days }
        return minimumCalendarDays <= legal.maximumCalendarDays
    }
}
