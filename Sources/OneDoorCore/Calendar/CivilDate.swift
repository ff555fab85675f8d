/// A date on the Gregorian calendar without time or zone: what deadlines are made of.
///
/// Dates are counted as days since 1970-01-01 (`dayNumber`) so that arithmetic is integer
/// arithmetic; the conversions follow Howard Hinnant's `days_from_civil` algorithms.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the date does not exist (e.g. 2026-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The date in China (UTC+8, no daylight saving since 1991) at `epochSeconds`.
    public init(epochSeconds: Int64, utcOffsetSeconds: Int64 = 8 * 3600) {
        let local = epochSeconds + utcOffsetSeconds
        self.init(dayNumber: Int((local - ((local % 86_400) + 86_400) % 86_400) / 86_400))
    }

    /// The instant the day begins in China (midnight, UTC+8), in seconds since the epoch: the
    /// inverse of ``init(epochSeconds:utcOffsetSeconds:)`` for a day's bounds.
    public var startEpochSeconds: Int64 { Int64(dayNumber) * 86_400 - 8 * 3600 }

    /// The first day of the date's month.
    public var firstOfMonth: CivilDate { CivilDate(dayNumber: dayNumber - day + 1) }

    /// The first day of the month a `YYYY-MM` text names; nil for anything else.
    public static func month(_ text: String) -> CivilDate? {
        guard text.count == 7 else { return nil }
        return CivilDate(text + "-01")
    }

    /// The first day of the month `months` after (or before) this date's.
    public func firstOfMonth(adding months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return CivilDate(year: y, month: index - y * 12 + 1, day: 1) ?? firstOfMonth
    }

    /// Minutes after midnight in China (UTC+8) at `epochSeconds`: opening hours, slots and
    /// clock times on tickets and screens are in these.
    public static func minuteOfDay(epochSeconds: Int64) -> Int {
        let local = epochSeconds + 8 * 3600
        return Int(((local % 86_400) + 86_400) % 86_400 / 60)
    }

    /// Parses "YYYY-MM-DD" strictly (four-digit year, two-digit month and day).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 1 = Monday … 7 = Sunday (ISO 8601, as the opening hours count).
    public var weekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// "2026-10-08".
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// "2026年10月8日", as notices print it.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "日期应为 YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
