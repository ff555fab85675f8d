/// Thrown when a computation needs a year whose holiday arrangement is not loaded.
public struct CalendarNotLoaded: Error, Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var loaded: ClosedRange<Int>?

    public init(year: Int, loaded: ClosedRange<Int>?) {
        self.year = year
        self.loaded = loaded
    }

    public var description: String {
        let have = loaded.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound) 年" : "\($0.lowerBound)–\($0.upperBound) 年" } ?? "无"
        return "\(year) 年的节假日安排尚未加载，无法计算期限（已加载：\(have)）。请管理员在“工作日历”中加载该年的安排后再试。"
    }
}

/// Working-day arithmetic over the loaded years (行政许可法 §82: limits in 工作日 exclude
/// statutory holidays; a weekend day declared a 调休 working day counts).
///
/// Every query is O(1): for each day of the covered range the number of working days before it
/// is precomputed, and so is the date of every working day, so "N working days after" is two
/// array reads. The covered years are contiguous: a gap would make any deadline across it a guess.
public struct WorkingCalendar: Sendable {
    /// Day number of 1 January of the first loaded year.
    public let firstDay: Int
    /// Day number of 31 December of the last loaded year.
    public let lastDay: Int
    public let years: [CalendarYear]
    /// `before[i]`: working days in `firstDay ..< firstDay + i`; one extra entry at the end.
    private let before: [Int32]
    /// Day numbers of the working days, in order.
    private let workingDays: [Int32]
    /// Day numbers of the official days off (holiday weekends included): halls close on them.
    private let holidays: Set<Int32>

    /// An empty calendar: every computation fails with ``CalendarNotLoaded``.
    public static let empty = WorkingCalendar(validatedYears: [])

    /// Builds the calendar; the years must be valid and contiguous.
    public init(years: [CalendarYear]) throws(ValidationFailed) {
        let sorted = years.sorted { $0.year < $1.year }
        var c = ProblemCollector()
        for (i, year) in sorted.enumerated() {
            for problem in year.problems() { c.add("years[\(year.year)].\(problem.path)", problem.reason) }
            if i > 0 && sorted[i - 1].year + 1 != year.year {
                c.add("years", "已加载的年份应当连续：\(sorted[i - 1].year) 年之后应为 \(sorted[i - 1].year + 1) 年，而不是 \(year.year) 年")
            }
        }
        try c.throwIfAny()
        self.init(validatedYears: sorted)
    }

    private init(validatedYears years: [CalendarYear]) {
        self.years = years
        guard let first = years.first, let last = years.last else {
            firstDay = 0; lastDay = -1; before = [0]; workingDays = []; self.holidays = []
            return
        }
        firstDay = CivilDate(year: first.year, month: 1, day: 1)!.dayNumber
        lastDay = CivilDate(year: last.year, month: 12, day: 31)!.dayNumber
        let holidays = Set(years.flatMap(\.holidays).map(\.dayNumber))
        let workdays = Set(years.flatMap(\.workdays).map(\.dayNumber))
        var before: [Int32] = [0]
        var working: [Int32] = []
        before.reserveCapacity(lastDay - firstDay + 2)
        for day in firstDay...lastDay {
            let isWeekend = CivilDate(dayNumber: day).isWeekend
            let works = workdays.contains(day) || (!isWeekend && !holidays.contains(day))
            if works { working.append(Int32(day)) }
            before.append(Int32(working.count))
        }
        self.before = before
        self.workingDays = working
        self.holidays = Set(holidays.map { Int32($0) })
    }

    public var loadedYears: ClosedRange<Int>? {
        guard let first = years.first, let last = years.last else { return nil }
        return first.year...last.year
    }

    private func check(_ day: Int) throws(CalendarNotLoaded) {
        if day < firstDay || day > lastDay { throw CalendarNotLoaded(year: CivilDate(dayNumber: day).year, loaded: loadedYears) }
    }

    public func isWorkingDay(_ date: CivilDate) throws(CalendarNotLoaded) -> Bool {
        let day = date.dayNumber
        try check(day)
        let i = day - firstDay
        return before[i + 1] != before[i]
    }

    /// Whether `date` is an official day off (放假), as opposed to an ordinary weekend.
    public func isHoliday(_ date: CivilDate) throws(CalendarNotLoaded) -> Bool {
        try check(date.dayNumber)
        return holidays.contains(Int32(date.dayNumber))
    }

    /// Working days from `from` to `to`, both included (0 when `to` is before `from`).
    public func workingDays(from: CivilDate, to: CivilDate) throws(CalendarNotLoaded) -> Int {
        let a = from.dayNumber, b = to.dayNumber
        try check(a)
        try check(b)
        guard b >= a else { return 0 }
        return Int(before[b - firstDay + 1] - before[a - firstDay])
    }

    /// The last day of a limit of `days` working days counted from `start` (day 0, the day of
    /// acceptance, does not count): the `days`-th working day after `start`. Zero days ends on
    /// `start` itself (即办件).
    public func addingWorkingDays(_ days: Int, to start: CivilDate) throws(CalendarNotLoaded) -> CivilDate {
        let day = start.dayNumber
        try check(day)
        guard days > 0 else { return start }
        let index = Int(before[day - firstDay + 1]) + days - 1
        guard index < workingDays.count else { throw CalendarNotLoaded(year: (years.last?.year ?? 0) + 1, loaded: loadedYears) }
        return CivilDate(dayNumber: Int(workingDays[index]))
    }

    /// The last day of a limit of `days` calendar days from `start`. When that day is a day off,
    /// the limit ends on the next working day (民法典 §203: a period whose last day is a statutory
    /// holiday ends on the day after the holiday), which is why the calendar must know that year.
    public func addingCalendarDays(_ days: Int, to start: CivilDate) throws(CalendarNotLoaded) -> CivilDate {
        try check(start.dayNumber)
        let end = start.dayNumber + max(0, days)
        try check(end)
        guard days > 0 else { return start }
        let i = end - firstDay
        if before[i + 1] != before[i] { return CivilDate(dayNumber: end) }
        let next = Int(before[i + 1])
        guard next < workingDays.count else { throw CalendarNotLoaded(year: (years.last?.year ?? 0) + 1, loaded: loadedYears) }
        return CivilDate(dayNumber: Int(workingDays[next]))
    }

    /// The end of `limit` from `start`, in the limit's unit.
    public func deadline(_ limit: TimeLimit, from start: CivilDate) throws(CalendarNotLoaded) -> CivilDate {
        switch limit.unit {
        case .workingDays: try addingWorkingDays(limit.days, to: start)
        case .calendarDays: try addingCalendarDays(limit.days, to: start)
        }
    }
}
