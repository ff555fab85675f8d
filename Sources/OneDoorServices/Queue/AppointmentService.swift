import OneDoorCore
import OneDoorStorage

/// A day one may book at a hall, with whether it is open.
public struct BookableDay: Sendable, Hashable {
    public var day: CivilDate
    public var isOpen: Bool
}

/// Appointments (预约, 先预约、后办理): booking, cancelling and moving online or through the API
/// with the holder's ID, and the check-in at the kiosk that turns one into a ticket.
public final class AppointmentService: Sendable {
    public let repository: AppointmentRepository
    let templates: MessageTemplateService
    let queues: QueueService
    let calendar: CalendarService
    let clock: any AppClock
    public let policy: AppointmentPolicy
    let appointmentID: @Sendable () -> String
    /// Bookings, cancellations and moves per client address per minute: the per-person limits
    /// hold for one ID, this holds for someone typing many.
    let changes: ClientThrottle
    /// Bookings per document number per day, wherever they come from: the open-per-person limit
    /// stops someone holding many places under one number, this stops someone booking and
    /// cancelling under a victim's number all day (until a booking is confirmed by a message to
    /// the holder's phone).
    let bookingsPerDocument: ClientThrottle
    /// When the holder's messages may go out, and who to wake once they are written (ADR 0022).
    let messagePolicy: DispatchPolicy
    let messagesWritten: @Sendable () -> Void

    public init(
        repository: AppointmentRepository, queues: QueueService, calendar: CalendarService, clock: any AppClock,
        policy: AppointmentPolicy = AppointmentPolicy(), changesPerMinute: Int = 20, bookingsPerDocumentPerDay: Int = 6,
        appointmentID: @escaping @Sendable () -> String = QueueService.randomTicketID,
        messagePolicy: DispatchPolicy = DispatchPolicy(), messagesWritten: @escaping @Sendable () -> Void = {},
        templates: MessageTemplateService = .builtIn
    ) {
        self.templates = templates
        self.messagePolicy = messagePolicy
        self.messagesWritten = messagesWritten
        self.changes = ClientThrottle(AttemptLimiter(limit: changesPerMinute, window: 60))
        self.bookingsPerDocument = ClientThrottle(AttemptLimiter(limit: bookingsPerDocumentPerDay, window: 86_400))
        self.repository = repository
        self.queues = queues
        self.calendar = calendar
        self.clock = clock
        self.policy = policy
        self.appointmentID = appointmentID
    }

    /// Today and the days one may book ahead, each with whether the hall opens.
    public func days(hall code: HallCode) throws -> [BookableDay] {
        let hall = try queues.hall(code)
        let today = calendar.today
        return try (0...policy.bookingDays).map { offset in
            let day = today.adding(days: offset)
            return BookableDay(day: day, isOpen: try !HallHours.periods(hall, on: day, calendar: calendar.calendar).isEmpty)
        }
    }

    /// The slots of `queue` on `day` with their places left, and whether each can be booked now.
    public func availability(hall code: HallCode, queue: QueueCode, day: CivilDate) async throws -> [SlotAvailability] {
        let hall = try queues.hall(code)
        guard try await queues.queues(hall: hall.code).contains(where: { $0.code == queue }) else {
            throw ValidationFailed([ValidationProblem(path: "queue", reason: "本中心没有“\(queue)”队列")])
        }
        let offered = try AppointmentRules.slots(hall, on: day, policy: policy, calendar: calendar.calendar)
        let booked = try await repository.booked(hall: hall.code, queue: queue, day: day)
        let now = clock.now(), today = CivilDate(epochSeconds: now)
        return offered.map { slot in
            let counted = booked[slot.start]
            let capacity = counted?.capacity ?? policy.capacityPerSlot
            let taken = counted?.booked ?? 0
            let inTime = slot.epoch(slot.start) > now && slot.day.dayNumber - today.dayNumber <= policy.bookingDays
            return SlotAvailability(slot: slot, capacity: capacity, booked: taken, isBookable: inTime && taken < capacity)
        }
    }

