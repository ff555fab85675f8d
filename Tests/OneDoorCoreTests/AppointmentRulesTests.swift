import OneDoorCore
import OneDoorTestSupport
import Testing

/// The pure rules of appointments (预约): slots from the hall's hours and the calendar, every
/// reason a booking is refused at once, and what a check-in does by when it happens.
@Suite struct AppointmentRulesTests {
    let calendar = CalendarFixtures.calendar
    let policy = AppointmentPolicy()
    let hall = Fixtures.halls[0] // weekdays 09:00–17:00
    let monday = CivilDate("2026-09-28")!

    @Test func slotsFollowTheHoursAndTheCalendar() throws {
        let slots = try AppointmentRules.slots(hall, on: monday, policy: policy, calendar: calendar)
        #expect(slots.count == 16 && slots.first?.label == "09:00–09:30" && slots.last?.label == "16:30–17:00")
        // A period that does not divide into whole slots offers none for its remainder.
        let odd = AppointmentPolicy(slotMinutes: 45)
        #expect(try AppointmentRules.slots(hall, on: monday, policy: odd, calendar: calendar).last?.label == "15:45–16:30")
        // National Day is closed; Saturday 10 October 2026, a 调休 working day, has the weekday hours.
        #expect(try AppointmentRules.slots(hall, on: CivilDate("2026-10-01")!, policy: policy, calendar: calendar).isEmpty)
        #expect(try AppointmentRules.slots(hall, on: CivilDate("2026-10-10")!, policy: policy, calendar: calendar).count == 16)
        #expect(try AppointmentRules.slots(hall, on: CivilDate("2026-10-11")!, policy: policy, calendar: calendar).isEmpty)
    }

    @Test func everyReasonABookingIsRefusedIsNamedAtOnce() throws {
        let offered = try AppointmentRules.slots(hall, on: monday, policy: policy, calendar: calendar)
        let nine = offered[0]
        let atTen = nine.epoch(10 * 60)
        // Open, in the future, within the horizon, under the limit: fine.
        #expect(AppointmentRules.bookingProblems(offered[4], offered: offered, open: 1, now: atTen, policy: policy).isEmpty)
        // A slot already begun, by someone holding two open appointments.
        let late = AppointmentRules.bookingProblems(nine, offered: offered, open: 2, now: atTen, policy: policy)
        #expect(late.map(\.path) == ["slot", "documentNumber"])
        #expect(late[0].reason == "2026年9月28日 09:00–09:30 已经开始或已过，请选择以后的时段")
        // A time the hall does not offer, a closed day, too far ahead.
        let off = AppointmentSlot(day: monday, start: 8 * 60, end: 8 * 60 + 30)
        #expect(AppointmentRules.bookingProblems(off, offered: offered, open: 0, now: atTen, policy: policy).map(\.reason)
            == ["2026年9月28日没有 08:00–08:30 这个预约时段"])
        let holiday = AppointmentSlot(day: CivilDate("2026-10-01")!, start: 9 * 60, end: 9 * 60 + 30)
        #expect(AppointmentRules.bookingProblems(holiday, offered: [], open: 0, now: atTen, policy: policy).map(\.reason)
            == ["2026年10月1日不办公，不能预约"])
        // From Monday 2 November, Tuesday the 10th is 8 days ahead; Monday the 9th is within 7.
        let november = CivilDate("2026-11-02")!
        let from = AppointmentSlot(day: november, start: 0, end: 0).epoch(10 * 60)
        let far = try AppointmentRules.slots(hall, on: november.adding(days: 8), policy: policy, calendar: calendar)
        #expect(AppointmentRules.bookingProblems(far[0], offered: far, open: 0, now: from, policy: policy).map(\.reason)
            == ["最多可预约 7 天内的时段"])
        let near = try AppointmentRules.slots(hall, on: november.adding(days: 7), policy: policy, calendar: calendar)
        #expect(AppointmentRules.bookingProblems(near[0], offered: near, open: 0, now: from, policy: policy).isEmpty)
    }

    @Test func aCheckInIsServedFirstOnlyWithinTheGraceAroundTheSlot() {
        let slot = AppointmentSlot(day: monday, start: 10 * 60, end: 10 * 60 + 30)
        let start = slot.epoch(slot.start)
        #expect(AppointmentRules.checkIn(slot, at: start - 15 * 60 - 1, policy: policy) == .tooEarly(from: start - 15 * 60))
        #expect(AppointmentRules.checkIn(slot, at: start - 15 * 60, policy: policy) == .onTime)
        #expect(AppointmentRules.checkIn(slot, at: start + 15 * 60, policy: policy) == .onTime)
        #expect(AppointmentRules.checkIn(slot, at: start + 15 * 60 + 1, policy: policy) == .late)
        #expect(AppointmentRules.checkIn(slot, at: slot.epoch(slot.end), policy: policy) == .expired)
        #expect(!AppointmentRules.isNoShow(slot, at: slot.epoch(slot.end) - 1) && AppointmentRules.isNoShow(slot, at: slot.epoch(slot.end)))
        // The slot's clock is China time: 10:00 on 28 September 2026 is 02:00 UTC.
        #expect(start == 1_790_560_800 && CivilDate(epochSeconds: start) == monday)
    }
}
