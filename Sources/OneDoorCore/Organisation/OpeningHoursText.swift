/// Opening hours written as people write them, one group of days per line:
///
///     周一至周五 09:00-12:00、13:30-17:30
///     周六 09:00-12:00
///
/// The admin form edits hours in this form, and the public pages print it, so what an
/// administrator types is what citizens read.
public enum OpeningHoursText {
    static let dayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

    /// Consecutive days with the same periods, as (first weekday, last weekday, "HH:MM–HH:MM" periods).
    public static func groups(_ periods: [OpeningPeriod]) -> [(first: Int, last: Int, periods: [String])] {
        var byDay: [Int: [String]] = [:]
        for period in periods.sorted(by: { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }) {
            byDay[period.weekday, default: []].append("\(period.opens)–\(period.closes)")
        }
        var groups: [(first: Int, last: Int, periods: [String])] = []
        for day in 1...7 {
            guard let periods = byDay[day] else { continue }
            if let last = groups.last, last.last == day - 1, last.periods == periods {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, periods))
            }
        }
        return groups
    }

    /// "周一至周五" or "周六".
    public static func days(_ first: Int, _ last: Int) -> String {
        let a = dayNames[first - 1], b = dayNames[last - 1]
        return first == last ? a : "\(a)至\(b)"
    }

    /// One line per group, in the form ``parse(_:)`` reads back.
    public static func format(_ periods: [OpeningPeriod]) -> String {
        groups(periods).map { "\(days($0.first, $0.last)) \($0.periods.joined(separator: "、"))" }.joined(separator: "\n")
    }

    /// Reads lines (or groups separated by "；") of days and periods. Days: "周一", "周一至周五",
    /// "周一、周三"; periods: "09:00-12:00" with "-", "–", "~" or "至", separated by "、", "，" or spaces.
    /// Every problem is reported with its line number.
    public static func parse(_ text: String) -> (periods: [OpeningPeriod], problems: [ValidationProblem]) {
        var periods: [OpeningPeriod] = []
        var c = ProblemCollector()
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "；" || $0 == ";" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        for (n, line) in lines.enumerated() {
            let label = "第 \(n + 1) 行“\(line)”"
            guard let firstTime = line.firstIndex(where: { $0.isASCII && $0.isNumber }) else {
                c.add("openingHours", "\(label)缺少时间段，例如 09:00-12:00"); continue
            }
            guard let days = weekdays(String(line[..<firstTime]).trimmingWhitespace()) else {
                c.add("openingHours", "\(label)的星期写法不正确，例如 周一至周五 或 周六"); continue
            }
            let ranges = line[firstTime...].split(whereSeparator: { "、，, ".contains($0) })
            for range in ranges {
                let normalised = String(range).replacingAll(["–", "—", "~", "～", "至"], with: "-")
                let ends = normalised.split(separator: "-").map(String.init)
                guard ends.count == 2, let opens = OpeningPeriod.minutes(pad(ends[0])), let closes = OpeningPeriod.minutes(pad(ends[1])) else {
                    c.add("openingHours", "\(label)中的时间段“\(range)”应写作 HH:MM-HH:MM"); continue
                }
                guard opens < closes else { c.add("openingHours", "\(label)中“\(range)”的结束时间应晚于开始时间"); continue }
                for day in days { periods.append(OpeningPeriod(weekday: day, opens: pad(ends[0]), closes: pad(ends[1]))) }
            }
        }
        if lines.isEmpty { c.add("openingHours", "至少需要一个开放时段") }
        return (periods.sorted { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }, c.problems)
    }

    /// "9:00" → "09:00", so both spellings are accepted.
    static func pad(_ time: String) -> String {
        let t = time.trimmingWhitespace()
        return t.count == 4 && t.dropFirst().first == ":" ? "0" + t : t
    }

    static func weekdays(_ text: String) -> [Int]? {
        func day(_ name: Substring) -> Int? {
            let name = String(name).trimmingWhitespace()
            let normalised = name.hasPrefix("星期") ? "周" + name.dropFirst(2) : name
            let fixed = normalised == "周天" ? "周日" : normalised
            return dayNames.firstIndex(of: fixed).map { $0 + 1 }
        }
        var result: [Int] = []
        for part in text.split(whereSeparator: { "、，, ".contains($0) }) {
            let ends = part.split(whereSeparator: { "至-–~".contains($0) })
            if ends.count == 2, let a = day(ends[0]), let b = day(ends[1]), a <= b {
                result.append(contentsOf: a...b)
            } else if ends.count == 1, let a = day(ends[0]) {
                result.append(a)
            } else {
                return nil
            }
        }
        return result.isEmpty ? nil : result
    }
}

extension String {
    /// The string with every occurrence of each of `needles` replaced (Foundation-free).
    func replacingAll(_ needles: [String], with replacement: String) -> String {
        var result = self
        for needle in needles {
            result = result.split(separator: needle, omittingEmptySubsequences: false).joined(separator: replacement)
        }
        return result
    }
}
