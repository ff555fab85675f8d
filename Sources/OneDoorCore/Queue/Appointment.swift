/// How appointments (预约) work at a hall: the size of a slot, how many people one slot of a
/// queue takes, how far ahead one may book, how many open appointments one person may hold, and
/// the grace window around a slot's start in which a check-in is served first.
public struct AppointmentPolicy: Sendable, Hashable, Codable {
    public var slotMinutes: Int
    public var capacityPerSlot: Int
    public var bookingDays: Int
    public var openPerPerson: Int
    public var graceMinutes: Int

    public init(slotMinutes: Int = 30, capacityPerSlot: Int = 4, bookingDays: Int = 7, openPerPerson: Int = 2, graceMinutes: Int = 15) {
        self.slotMinutes = slotMinutes
        self.capacityPerSlot = capacityPerSlot
        self.bookingDays = bookingDays
        self.openPerPerson = openPerPerson
        self.graceMinutes = graceMinutes
    }
}

/// A bookable time of a queue on a day: from `start` to `end`, minutes after midnight (China time).
public struct AppointmentSlot: Sendable, Hashable, Codable, Comparable {
    public var day: CivilDate
    public var start: Int
    public var end: Int

    public init(day: CivilDate, start: Int, end: Int) {
        self.day = day
        self.start = start
        self.end = end
    }

    /// "09:00–09:30".
    public var label: String { "\(Self.clock(start))–\(Self.clock(end))" }

    /// Seconds since the epoch at `minute` after midnight of the slot's day.
    public func epoch(_ minute: Int) -> Int64 { day.startEpochSeconds + Int64(minute * 60) }

    public static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    public static func < (a: AppointmentSlot, b: AppointmentSlot) -> Bool { (a.day, a.start) < (b.day, b.start) }
}

/// What a check-in at the kiosk does with an appointment, by when it happens.
public enum CheckIn: Sendable, Hashable {
    /// More than the grace before the slot: come back from `from` (seconds since the epoch).
    case tooEarly(from: Int64)
    /// Within the grace around the slot's start: a ticket called before all others.
    case onTime
    /// After the grace but before the slot ends: an ordinary ticket at the back of the queue.
    case late
    /// After the slot: the appointment is a no-show; the holder takes an ordinary ticket.
    case expired
}

/// The pure rules of appointments.
public enum AppointmentRules {
    /// The slots of a queue on `date`: the hall's periods that day (closed on holidays, open on
    /// 调休 working days) cut into whole slots; a period's remainder shorter than a slot is not offered.
    public static func slots(_ hall: Hall, on date: CivilDate, policy: AppointmentPolicy, calendar: WorkingCalendar) throws(CalendarNotLoaded) -> [AppointmentSlot] {
        try HallHours.periods(hall, on: date, calendar: calendar).flatMap { period -> [AppointmentSlot] in
            guard let opens = OpeningPeriod.minutes(period.opens), let closes = OpeningPeriod.minutes(period.closes), policy.slotMinutes > 0 else { return [] }
            return stride(from: opens, through: closes - policy.slotMinutes, by: policy.slotMinutes).map {
                AppointmentSlot(day: date, start: $0, end: $0 + policy.slotMinutes)
            }
        }
    }

    /// Why `slot` cannot be booked at `now` by someone holding `open` open appointments at the
    /// hall, given the slots the hall offers that day; empty when it can.
    public static func bookingProblems(
        _ slot: AppointmentSlot, offered: [AppointmentSlot], open: Int, now: Int64, policy: AppointmentPolicy
    ) -> [ValidationProblem] {
        var c = ProblemCollector()
        let today = CivilDate(epochSeconds: now)
        if !offered.contains(slot) {
            c.add("slot", offered.isEmpty ? "\(slot.day.chinese)不办公，不能预约" : "\(slot.day.chinese)没有 \(slot.label) 这个预约时段")
        } else if slot.epoch(slot.start) <= now {
            c.add("slot", "\(slot.day.chinese) \(slot.label) 已经开始或已过，请选择以后的时段")
        }
        if slot.day.dayNumber - today.dayNumber > policy.bookingDays {
            c.add("slot", "最多可预约 \(policy.bookingDays) 天内的时段")
        }
        if open >= policy.openPerPerson {
            c.add("documentNumber", "每人最多同时持有 \(policy.openPerPerson) 个未办理的预约，请先办理或取消已有预约")
        }
        return c.problems
    }

    /// Why the holder cannot book `slot` of `queue` given `held`, their open appointments at the
    /// hall (the one being moved left out): one appointment per queue and day.
    public static func sameDayProblem(queue: QueueCode, slot: AppointmentSlot, held: [Appointment]) -> ValidationProblem? {
        guard let same = held.first(where: { $0.queue == queue && $0.slot.day == slot.day }) else { return nil }
        return ValidationProblem(path: "slot", reason: "您已预约\(slot.day.chinese) \(same.slot.label) 的同一业务，如需改时间请改约")
    }

    /// What a check-in at `now` does with an appointment for `slot`.
    public static func checkIn(_ slot: AppointmentSlot, at now: Int64, policy: AppointmentPolicy) -> CheckIn {
        let start = slot.epoch(slot.start), grace = Int64(policy.graceMinutes * 60)
        if now < start - grace { return .tooEarly(from: start - grace) }
        if now <= start + grace { return .onTime }
        if now < slot.epoch(slot.end) { return .late }
        return .expired
    }

    /// Whether an appointment for `slot` not checked in by `now` is a no-show (its slot is over).
    public static func isNoShow(_ slot: AppointmentSlot, at now: Int64) -> Bool {
        now >= slot.epoch(slot.end)
    }
}
