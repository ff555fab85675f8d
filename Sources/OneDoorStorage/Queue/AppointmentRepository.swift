import OneDoorCore

/// Why an appointment could not be booked or changed although the request was well formed.
public enum AppointmentStoreError: Error, Sendable, Equatable {
    /// No such appointment, or not the holder's (the two are not told apart).
    case notFound
    /// Every place of the slot is taken.
    case slotFull(label: String)
    /// Cancelled, checked in, a no-show, or its slot has begun.
    case notChangeable(state: AppointmentState)
}

/// Appointments (预约) and the places of their slots. A booking is counted against its slot's
/// capacity in the same transaction as its row, by a conditional upsert, so a slot is never
/// over-filled however many people book at once.
public struct AppointmentRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Bookings per slot start of `queue` on `day`.
    public func booked(hall: HallCode, queue: QueueCode, day: CivilDate) async throws -> [Int: (capacity: Int, booked: Int)] {
        try await database.read { db in
            var result: [Int: (capacity: Int, booked: Int)] = [:]
            for row in try await db.query(
                "SELECT start_minute, capacity, booked FROM appointment_slots WHERE hall = ? AND queue = ? AND day = ?",
                [.text(hall), .text(queue), .text(day.description)]
            ) {
                result[try row.int("start_minute")] = (try row.int("capacity"), try row.int("booked"))
            }
            return result
        }
    }

    /// Books `appointment` (state `booked`): the holder's limits are checked under their row's
    /// lock, then a place of the slot is taken. `offered` are the slots of the hall that day.
    /// `messages` (the holder's SMS, ADR 0022) are written with it.
    public func book(_ appointment: Appointment, offered: [AppointmentSlot], policy: AppointmentPolicy, at now: Int64,
                     messages: [OutgoingMessage] = [], messagePolicy: DispatchPolicy = DispatchPolicy()) async throws -> Appointment {
        try await database.write { db in
            try await Self.checkHolder(appointment, moving: nil, offered: offered, policy: policy, at: now, db)
            try await Self.takePlace(appointment, capacity: policy.capacityPerSlot, db)
            try await db.execute(
                """
                INSERT INTO appointments (id, hall, queue, day, start_minute, end_minute, ends_at, document_type, document_number,
                                          holder, state, booked_at, updated_at, phone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?)
                """,
                [.text(appointment.id), .text(appointment.hall), .text(appointment.queue), .text(appointment.slot.day.description),
                 .bind(appointment.slot.start), .bind(appointment.slot.end), .integer(appointment.slot.epoch(appointment.slot.end)),
                 .text(appointment.documentType.rawValue), .text(appointment.documentNumber), .text(appointment.holderKey),
                 .integer(now), .integer(now), .bind(appointment.phone)]
            )
            try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            return appointment
        }
    }

    /// Moves the booked appointment `id` of the holder of `documentNumber` to `slot`: the new place is taken and the old
    /// one given back in one transaction, the two slot rows always locked in the same order so
    /// that two people swapping slots cannot deadlock.
    /// `messages(before, after)` are written with the move, and the reminder of the old slot withdrawn.
    public func reschedule(
        id: String, documentNumber: String, to slot: AppointmentSlot, offered: [AppointmentSlot], policy: AppointmentPolicy, at now: Int64,
        messages: @Sendable (Appointment) -> [OutgoingMessage] = { _ in [] }, messagePolicy: DispatchPolicy = DispatchPolicy()
    ) async throws -> Appointment {
        try await database.write { db in
            let before = try await Self.changeable(id: id, documentNumber: documentNumber, at: now, db)
            // Moving to its own slot changes nothing (and must not find the slot "full" of itself).
            if before.slot == slot { return before }
            var after = before
            after.slot = slot
            try await Self.checkHolder(after, moving: id, offered: offered, policy: policy, at: now, db)
            if (before.slot.day, before.slot.start) < (slot.day, slot.start) {
                try await Self.givePlaceBack(before, db)
                try await Self.takePlace(after, capacity: policy.capacityPerSlot, db)
            } else {
                try await Self.takePlace(after, capacity: policy.capacityPerSlot, db)
                try await Self.givePlaceBack(before, db)
            }
            try await db.execute(
                """
                UPDATE appointments SET day = ?, start_minute = ?, end_minute = ?, ends_at = ?, updated_at = ?
                WHERE id = ? AND state = 'booked'
                """,
                [.text(slot.day.description), .bind(slot.start), .bind(slot.end), .integer(slot.epoch(slot.end)), .integer(now), .text(id)]
            )
            let withdraw = OutboxRepository.withdrawStatement(key: AppointmentMessages.reminderKey(before), at: now)
            try await db.executeBatch([withdraw] + messages(after).map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            return after
        }
    }

    /// Cancels the booked appointment `id` of the holder of `documentNumber` and gives its place back.
    /// `messages(appointment)` are written with the cancellation, and its reminder withdrawn.
    public func cancel(id: String, documentNumber: String, at now: Int64, messages: @Sendable (Appointment) -> [OutgoingMessage] = { _ in [] },
                       messagePolicy: DispatchPolicy = DispatchPolicy()) async throws -> Appointment {
        try await database.write { db in
            var appointment = try await Self.changeable(id: id, documentNumber: documentNumber, at: now, db)
            guard try await db.queryFirst(
                "UPDATE appointments SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'booked' RETURNING id",
                [.integer(now), .text(id)]
            ) != nil else { throw AppointmentStoreError.notChangeable(state: .cancelled) }
            try await Self.givePlaceBack(appointment, db)
            appointment.state = .cancelled
            let withdraw = OutboxRepository.withdrawStatement(key: AppointmentMessages.reminderKey(appointment), at: now)
            try await db.executeBatch([withdraw] + messages(appointment).map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            return appointment
        }
    }

    /// Turns the booked appointment into a ticket: the appointment is taken by compare-and-set
    /// (two kiosks checking in the same person give one ticket), then the ticket issued, in one
    /// transaction. `onTime` puts the ticket in the appointment lane.
    public func checkIn(
        _ appointment: Appointment, ticket request: TicketRequest, queue: HallQueue, ticketID: String, onTime: Bool,
        policy: TicketPolicy, at now: Int64
    ) async throws -> Ticket {
        try await database.write { db in
            guard try await db.queryFirst(
                "UPDATE appointments SET state = 'checked-in', ticket_id = ?, updated_at = ? WHERE id = ? AND state = 'booked' RETURNING id",
                [.text(ticketID), .integer(now), .text(appointment.id)]
            ) != nil else { throw AppointmentStoreError.notChangeable(state: .checkedIn) }
            return try await QueueRepository.issue(
                request, queue: queue, day: appointment.slot.day, id: ticketID, policy: policy, at: now,
                appointment: onTime ? appointment.id : nil, db
            )
        }
    }

    /// Marks every booked appointment whose slot ended by `now` a no-show; answers how many.
    @discardableResult
    public func markNoShows(at now: Int64) async throws -> Int {
        try await database.write { db in
            try await db.query(
                "UPDATE appointments SET state = 'no-show', updated_at = ? WHERE state = 'booked' AND ends_at <= ? RETURNING id",
                [.integer(now), .integer(now)]
            ).count
        }
    }

    public func appointment(id: String) async throws -> Appointment? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM appointments WHERE id = ?", [.text(id)]).map(Self.appointment)
        }
    }

    /// The holder's appointments at the hall on `day` that are still booked, earliest first.
    public func booked(hall: HallCode, holder: String, day: CivilDate) async throws -> [Appointment] {
        try await database.read { db in
            try await db.query(
                "SELECT * FROM appointments WHERE hall = ? AND holder = ? AND state = 'booked' AND day = ? ORDER BY start_minute",
                [.text(hall), .text(holder), .text(day.description)]
            ).map(Self.appointment)
        }
    }

    /// The hall's appointments on `day`, by slot (the staff's list).
    public func appointments(hall: HallCode, day: CivilDate) async throws -> [Appointment] {
        try await database.read { db in
            try await db.query(
                "SELECT * FROM appointments WHERE hall = ? AND day = ? ORDER BY start_minute, queue, seq",
                [.text(hall), .text(day.description)]
            ).map(Self.appointment)
        }
    }

    // MARK: Steps of a transaction

    /// Locks the holder's row, then checks the slot and the holder's open appointments
    /// (`moving` left out) against the rules; every problem at once.
    static func checkHolder(
        _ appointment: Appointment, moving: String?, offered: [AppointmentSlot], policy: AppointmentPolicy, at now: Int64, _ db: any SQLExecutor
    ) async throws {
        try await db.execute(
            """
            INSERT INTO appointment_holders (hall, holder, touched_at) VALUES (?, ?, ?)
            ON CONFLICT (hall, holder) DO UPDATE SET touched_at = excluded.touched_at
            """, [.text(appointment.hall), .text(appointment.holderKey), .integer(now)]
        )
        let held = try await db.query(
            "SELECT * FROM appointments WHERE hall = ? AND holder = ? AND state = 'booked' AND ends_at > ? AND id <> ?",
            [.text(appointment.hall), .text(appointment.holderKey), .integer(now), .text(moving ?? "")]
        ).map(Self.appointment)
        var problems = AppointmentRules.bookingProblems(appointment.slot, offered: offered, open: held.count, now: now, policy: policy)
        if let same = AppointmentRules.sameDayProblem(queue: appointment.queue, slot: appointment.slot, held: held) { problems.append(same) }
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }

    /// Takes one place of the appointment's slot, creating the slot's row with `capacity` on
    /// its first booking; throws `slotFull` when none is left.
    static func takePlace(_ appointment: Appointment, capacity: Int, _ db: any SQLExecutor) async throws {
        let taken = try await db.queryFirst(
            """
            INSERT INTO appointment_slots (hall, queue, day, start_minute, capacity, booked) VALUES (?, ?, ?, ?, ?, 1)
            ON CONFLICT (hall, queue, day, start_minute) DO UPDATE SET booked = appointment_slots.booked + 1
            WHERE appointment_slots.booked < appointment_slots.capacity
            RETURNING booked
            """,
            [.text(appointment.hall), .text(appointment.queue), .text(appointment.slot.day.description), .bind(appointment.slot.start), .bind(capacity)]
        )
        if taken == nil || capacity < 1 { throw AppointmentStoreError.slotFull(label: "\(appointment.slot.day.chinese) \(appointment.slot.label)") }
    }

    static func givePlaceBack(_ appointment: Appointment, _ db: any SQLExecutor) async throws {
        try await db.execute(
            "UPDATE appointment_slots SET booked = booked - 1 WHERE hall = ? AND queue = ? AND day = ? AND start_minute = ? AND booked > 0",
            [.text(appointment.hall), .text(appointment.queue), .text(appointment.slot.day.description), .bind(appointment.slot.start)]
        )
    }

    /// The appointment `id` of the holder of `documentNumber` (normalised), which they may
    /// still change at `now`.
    static func changeable(id: String, documentNumber: String, at now: Int64, _ db: any SQLExecutor) async throws -> Appointment {
        guard let appointment = try await db.queryFirst("SELECT * FROM appointments WHERE id = ?", [.text(id)]).map(Self.appointment),
              appointment.documentNumber == documentNumber
        else { throw AppointmentStoreError.notFound }
        guard appointment.isChangeable(at: now) else { throw AppointmentStoreError.notChangeable(state: appointment.state(at: now)) }
        return appointment
    }

    static func appointment(_ row: Row) throws -> Appointment {
        guard let day = CivilDate(try row.string("day")),
              let type = DocumentType(rawValue: try row.string("document_type")),
              let state = AppointmentState(rawValue: try row.string("state"))
        else { throw StorageError.database("appointment row \(try row.string("id")) is malformed") }
        return Appointment(
            id: try row.string("id"), hall: try row.code("hall"), queue: try row.code("queue"),
            slot: AppointmentSlot(day: day, start: try row.int("start_minute"), end: try row.int("end_minute")),
            documentType: type, documentNumber: try row.string("document_number"), state: state,
            bookedAt: try row.int64("booked_at"), ticket: try row.optionalString("ticket_id"), phone: try row.optionalString("phone")
        )
    }
}
