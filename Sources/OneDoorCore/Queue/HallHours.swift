/// When a hall is open on a given day: its weekday hours, closed on official holidays, and on a
/// 调休 working day (a weekend day declared a working day) the hours of an ordinary working day.
public enum HallHours {
    /// The hall's periods on `date`; empty when it is closed all day.
    public static func periods(_ hall: Hall, on date: CivilDate, calendar: WorkingCalendar) throws(CalendarNotLoaded) -> [OpeningPeriod] {
        if try calendar.isHoliday(date) { return [] }
        var weekday = date.weekday
        if date.isWeekend, try calendar.isWorkingDay(date) {
            // The first weekday the hall opens: its ordinary working-day hours.
            weekday = (1...5).first { d in hall.openingHours.contains { $0.weekday == d } } ?? weekday
        }
        return hall.openingHours.filter { $0.weekday == weekday }.sorted { $0.opens < $1.opens }
    }

    /// Whether the hall is open at `minute` (after midnight) of `date`.
    public static func isOpen(_ hall: Hall, on date: CivilDate, minute: Int, calendar: WorkingCalendar) throws(CalendarNotLoaded) -> Bool {
        try periods(hall, on: date, calendar: calendar).contains { period in
            guard let opens = OpeningPeriod.minutes(period.opens), let closes = OpeningPeriod.minutes(period.closes) else { return false }
            return opens <= minute && minute < closes
        }
    }

    /// Seconds the hall is open on `date`, counting only up to `minute` (after midnight) when
    /// given (today, part-way through).
    public static func openSeconds(_ hall: Hall, on date: CivilDate, upTo minute: Int? = nil, calendar: WorkingCalendar) throws(CalendarNotLoaded) -> Int {
        try periods(hall, on: date, calendar: calendar).reduce(0) { total, period in
            guard let opens = OpeningPeriod.minutes(period.opens), let closes = OpeningPeriod.minutes(period.closes) else { return total }
            let end = min(closes, minute ?? closes)
            return total + max(0, end - opens) * 60
        }
    }
}
