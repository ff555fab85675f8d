import OneDoorCore
import Testing

/// A day's start in China and the steps between months, which the published figures count by.
@Suite struct CivilDateMonthTests {
    @Test func monthsStepAcrossTheYear() {
        let day = CivilDate("2026-12-15")!
        #expect(day.firstOfMonth == CivilDate("2026-12-01"))
        #expect(day.firstOfMonth(adding: 1) == CivilDate("2027-01-01") && day.firstOfMonth(adding: -12) == CivilDate("2025-12-01"))
        #expect(CivilDate("2026-01-31")!.firstOfMonth(adding: -1) == CivilDate("2025-12-01"))
        #expect(CivilDate("2026-01-31")!.firstOfMonth(adding: 1) == CivilDate("2026-02-01"))
    }

    @Test func aDayStartsAtMidnightInChina() {
        let day = CivilDate("2026-09-28")!
        // 2026-09-27T16:00:00Z is midnight of the 28th in UTC+8.
        #expect(day.startEpochSeconds == 1_790_524_800)
        #expect(CivilDate(epochSeconds: day.startEpochSeconds) == day && CivilDate(epochSeconds: day.startEpochSeconds - 1) == day.adding(days: -1))
    }
}

@Suite struct CivilDateMonthTextTests {
    @Test func aMonthIsReadOnlyAsYYYYMM() {
        #expect(CivilDate.month("2026-09") == CivilDate(year: 2026, month: 9, day: 1))
        for bad in ["2026-9", "2026-13", "2026-09-01", "", "abcd-ef", "2026-00"] { #expect(CivilDate.month(bad) == nil, "\(bad)") }
    }
}
