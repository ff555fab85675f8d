import OneDoorCore
import OneDoorTestSupport
import Testing

@Suite struct CivilDateTests {
    @Test func dayNumbersRoundTripAndKnowTheWeekday() {
        #expect(CivilDate("1970-01-01")!.dayNumber == 0)
        #expect(CivilDate("2026-11-22")!.weekday == 7)  // a Sunday
        #expect(CivilDate("2026-10-01")!.weekday == 4)
        #expect(CivilDate("2024-02-29") != nil && CivilDate("2026-02-29") == nil && CivilDate("2100-02-29") == nil)
        #expect(CivilDate("2026-1-05") == nil && CivilDate("2026-13-01") == nil && CivilDate("２０２６-01-01") == nil)
        for n in stride(from: -300_000, through: 2_900_000, by: 997) {
            let date = CivilDate(dayNumber: n)
            #expect(date.dayNumber == n)
            #expect(CivilDate(date.description) == date)
        }
        // Beijing time: 2026-11-22 23:30 UTC is already the 23rd in China.
        #expect(CivilDate(epochSeconds: 1_795_390_200).description == "2026-11-23")
        #expect(CivilDate(epochSeconds: -1).description == "1970-01-01")
    }
}

@Suite struct WorkingCalendarTests {
    let calendar = CalendarFixtures.calendar
    func d(_ s: String) -> CivilDate { CivilDate(s)! }

    @Test func holidaysAndAdjustedWorkdays() throws {
        #expect(try calendar.isWorkingDay(d("2026-10-10")))  // Saturday, 调休 working day
        #expect(try !calendar.isWorkingDay(d("2026-10-07")))  // National Day holiday
        #expect(try !calendar.isWorkingDay(d("2026-11-22")))  // ordinary Sunday
        #expect(try calendar.isWorkingDay(d("2026-11-23")))
    }

    @Test func deadlinesCountFromTheDayAfterAcceptance() throws {
        // Accepted Monday 28 September 2026: 29, 30 September, then 8, 9, 10 October (a working Saturday).
        #expect(try calendar.addingWorkingDays(5, to: d("2026-09-28")) == d("2026-10-10"))
        #expect(try calendar.addingWorkingDays(0, to: d("2026-09-28")) == d("2026-09-28"))
        // Accepted on a holiday: the first working day after it is day 1.
        #expect(try calendar.addingWorkingDays(1, to: d("2026-10-03")) == d("2026-10-08"))
        // Spring Festival 2026: accepted Friday 13 February, the working Saturday 14th is day 1.
        #expect(try calendar.addingWorkingDays(2, to: d("2026-02-13")) == d("2026-02-24"))
        // Across the year end into 2025 from 2024.
        #expect(try calendar.addingWorkingDays(3, to: d("2024-12-30")) == d("2025-01-03"))
        // Calendar days: an end on a day off moves to the next working day.
        #expect(try calendar.addingCalendarDays(3, to: d("2026-11-16")) == d("2026-11-19"))
        #expect(try calendar.addingCalendarDays(3, to: d("2026-09-28")) == d("2026-10-08"))
        #expect(try calendar.deadline(TimeLimit(days: 20), from: d("2026-11-02")) == d("2026-11-30"))
    }

    @Test func countingIncludesBothEnds() throws {
        #expect(try calendar.workingDays(from: d("2026-09-28"), to: d("2026-10-10")) == 6)
        #expect(try calendar.workingDays(from: d("2026-10-01"), to: d("2026-10-07")) == 0)
        #expect(try calendar.workingDays(from: d("2026-10-10"), to: d("2026-10-09")) == 0)
        // 2025: 365 days, 104 weekend days, 13 holidays on weekdays, 5 working weekends → 253... checked against the loop below.
        #expect(try calendar.workingDays(from: d("2025-01-01"), to: d("2025-12-31")) == naiveCount(d("2025-01-01"), d("2025-12-31")))
    }

    @Test func unloadedYearsAreErrorsNotGuesses() {
        #expect(throws: CalendarNotLoaded(year: 2027, loaded: 2024...2026)) { try calendar.addingWorkingDays(30, to: d("2026-12-15")) }
        #expect(throws: CalendarNotLoaded(year: 2023, loaded: 2024...2026)) { try calendar.isWorkingDay(d("2023-12-31")) }
        #expect(throws: CalendarNotLoaded(year: 2027, loaded: 2024...2026)) { try calendar.addingCalendarDays(20, to: d("2026-12-20")) }
        #expect(throws: CalendarNotLoaded(year: 2026, loaded: nil)) { try WorkingCalendar.empty.isWorkingDay(d("2026-01-05")) }
        let message = CalendarNotLoaded(year: 2027, loaded: 2024...2026).description
        #expect(message.contains("2027 年的节假日安排尚未加载") && message.contains("2024–2026 年"))
    }

    @Test func yearsMustBeValidAndContiguous() {
        var years = CalendarFixtures.years
        years.remove(at: 1)
        let gap = #expect(throws: ValidationFailed.self) { try WorkingCalendar(years: years) }
        #expect(gap?.problems.map(\.path) == ["years"])
        let bad = CalendarFile(year: 2027, source: nil, holidays: ["2027-02-30", "2026-12-31", "2027-03-05/2027-03-01"], workdays: ["2027-03-03"])
        guard case .failure(let failed) = bad.calendarYear() else { Issue.record("accepted"); return }
        #expect(failed.problems.map(\.path) == ["holidays[0]", "holidays[2]", "holidays[0]", "workdays[0]"])
    }

    @Test func fileRoundTripFoldsRuns() throws {
        for file in CalendarFixtures.files {
            let again = CalendarFile(try file.calendarYear().get())
            #expect(again.holidays == file.holidays)
            #expect(again.workdays == file.workdays)
        }
    }

    /// Every start day of the three years and limits up to 60 days agree with a day-by-day loop.
    @Test func agreesWithADayByDayLoop() throws {
        var generator = SplitMix64(seed: 20261122)
        let first = d("2024-01-01").dayNumber, last = d("2026-10-31").dayNumber
        for _ in 0..<3_000 {
            let start = CivilDate(dayNumber: Int.random(in: first...last, using: &generator))
            let days = Int.random(in: 0...40, using: &generator)
            var date = start, counted = 0
            while counted < days {
                date = date.adding(days: 1)
                if try calendar.isWorkingDayNaive(date) { counted += 1 }
            }
            #expect(try calendar.addingWorkingDays(days, to: start) == date, "\(days) working days after \(start)")
            let end = start.adding(days: days)
            #expect(try calendar.workingDays(from: start, to: end) == naiveCount(start, end))
        }
    }

    func naiveCount(_ a: CivilDate, _ b: CivilDate) throws -> Int {
        var n = 0
        for day in a.dayNumber...b.dayNumber where try calendar.isWorkingDayNaive(CivilDate(dayNumber: day)) { n += 1 }
        return n
    }
}

extension WorkingCalendar {
    /// The rule itself, straight from the lists: the reference the precomputed tables must match.
    func isWorkingDayNaive(_ date: CivilDate) throws -> Bool {
        guard let year = years.first(where: { $0.year == date.year }) else { throw CalendarNotLoaded(year: date.year, loaded: loadedYears) }
        if year.workdays.contains(date) { return true }
        return !date.isWeekend && !year.holidays.contains(date)
    }
}
