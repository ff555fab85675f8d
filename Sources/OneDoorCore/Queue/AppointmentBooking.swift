/// Where an appointment (预约) stands.
public enum AppointmentState: String, Sendable, Codable, CaseIterable {
    /// Booked and not yet used: holds a place in its slot.
    case booked
    /// Turned into a ticket at the kiosk.
    case checkedIn = "checked-in"
    case cancelled
    /// Its slot ended without a check-in (爽约).
    case noShow = "no-show"

    public var label: String {
        switch self {
        case .booked: "已预约"
        case .checkedIn: "已签到取号"
        case .cancelled: "已取消"
        case .noShow: "已过期未签到"
        }
    }
}

/// A booked time at a hall's queue, in the holder's real name.
public struct Appointment: Sendable, Hashable, Codable {
    /// Opaque and unguessable, like a ticket's: with the holder's document number it lets one
    /// cancel or reschedule, so it must not be guessable.
    public var id: String
    public var hall: HallCode
    public var queue: QueueCode
    public var slot: AppointmentSlot
    public var documentType: DocumentType
    /// Normalised; masked wherever lists or logs show it.
    public var documentNumber: String
    public var state: AppointmentState
    public var bookedAt: Int64
    /// The ticket a check-in gave, if any.
    public var ticket: String?
    /// A mainland mobile number for the booking's messages (booked, reminder, cancelled); nil: none.
    public var phone: String?

    public init(
        id: String, hall: HallCode, queue: QueueCode, slot: AppointmentSlot, documentType: DocumentType, documentNumber: String,
        state: AppointmentState = .booked, bookedAt: Int64, ticket: String? = nil, phone: String? = nil
    ) {
        self.phone = phone
        self.id = id
        self.hall = hall
        self.queue = queue
        self.slot = slot
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.state = state
        self.bookedAt = bookedAt
        self.ticket = ticket
    }

    /// The same key tickets use for their holder: one person, whatever the spelling.
    public var holderKey: String { documentType.holderKey(documentNumber) }

    public var maskedDocumentNumber: String { documentType.masked(documentNumber) }

    /// The state as of `now`: a booking whose slot is over is a no-show even before the
    /// sweep has stored it so.
    public func state(at now: Int64) -> AppointmentState {
        state == .booked && AppointmentRules.isNoShow(slot, at: now) ? .noShow : state
    }

    /// Whether the holder may still cancel or move it: booked, and its slot not yet begun.
    public func isChangeable(at now: Int64) -> Bool {
        state == .booked && now < slot.epoch(slot.start)
    }
}

/// What a citizen asks for online or through the API: a slot of a queue, in their real name.
public struct AppointmentRequest: Sendable, Hashable {
    public var queue: QueueCode
    public var day: String
    /// "09:30": the slot's start.
    public var start: String
    public var documentType: DocumentType
    public var documentNumber: String
    /// For the booking's text messages; empty: none.
    public var phone: String

    public init(queue: QueueCode, day: String, start: String, documentType: DocumentType, documentNumber: String, phone: String = "") {
        self.phone = phone
        self.queue = queue
        self.day = day
        self.start = start
        self.documentType = documentType
        self.documentNumber = documentNumber
    }

    /// The slot asked for and the normalised document number, or every problem of the form at
    /// once. Whether the slot is offered, free and within the limits is decided against the
    /// hall's day by `AppointmentRules.bookingProblems`.
    public func checked(queues: [HallQueue], policy: AppointmentPolicy, today: CivilDate)
        throws(ValidationFailed) -> (slot: AppointmentSlot, documentNumber: String, phone: String?) {
        var c = ProblemCollector()
        if !queues.contains(where: { $0.code == queue }) {
            c.add("queue", queue.isEmpty ? "请选择业务类型" : "本中心没有“\(queue)”队列")
        }
        let slot = Self.slot(day: day, start: start, policy: policy, into: &c)
        let (normalized, _) = documentType.checkedNumber(documentNumber, today: today, into: &c)
        let trimmed = phone.trimmingWhitespace()
        let mobile = CaseMessages.mobile(trimmed)
        if !trimmed.isEmpty && mobile == nil { c.add("phone", "手机号码应为11位中国大陆手机号码（可不填）") }
        try c.throwIfAny()
        return (slot!, normalized, mobile)
    }

    /// The slot named by a day ("2026-12-01") and a start ("09:30"), or its problems.
    public static func slot(day: String, start: String, policy: AppointmentPolicy, into c: inout ProblemCollector) -> AppointmentSlot? {
        let date = CivilDate(day)
        if date == nil { c.add("day", day.isEmpty ? "请选择预约日期" : "日期应为 YYYY-MM-DD") }
        let minute = OpeningPeriod.minutes(start)
        if minute == nil { c.add("start", start.isEmpty ? "请选择预约时段" : "时段应为 HH:MM，如 09:30") }
        guard let date, let minute else { return nil }
        return AppointmentSlot(day: date, start: minute, end: minute + policy.slotMinutes)
    }
}

/// A slot as the booking page shows it: how many places are left.
public struct SlotAvailability: Sendable, Hashable {
    public var slot: AppointmentSlot
    public var capacity: Int
    public var booked: Int
    /// Whether it can still be booked now (not begun, not full).
    public var isBookable: Bool

    public init(slot: AppointmentSlot, capacity: Int, booked: Int, isBookable: Bool) {
        self.slot = slot
        self.capacity = capacity
        self.booked = booked
        self.isBookable = isBookable
    }

    public var remaining: Int { max(0, capacity - booked) }
}