    /// Books a slot in the holder's real name; every problem of the request is named at once.
    public func book(hall code: HallCode, _ request: AppointmentRequest, client: String) async throws -> Appointment {
        let hall = try queues.hall(code)
        let now = clock.now()
        try admit(client)
        let hallQueues = try await queues.queues(hall: hall.code)
        let (slot, number, phone) = try request.checked(queues: hallQueues, policy: policy, today: CivilDate(epochSeconds: now))
        if let wait = bookingsPerDocument.admit(client: request.documentType.holderKey(number), now: now) {
            var problem = ProblemDetails(status: 429, title: "Too Many Requests", detail: "该证件号码今天的预约次数已达上限，请明天再约，或到服务中心现场取号")
            problem.retryAfter = wait
            throw problem
        }
        let offered = try AppointmentRules.slots(hall, on: slot.day, policy: policy, calendar: calendar.calendar)
        let appointment = Appointment(
            id: appointmentID(), hall: hall.code, queue: request.queue, slot: slot, documentType: request.documentType,
            documentNumber: number, bookedAt: now, phone: phone
        )
        let queueName = hallQueues.first { $0.code == request.queue }?.name ?? request.queue.rawValue
        let messages = AppointmentMessages.booked(appointment, hallName: hall.name, queueName: queueName, at: now, book: await templates.current())
        let booked = try await repository.book(appointment, offered: offered, policy: policy, at: now, messages: messages, messagePolicy: messagePolicy)
        if !messages.isEmpty { messagesWritten() }
        return booked
    }

    /// The appointment, its state as of now; nil for an unknown id.
    public func appointment(id: String) async throws -> Appointment? {
        guard var appointment = try await repository.appointment(id: id) else { return nil }
        appointment.state = appointment.state(at: clock.now())
        return appointment
    }

    /// Cancels a booking: the holder proves it with their document number.
    public func cancel(id: String, documentNumber: String, client: String) async throws -> Appointment {
        try admit(client)
        guard let current = try await repository.appointment(id: id) else { throw AppointmentStoreError.notFound }
        let names = try await messageNames(of: current)
        let book = await templates.current()
        let cancelled = try await repository.cancel(id: id, documentNumber: Self.normalised(documentNumber), at: clock.now(), messages: { appointment in
            AppointmentMessages.cancelled(appointment, hallName: names.hall, queueName: names.queue, book: book)
        }, messagePolicy: messagePolicy)
        if cancelled.phone != nil { messagesWritten() }
        return cancelled
    }

    /// Moves a booking to another slot (same hall and queue); the old place is given back.
    public func reschedule(id: String, documentNumber: String, day: String, start: String, client: String) async throws -> Appointment {
        try admit(client)
        guard let current = try await repository.appointment(id: id) else { throw AppointmentStoreError.notFound }
        let hall = try queues.hall(current.hall)
        var c = ProblemCollector()
        let slot = AppointmentRequest.slot(day: day, start: start, policy: policy, into: &c)
        try c.throwIfAny()
        guard let slot else { return current }
        let offered = try AppointmentRules.slots(hall, on: slot.day, policy: policy, calendar: calendar.calendar)
        let now = clock.now()
        let names = try await messageNames(of: current)
        let book = await templates.current()
        let moved = try await repository.reschedule(
            id: id, documentNumber: Self.normalised(documentNumber), to: slot, offered: offered, policy: policy, at: now,
            messages: { AppointmentMessages.booked($0, hallName: names.hall, queueName: names.queue, at: now, book: book) }, messagePolicy: messagePolicy
        )
        if moved.phone != nil { messagesWritten() }
        return moved
    }

    /// The hall's and queue's names the appointment's messages use.
    private func messageNames(of appointment: Appointment) async throws -> (hall: String, queue: String) {
        guard let hall = try? queues.hall(appointment.hall) else { return (appointment.hall.rawValue, appointment.queue.rawValue) }
        let queue = try await queues.queues(hall: hall.code).first { $0.code == appointment.queue }
        return (hall.name, queue?.name ?? appointment.queue.rawValue)
    }

