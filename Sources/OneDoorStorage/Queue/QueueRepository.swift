import OneDoorCore

/// Waiting tickets of one queue.
public struct QueueLoad: Sendable, Hashable {
    public var waiting: Int
    public var priority: Int

    public init(waiting: Int = 0, priority: Int = 0) {
        self.waiting = waiting
        self.priority = priority
    }
}

/// Queues, tickets and their events. Every ticket change is one transaction with its event.
public struct QueueRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    // MARK: Queues

    public func queues(hall: HallCode) async throws -> [HallQueue] {
        try await database.read { db in
            try await db.query("SELECT * FROM hall_queues WHERE hall = ? ORDER BY position, code", [.text(hall)]).map(Self.queue)
        }
    }

    /// Stores `queues` as the hall's queues if it has none yet (the defaults on first use).
    public func insertIfNone(_ queues: [HallQueue], hall: HallCode) async throws {
        try await database.write { db in
            let existing = try await db.queryFirst("SELECT COUNT(*) AS n FROM hall_queues WHERE hall = ?", [.text(hall)])?.int("n") ?? 0
            guard existing == 0 else { return }
            for (position, queue) in queues.enumerated() {
                try await Self.upsert(queue, position: position, db)
            }
        }
    }

    /// The configured queues of each window of the hall that has a configuration.
    public func windowQueues(hall: HallCode) async throws -> [WindowNumber: [QueueCode]] {
        try await database.read { db in
            var result: [WindowNumber: [QueueCode]] = [:]
            for row in try await db.query("SELECT window_number, queue FROM window_queues WHERE hall = ? ORDER BY window_number, position", [.text(hall)]) {
                result[try row.code("window_number"), default: []].append(try row.code("queue"))
            }
            return result
        }
    }

    // MARK: Tickets

    /// Gives out the next number of `queue` to the checked `request`, enforcing the daily limit
    /// per holder and one open ticket per holder and queue, in one transaction with its event.
    public func issue(
        _ request: TicketRequest, queue: HallQueue, day: CivilDate, id: String, policy: TicketPolicy, at now: Int64
    ) async throws -> Ticket {
        try await database.write { db in
            try await Self.issue(request, queue: queue, day: day, id: id, policy: policy, at: now, appointment: nil, db)
        }
    }

    /// `issue` inside the caller's transaction (a check-in also changes its appointment);
    /// `appointment` puts the ticket in the appointment lane.
    static func issue(
        _ request: TicketRequest, queue: HallQueue, day: CivilDate, id: String, policy: TicketPolicy, at now: Int64,
        appointment: String?, _ db: any SQLExecutor
    ) async throws -> Ticket {
        let dayKey = day.description
        var ticket = Ticket(
            id: id, hall: queue.hall, queue: queue.code, day: day, number: "", documentType: request.documentType,
            documentNumber: request.documentNumber, priority: request.priority, issuedAt: now, appointment: appointment
        )
        // The holder's row is taken first: concurrent requests of one person queue up behind it.
        let issued = try await db.queryFirst(
            """
            INSERT INTO ticket_holder_days (hall, day, holder, issued) VALUES (?, ?, ?, 1)
            ON CONFLICT (hall, day, holder) DO UPDATE SET issued = ticket_holder_days.issued + 1
            RETURNING issued
            """, [.text(queue.hall), .text(dayKey), .text(ticket.holderKey)]
        )?.int("issued") ?? 0
        if issued > policy.ticketsPerPersonPerDay { throw TicketStoreError.dailyLimit(limit: policy.ticketsPerPersonPerDay) }
        let open = try await db.queryFirst(
            """
            SELECT number FROM tickets WHERE hall = ? AND day = ? AND queue = ? AND holder = ?
            AND state IN ('waiting', 'called', 'serving', 'parked')
            """, [.text(queue.hall), .text(dayKey), .text(queue.code), .text(ticket.holderKey)]
        )
        if open != nil { throw TicketStoreError.alreadyQueued(queue: queue.name) }
        let sequence = try await db.queryFirst(
            """
            INSERT INTO ticket_counters (hall, queue, day, next) VALUES (?, ?, ?, ?)
            ON CONFLICT (hall, queue, day) DO UPDATE SET next = ticket_counters.next + 1
            RETURNING next
            """, [.text(queue.hall), .text(queue.code), .text(dayKey), .bind(queue.firstNumber)]
        )?.int("next") ?? 0
        if sequence > queue.lastNumber { throw TicketStoreError.queueFull(queue: queue.name) }
        ticket.number = queue.ticketNumber(sequence)
        // The ticket and its first event in one call on the writer.
        try await db.executeBatch([
            (
                """
                INSERT INTO tickets (id, hall, queue, day, number, document_type, document_number, holder, priority,
                                     lane, state, issued_at, calls, updated_at, appointment_id, notify_phone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, 0, ?, ?, ?)
                """,
                [.text(id), .text(queue.hall), .text(queue.code), .text(dayKey), .text(ticket.number),
                 .text(request.documentType.rawValue), .text(request.documentNumber), .text(ticket.holderKey),
                 .bind(request.priority?.rawValue), .bind(ticket.lane.rawValue), .integer(now), .integer(now), .bind(appointment),
                 .bind(request.phone)]
            ),
            Self.eventInsert(.issued, seq: nil, ticket: ticket, at: now, staffID: nil),
        ])
        return ticket
    }

    /// Calls the ticket `CallingRule` picks from the heads of `queues` to `window`; nil when
    /// nobody waits. Two windows calling at once never get the same ticket: the update only
    /// takes a ticket that is still waiting, and the loser of a race picks again.
    ///
    /// `near` makes the message for a waiting ticket whose holder left a phone, given how many
    /// now wait ahead of it (nil: none); written in the call's own transaction, once per ticket.
    public func callNext(
        hall: HallCode, window: WindowNumber, queues: [QueueCode], policy: TicketPolicy, at now: Int64, staffID: Int64?,
        near: @Sendable (Ticket, Int) -> OutgoingMessage? = { _, _ in nil }
    ) async throws -> Ticket? {
        guard !queues.isEmpty else { return nil }
        // One statement for all heads (one round trip on PostgreSQL): per queue and lane, the
        // first row of the `tickets_waiting` index.
        let lanes: [TicketLane] = [.appointment, .priority, .ordinary]
        let binds: [DatabaseValue] = queues.flatMap { queue in lanes.flatMap { [.text(hall), .text(queue), .bind($0.rawValue)] } }
        return try await database.write { db in
            let head = "SELECT * FROM (SELECT seq, id, queue, lane, issued_at FROM tickets WHERE hall = ? AND queue = ? AND lane = ? AND state = 'waiting' ORDER BY issued_at, seq LIMIT 1\(db.dialect.skipLockedRows)) h"
            // The window's interleave counter rides along with every head: one call on the writer less.
            let heads = "SELECT u.*, (SELECT ordinary_since_priority FROM window_calls WHERE hall = ? AND window_number = ?) AS ordinary FROM ("
                + Array(repeating: head, count: queues.count * lanes.count).joined(separator: " UNION ALL ") + ") u"
            let headBinds = [.text(hall), .text(window)] + binds
            for _ in 0..<50 {
                let rows = try await db.query(heads, headBinds)
                let candidates = try rows.map { row in
                    CallCandidate(ticket: try row.string("id"), queue: try row.code("queue"), lane: TicketLane(rawValue: try row.int("lane")) ?? .ordinary,
                                  issuedAt: try row.int64("issued_at"), order: try row.int64("seq"))
                }
                let count = try rows.first?.optionalInt("ordinary") ?? policy.ordinaryPerPriority
                guard let pick = CallingRule.pick(candidates, ordinarySincePriority: count, policy: policy) else { return nil }
                guard let row = try await db.queryFirst(
                    """
                    UPDATE tickets SET state = 'called', window_number = ?, calls = 1, called_at = ?, updated_at = ?
                    WHERE seq = ? AND state = 'waiting'
                    RETURNING *
                    """, [.text(window), .integer(now), .integer(now), .integer(pick.order)]
                ) else { continue } // another window took it a moment ago
                let ticket = try Self.ticket(row)
                try await db.executeBatch([
                    (
                        """
                        INSERT INTO window_calls (hall, window_number, ordinary_since_priority) VALUES (?, ?, ?)
                        ON CONFLICT (hall, window_number) DO UPDATE SET ordinary_since_priority = excluded.ordinary_since_priority
                        """, [.text(hall), .text(window), .bind(CallingRule.ordinaryCount(after: pick, was: count))]
                    ),
                    Self.eventInsert(.called, seq: .integer(pick.order), ticket: ticket, at: now, staffID: staffID),
                ])
                try await Self.tellNear(hall: hall, queue: ticket.queue, at: now, near: near, db)
                return ticket
            }
            throw TicketStoreError.conflict(number: "")
        }
    }

    /// Applies `action` by `window` to the ticket `id`, which must belong to `hall`.
    public func act(
        _ action: TicketAction, ticket id: String, hall: HallCode, window: WindowNumber, target: HallQueue?, policy: TicketPolicy,
        at now: Int64, staffID: Int64?
    ) async throws -> Ticket {
        try await database.write { db in
            try await Self.act(action, ticket: id, hall: hall, window: window, target: target, policy: policy, at: now, staffID: staffID, in: db)
        }
    }

    /// ``act(_:ticket:hall:window:target:policy:at:staffID:)`` inside a transaction the caller
    /// holds (a case opened from a ticket starts the ticket in the case's own transaction).
    static func act(
        _ action: TicketAction, ticket id: String, hall: HallCode, window: WindowNumber, target: HallQueue?, policy: TicketPolicy,
        at now: Int64, staffID: Int64?, in db: any SQLExecutor
    ) async throws -> Ticket {
        // Only the hall's own tickets: another hall's ticket is, for this window, not there
        // (who may act at which hall is the service's question, not the store's).
        guard let row = try await db.queryFirst("SELECT * FROM tickets WHERE id = ? AND hall = ?", [.text(id), .text(hall)]) else {
            throw TicketStoreError.notFound(id)
        }
        let before = try Self.ticket(row), seq = try row.int64("seq")
        let (after, kind) = try TicketLifecycle.apply(action, to: before, window: window, target: target, policy: policy, at: now)
        let started: Int64? = kind == .started ? now : nil
        let finished: Int64? = kind == .finished ? now : nil
        // Compare-and-set on what was read: a window that acted in between makes this a 409.
        // A transfer into a queue where the holder already waits meets `tickets_one_open`.
        let updated: Row?
        do {
            updated = try await db.queryFirst(
            """
            UPDATE tickets SET state = ?, queue = ?, window_number = ?, calls = ?, called_at = ?,
                   started_at = COALESCE(?, started_at), finished_at = COALESCE(?, finished_at), updated_at = ?
            WHERE seq = ? AND state = ? AND calls = ? AND queue = ?
            RETURNING seq
            """,
            [.text(after.state.rawValue), .text(after.queue), .bind(after.window), .bind(after.calls), .bind(after.calledAt),
             .bind(started), .bind(finished), .integer(now), .integer(seq), .text(before.state.rawValue), .bind(before.calls), .text(before.queue)]
            )
        } catch StorageError.uniqueViolation where kind == .transferred {
            throw TicketStoreError.alreadyQueued(queue: target?.name ?? after.queue.rawValue)
        }
        guard updated != nil else { throw TicketStoreError.conflict(number: before.number) }
        try await Self.record(kind, seq: seq, ticket: after, at: now, staffID: staffID, window: window, db)
        return after
    }

    /// The ticket last finished at a window since `since`, with when and by whom (its
    /// `finished` event's staff): what the window's evaluator asks the citizen to rate.
    public func lastFinished(hall: HallCode, window: WindowNumber, since: Int64) async throws -> (ticket: Ticket, finishedAt: Int64, staffID: Int64?)? {
        try await database.read { db in
            guard let row = try await db.queryFirst(
                """
                SELECT t.*, (SELECT e.staff_id FROM ticket_events e WHERE e.ticket_seq = t.seq AND e.kind = 'finished' ORDER BY e.id DESC LIMIT 1)
                    AS finisher
                FROM tickets t WHERE t.hall = ? AND t.window_number = ? AND t.state = 'finished' AND t.finished_at >= ?
                ORDER BY t.finished_at DESC, t.seq DESC LIMIT 1
                """, [.text(hall), .text(window), .integer(since)]) else { return nil }
            return (try Self.ticket(row), try row.int64("finished_at"), try row.optionalInt64("finisher"))
        }
    }

    public func ticket(id: String) async throws -> Ticket? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM tickets WHERE id = ?", [.text(id)]).map(Self.ticket)
        }
    }

    /// Tickets that will be called before `ticket` as things stand: the waiting tickets of its
    /// queue in a lane called before its own (appointments, then priority: they may be called
    /// first), and those of its own lane issued before it.
    public func ahead(of ticket: Ticket) async throws -> Int {
        guard ticket.state == .waiting else { return 0 }
        // The ticket's own `seq` breaks ties in the same second, read in the same statement.
        let sql = """
            SELECT COUNT(*) AS n FROM tickets WHERE hall = ? AND queue = ? AND state = 'waiting'
            AND (lane > ? OR (lane = ? AND (issued_at < ? OR (issued_at = ? AND seq < (SELECT seq FROM tickets WHERE id = ?)))))
            """
        let lane = DatabaseValue.bind(ticket.lane.rawValue)
        return try await database.read { db in
            try await db.queryFirst(
                sql, [.text(ticket.hall), .text(ticket.queue), lane, lane, .integer(ticket.issuedAt), .integer(ticket.issuedAt), .text(ticket.id)]
            )?.int("n") ?? 0
        }
    }

    /// Waiting tickets per queue of the hall.
    public func load(hall: HallCode) async throws -> [QueueCode: QueueLoad] {
        try await database.read { db in
            var result: [QueueCode: QueueLoad] = [:]
            for row in try await db.query(
                "SELECT queue, lane, COUNT(*) AS n FROM tickets WHERE hall = ? AND state = 'waiting' GROUP BY queue, lane", [.text(hall)]
            ) {
                let n = try row.int("n")
                var load = result[try row.code("queue"), default: QueueLoad(waiting: 0, priority: 0)]
                load.waiting += n
                if TicketLane(rawValue: try row.int("lane")) == .priority { load.priority += n }
                result[try row.code("queue")] = load
            }
            return result
        }
    }

    /// Average service time (start to finish) per queue of the hall today, where some were served.
    public func serviceSeconds(hall: HallCode, day: CivilDate) async throws -> [QueueCode: Int] {
        try await database.read { db in
            var result: [QueueCode: Int] = [:]
            for row in try await db.query(
                """
                SELECT queue, CAST(SUM(finished_at - started_at) AS BIGINT) AS total, COUNT(*) AS n FROM tickets
                WHERE hall = ? AND day = ? AND state = 'finished' AND started_at IS NOT NULL GROUP BY queue
                """, [.text(hall), .text(day.description)]
            ) {
                let n = try row.int("n")
                if n > 0 { result[try row.code("queue")] = try row.int("total") / n }
            }
            return result
        }
    }

    /// The tickets a window holds: called, being served or parked there.
    public func atWindow(hall: HallCode, window: WindowNumber) async throws -> [Ticket] {
        try await database.read { db in
            try await db.query(
                "SELECT * FROM tickets WHERE hall = ? AND window_number = ? AND state IN ('called', 'serving', 'parked') ORDER BY called_at, seq",
                [.text(hall), .text(window)]
            ).map(Self.ticket)
        }
    }

    /// The hall's latest calls (叫号, 重呼, 恢复叫号), newest first.
    public func recentCalls(hall: HallCode, day: CivilDate, limit: Int) async throws -> [TicketCall] {
        try await database.read { db in
            try await db.query(
                """
                SELECT e.id, t.number, e.queue, e.window_number, e.kind, e.at FROM ticket_events e JOIN tickets t ON t.seq = e.ticket_seq
                WHERE e.hall = ? AND e.day = ? AND e.kind IN ('called', 'recalled', 'resumed') ORDER BY e.id DESC LIMIT ?
                """, [.text(hall), .text(day.description), .bind(limit)]
            ).map { row in
                TicketCall(id: try row.int64("id"), number: try row.string("number"), queue: try row.code("queue"),
                           window: try row.code("window_number"), kind: TicketEventKind(rawValue: try row.string("kind")) ?? .called,
                           at: try row.int64("at"))
            }
        }
    }

    /// A ticket's events, oldest first.
    public func events(ticket id: String) async throws -> [TicketEvent] {
        try await database.read { db in
            try await db.query(
                """
                SELECT e.kind, e.at, e.queue, e.window_number, e.staff_id FROM ticket_events e JOIN tickets t ON t.seq = e.ticket_seq
                WHERE t.id = ? ORDER BY e.id
                """, [.text(id)]
            ).map { row in
                TicketEvent(ticket: id, kind: TicketEventKind(rawValue: try row.string("kind")) ?? .issued, at: try row.int64("at"),
                            queue: try row.code("queue"), window: try row.optionalCode("window_number"), staffID: try row.optionalInt64("staff_id"))
            }
        }
    }

    // MARK: Rows

    static func record(
        _ kind: TicketEventKind, seq: Int64, ticket: Ticket, at now: Int64, staffID: Int64?, window: WindowNumber? = nil, _ db: any SQLExecutor
    ) async throws {
        let event = eventInsert(kind, seq: .integer(seq), ticket: ticket, at: now, staffID: staffID, window: window)
        try await db.execute(event.sql, event.binds)
    }

    /// The event row of `ticket`; `seq` is its number, or `nil` to look it up by id in the same
    /// statement (batched right after the ticket's own insert).
    static func eventInsert(
        _ kind: TicketEventKind, seq: DatabaseValue?, ticket: Ticket, at now: Int64, staffID: Int64?, window: WindowNumber? = nil
    ) -> (sql: String, binds: [DatabaseValue]) {
        (
            "INSERT INTO ticket_events (ticket_seq, hall, day, kind, at, queue, window_number, staff_id) VALUES ("
                + (seq == nil ? "(SELECT seq FROM tickets WHERE id = ?)" : "?") + ", ?, ?, ?, ?, ?, ?, ?)",
            [seq ?? .text(ticket.id), .text(ticket.hall), .text(ticket.day.description), .text(kind.rawValue), .integer(now),
             .text(ticket.queue), .bind(window ?? ticket.window), .bind(staffID)]
        )
    }

    static func upsert(_ q: HallQueue, position: Int, _ db: any SQLExecutor) async throws {
        try await db.execute(
            """
            INSERT INTO hall_queues (hall, code, name, prefix, first_number, last_number, target_wait_minutes, category, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (hall, code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix, first_number = excluded.first_number,
                last_number = excluded.last_number, target_wait_minutes = excluded.target_wait_minutes, category = excluded.category
            """,
            [.text(q.hall), .text(q.code), .text(q.name), .text(q.prefix), .bind(q.firstNumber), .bind(q.lastNumber),
             .bind(q.targetWaitMinutes), .bind(q.category), .bind(position)]
        )
    }

    static func queue(_ row: Row) throws -> HallQueue {
        HallQueue(
            hall: try row.code("hall"), code: try row.code("code"), name: try row.string("name"), prefix: try row.string("prefix"),
            firstNumber: try row.int("first_number"), lastNumber: try row.int("last_number"),
            targetWaitMinutes: try row.int("target_wait_minutes"), category: try row.optionalString("category")
        )
    }

    static func ticket(_ row: Row) throws -> Ticket {
        guard let day = CivilDate(try row.string("day")),
              let type = DocumentType(rawValue: try row.string("document_type")),
              let state = TicketState(rawValue: try row.string("state"))
        else { throw StorageError.database("ticket row \(try row.string("id")) is malformed") }
        return Ticket(
            id: try row.string("id"), hall: try row.code("hall"), queue: try row.code("queue"), day: day,
            number: try row.string("number"), documentType: type, documentNumber: try row.string("document_number"),
            priority: try row.optionalString("priority").flatMap(PriorityLane.init(rawValue:)), state: state,
            issuedAt: try row.int64("issued_at"), window: try row.optionalCode("window_number"), calls: try row.int("calls"),
            calledAt: try row.optionalInt64("called_at"), caseNumber: try row.optionalCode("case_number"),
            appointment: try row.optionalString("appointment_id"), notifyPhone: try row.optionalString("notify_phone")
        )
    }
}
