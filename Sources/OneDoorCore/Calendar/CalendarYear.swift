/// One year's official arrangement of public holidays (放假) and 调休 working days (上班),
/// as the State Council General Office publishes it each autumn.
public struct CalendarYear: Sendable, Hashable, Codable {
    public var year: Int
    /// Days off on days that would otherwise be working days, and the holiday weekends too.
    public var holidays: [CivilDate]
    /// Weekend days declared working days (调休上班).
    public var workdays: [CivilDate]
    /// Where the arrangement comes from (e.g. the notice's title and number).
    public var source: String

    public init(year: Int, holidays: [CivilDate], workdays: [CivilDate], source: String) {
        self.year = year
        self.holidays = holidays
        self.workdays = workdays
        self.source = source
    }

    /// Every problem of the arrangement: dates outside the year, a 调休 working day that is
    /// not a weekend day, a date in both lists.
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        if !(2000...2100).contains(year) { c.add("year", "年份应在 2000 到 2100 之间") }
        for (i, date) in holidays.enumerated() where date.year != year {
            c.add("holidays[\(i)]", "\(date) 不在 \(year) 年内")
        }
        for (i, date) in workdays.enumerated() {
            if date.year != year { c.add("workdays[\(i)]", "\(date) 不在 \(year) 年内") }
            if !date.isWeekend { c.add("workdays[\(i)]", "\(date) 不是周末，无需调休上班") }
        }
        let both = Set(holidays).intersection(workdays)
        for date in both.sorted() { c.add("workdays", "\(date) 同时列为放假和上班") }
        c.limitText("source", source, label: "来源", maxLength: 500)
        return c.problems
    }
}

/// The calendar file an administrator loads (`onedoor calendar load FILE`, the admin page):
///
///     {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知",
///      "holidays": ["2027-01-01", "2027-02-06/2027-02-13"], "workdays": ["2027-02-14"]}
///
/// An entry is a date or an ISO 8601 interval `start/end` (both days included).
public struct CalendarFile: Sendable, Codable {
    public var year: Int
    public var source: String?
    public var holidays: [String]
    public var workdays: [String]

    /// The year it describes, or every problem with its path.
    public func calendarYear() -> Result<CalendarYear, ValidationFailed> {
        var c = ProblemCollector()
        func dates(_ entries: [String], field: String) -> [CivilDate] {
            var result: [CivilDate] = []
            for (i, entry) in entries.enumerated() {
                let ends = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard (1...2).contains(ends.count), let first = CivilDate(ends[0]), let last = CivilDate(ends[ends.count - 1]) else {
                    c.add("\(field)[\(i)]", "“\(entry)”应为 YYYY-MM-DD 或 YYYY-MM-DD/YYYY-MM-DD")
                    continue
                }
                guard first <= last, last.dayNumber - first.dayNumber < 40 else {
                    c.add("\(field)[\(i)]", "“\(entry)”的起止日期不正确")
                    continue
                }
                result.append(contentsOf: (first.dayNumber...last.dayNumber).map(CivilDate.init(dayNumber:)))
            }
            return result
        }
        let year = CalendarYear(year: year, holidays: dates(holidays, field: "holidays"), workdays: dates(workdays, field: "workdays"), source: source ?? "")
        c.add(contentsOf: year.problems())
        return c.problems.isEmpty ? .success(year) : .failure(ValidationFailed(c.problems))
    }

    public init(year: Int, source: String?, holidays: [String], workdays: [String]) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.workdays = workdays
    }

    /// The file for a year, holidays folded into intervals.
    public init(_ year: CalendarYear) {
        func runs(_ dates: [CivilDate]) -> [String] {
            var result: [String] = []
            var start: CivilDate?, previous: CivilDate?
            for date in dates.sorted() {
                if let p = previous, date.dayNumber == p.dayNumber + 1 { previous = date; continue }
                if let s = start, let p = previous { result.append(s == p ? "\(s)" : "\(s)/\(p)") }
                start = date
                previous = date
            }
            if let s = start, let p = previous { result.append(s == p ? "\(s)" : "\(s)/\(p)") }
            return result
        }
        self.init(year: year.year, source: year.source, holidays: runs(year.holidays), workdays: runs(year.workdays))
    }
}