    /// Check-in at the kiosk (预约签到): the holder's next appointment today becomes a ticket,
    /// called first when within the grace around its slot, an ordinary one when late.
    public func checkIn(hall code: HallCode, documentType: DocumentType, documentNumber: String, at kiosk: Kiosk) async throws -> TicketStatus {
        // Only at a kiosk of the hall: the answer tells whether this person has an appointment today.
        guard kiosk.hall == code, kiosk.isActive else { throw KioskError.otherHall(kiosk.hall) }
        let hall = try queues.hall(code)
        let now = clock.now(), today = CivilDate(epochSeconds: now)
        var c = ProblemCollector()
        let (number, _) = documentType.checkedNumber(documentNumber, today: today, into: &c)
        try c.throwIfAny()
        let holder = documentType.holderKey(number)
        let booked = try await repository.booked(hall: hall.code, holder: holder, day: today)
        guard let next = booked.first(where: { !AppointmentRules.isNoShow($0.slot, at: now) }) else {
            throw TicketRuleError.notAllowed(booked.isEmpty
                ? "您今天在\(hall.name)没有待签到的预约，请直接取号"
                : "您预约的 \(booked.last!.slot.label) 已过，预约已失效，请直接取号")
        }
        let onTime: Bool
        switch AppointmentRules.checkIn(next.slot, at: now, policy: policy) {
        case .tooEarly(let from):
            throw TicketRuleError.notAllowed("您预约的是 \(next.slot.label)，请于 \(AppointmentSlot.clock(CivilDate.minuteOfDay(epochSeconds: from))) 后签到")
        case .onTime: onTime = true
        case .late: onTime = false
        case .expired: throw TicketRuleError.notAllowed("您预约的 \(next.slot.label) 已过，预约已失效，请直接取号")
        }
        let hallQueues = try await queues.queues(hall: hall.code)
        guard let queue = hallQueues.first(where: { $0.code == next.queue }) else { throw TicketStoreError.notFound(next.queue.rawValue) }
        // The phone given when booking is told when the turn is near, as a kiosk ticket's would be.
        let request = try TicketRequest(queue: queue.code, documentType: documentType, documentNumber: number, phone: next.phone)
            .checked(queues: hallQueues, policy: queues.policy, today: today)
        let ticket = try await repository.checkIn(
            next, ticket: request, queue: queue, ticketID: queues.ticketID(), onTime: onTime, policy: queues.policy, at: now
        )
        queues.hallChanged(hall.code)
        return try await queues.status(ticket)
    }

    /// The names of the appointment's hall and queue, as pages and the API show them.
    public func names(of appointment: Appointment) async throws -> (hall: String, queue: String) {
        let hall = try queues.hall(appointment.hall)
        let queue = try await queues.queues(hall: hall.code).first { $0.code == appointment.queue }
        return (hall.name, queue?.name ?? appointment.queue.rawValue)
    }

    /// Marks the appointments whose slot has ended unclaimed as no-shows (run every minute).
    @discardableResult
    public func markNoShows() async throws -> Int {
        try await repository.markNoShows(at: clock.now())
    }

    /// The hall's appointments on `day`, for its staff (masked where shown).
    public func appointments(hall code: HallCode, day: CivilDate, by identity: Identity) async throws -> [Appointment] {
        let hall = try queues.hall(code)
        // Those who see the hall's queue statistics see its appointments.
        guard identity.role.may(.readQueueStatistics) || (identity.role == .clerk && identity.account.hall == hall.code) else {
            throw TicketRuleError.forbidden("只能查看本中心的预约")
        }
        let now = clock.now()
        return try await repository.appointments(hall: hall.code, day: day).map { appointment in
            var shown = appointment
            shown.state = appointment.state(at: now)
            return shown
        }
    }

    private func admit(_ client: String) throws {
        if let wait = changes.admit(client: client, now: clock.now()) { throw TooManyRequests(retryAfter: wait) }
    }

    /// A document number as stored: trimmed, upper case, a valid 15-digit resident ID upgraded.
    static func normalised(_ number: String) -> String {
        let check = ResidentID.check(number.trimmingWhitespace(), today: nil)
        return check.isValid ? check.normalized : number.trimmingWhitespace().uppercased()
    }
}
