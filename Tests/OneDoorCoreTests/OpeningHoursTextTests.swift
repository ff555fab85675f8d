import OneDoorCore
import Testing

@Suite struct OpeningHoursTextTests {
    let weekdays = (1...5).flatMap { day in
        [OpeningPeriod(weekday: day, opens: "09:00", closes: "12:00"), OpeningPeriod(weekday: day, opens: "13:30", closes: "17:30")]
    } + [OpeningPeriod(weekday: 6, opens: "09:00", closes: "12:00")]

    @Test func formatThenParseGivesTheSamePeriods() {
        let text = OpeningHoursText.format(weekdays)
        #expect(text == "周一至周五 09:00–12:00、13:30–17:30\n周六 09:00–12:00")
        let parsed = OpeningHoursText.parse(text)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.periods == weekdays)
    }

    @Test func acceptsTheWaysPeopleWriteHours() {
        let parsed = OpeningHoursText.parse("星期一-星期五 9:00~12:00 13:30至17:30；周六、周日 09:00-12:00")
        #expect(parsed.problems.isEmpty)
        #expect(parsed.periods.count == 12)
        #expect(parsed.periods.first == OpeningPeriod(weekday: 1, opens: "09:00", closes: "12:00"))
        #expect(parsed.periods.last == OpeningPeriod(weekday: 7, opens: "09:00", closes: "12:00"))
    }

    @Test func namesEveryBadLine() {
        let parsed = OpeningHoursText.parse("周八 09:00-12:00\n周一 12:00-09:00\n周二 9点-12点\n周三")
        #expect(parsed.periods.isEmpty)
        #expect(parsed.problems.map(\.reason) == [
            "第 1 行“周八 09:00-12:00”的星期写法不正确，例如 周一至周五 或 周六",
            "第 2 行“周一 12:00-09:00”中“12:00-09:00”的结束时间应晚于开始时间",
            "第 3 行“周二 9点-12点”中的时间段“9点-12点”应写作 HH:MM-HH:MM",
            "第 4 行“周三”缺少时间段，例如 09:00-12:00",
        ])
        #expect(OpeningHoursText.parse("  ").problems.map(\.reason) == ["至少需要一个开放时段"])
    }
}
