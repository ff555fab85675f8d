import OneDoorCore

/// What statistics read and keep (ADR 0011): each ticket's facts from its events, the days'
/// stored figures with the last event they were computed from, and past tickets loaded in bulk.
extension QueueRepository {
    /// Stores past tickets with their events as they come (load tests, `onedoor seed-tickets`):
    /// one transaction, tickets by multi-row insert returning the numbers their events refer to.
    /// Only closed tickets belong here: the day's counters and real-name limits are not touched.
    public func importTickets(_ tickets: [(ticket: Ticket, events: [TicketEvent], startedAt: Int64?, finishedAt: Int64?)], at now: Int64) async throws {
        try await database.write { db in
            let rows = tickets.map { item -> [DatabaseValue] in
                let t = item.ticket
                return [.text(t.id), .text(t.hall), .text(t.queue), .text(t.day.description), .text(t.number), .text(t.documentType.rawValue),
                        .text(t.documentNumber), .text(t.holderKey), .bind(t.priority?.rawValue), .bind(t.lane.rawValue),
                        .text(t.state.rawValue), .integer(t.issuedAt), .bind(t.window), .bind(t.calls), .bind(t.calledAt),
                        .bind(item.startedAt), .bind(item.finishedAt), .integer(now)]
            }
            var seqByID: [String: Int64] = [:]
            for row in try await db.insertRows(into: "tickets", columns: [
                "id", "hall", "queue", "day", "number", "document_type", "document_number", "holder", "priority", "lane",
                "state", "issued_at", "window_number", "calls", "called_at", "started_at", "finished_at", "updated_at",
            ], rows: rows, returning: "seq, id") {
                seqByID[try row.string("id")] = try row.int64("seq")
            }
            let events = tickets.flatMap { item in
                item.events.map { e -> [DatabaseValue] in
                    [.integer(seqByID[item.ticket.id]!), .text(item.ticket.hall), .text(item.ticket.day.description), .text(e.kind.rawValue),
                     .integer(e.at), .text(e.queue), .bind(e.window), .bind(e.staffID)]
                }
            }
            try await db.insertRows(into: "ticket_events", columns: ["ticket_seq", "hall", "day", "kind", "at", "queue", "window_number", "staff_id"],
                                    rows: events)
        }
    }

    /// Every ticket of the hall issued from `from` to `to` (both included), as its events tell it:
    /// one grouped scan of the hall's events for those days (index `ticket_events_hall_day`).
    public func facts(hall: HallCode, from: CivilDate, to: CivilDate) async throws -> [TicketFacts] {
        try await database.read { db in
            try await db.query(
                """
                SELECT MIN(day) AS day,
                    MIN(CASE WHEN kind = 'issued' THEN queue END) AS queue,
                    MIN(CASE WHEN kind = 'issued' THEN at END) AS issued_at,
                    MIN(CASE WHEN kind = 'called' THEN at END) AS called_at,
                    MIN(CASE WHEN kind = 'started' THEN at END) AS started_at,
                    MAX(CASE WHEN kind = 'finished' THEN at END) AS finished_at,
                    MAX(CASE WHEN kind = 'no-show' THEN 1 ELSE 0 END) AS no_show,
                    COALESCE(MAX(CASE WHEN kind = 'finished' THEN window_number END), MAX(CASE WHEN kind = 'started' THEN window_number END),
                             MAX(CASE WHEN kind IN ('called', 'recalled') THEN window_number END)) AS window_number,
                    COALESCE(MAX(CASE WHEN kind = 'finished' THEN staff_id END), MAX(CASE WHEN kind = 'started' THEN staff_id END),
                             MAX(CASE WHEN kind IN ('called', 'recalled') THEN staff_id END)) AS staff_id
                FROM ticket_events WHERE hall = ? AND day >= ? AND day <= ?
                GROUP BY ticket_seq
                """, [.text(hall), .text(from.description), .text(to.description)]
            ).compactMap { row -> TicketFacts? in
                // A ticket whose issue lies outside the range (none today: tickets live one day) is left out.
                guard let issued = try row.optionalInt64("issued_at"), let queue: QueueCode = try row.optionalCode("queue"),
                      let day = CivilDate(try row.string("day")) else { return nil }
                return TicketFacts(
                    day: day, queue: queue, issuedAt: issued, firstCalledAt: try row.optionalInt64("called_at"),
                    startedAt: try row.optionalInt64("started_at"), finishedAt: try row.optionalInt64("finished_at"),
                    noShow: try row.int("no_show") == 1, window: try row.optionalCode("window_number"), staffID: try row.optionalInt64("staff_id")
                )
            }
        }
    }

    /// The id of the last event of each of `days` at the hall that has any: one index probe a day.
    public func lastEvents(hall: HallCode, days: [CivilDate]) async throws -> [CivilDate: Int64] {
        try await database.read { db in
            var result: [CivilDate: Int64] = [:]
            for day in days {
                if let id = try await db.queryFirst(
                    "SELECT MAX(id) AS id FROM ticket_events WHERE hall = ? AND day = ?", [.text(hall), .text(day.description)]
                )?.optionalInt64("id") { result[day] = id }
            }
            return result
        }
    }

    /// The stored figures of the hall's days from `from` to `to`, with the last event each was computed from.
    public func dayFigures(hall: HallCode, from: CivilDate, to: CivilDate) async throws -> [CivilDate: (lastEvent: Int64, figures: DayFigures)] {
        try await database.read { db in
            var result: [CivilDate: (lastEvent: Int64, figures: DayFigures)] = [:]
            for row in try await db.query(
                "SELECT day, last_event, document FROM queue_day_figures WHERE hall = ? AND day >= ? AND day <= ?",
                [.text(hall), .text(from.description), .text(to.description)]
            ) {
                guard let day = CivilDate(try row.string("day")) else { continue }
                result[day] = (try row.int64("last_event"), try JSONCoding.decode(DayFigures.self, try row.string("document")))
            }
            return result
        }
    }

    /// Keeps a day's figures, computed from the events up to `lastEvent`.
    public func saveDayFigures(_ figures: DayFigures, hall: HallCode, day: CivilDate, lastEvent: Int64) async throws {
        let document = try JSONCoding.encode(figures)
        try await database.write { db in
            try await db.execute(
                """
                INSERT INTO queue_day_figures (hall, day, last_event, document) VALUES (?, ?, ?, ?)
                ON CONFLICT (hall, day) DO UPDATE SET last_event = excluded.last_event, document = excluded.document
                """, [.text(hall), .text(day.description), .integer(lastEvent), .text(document)]
            )
        }
    }
}

extension QueueRepository {
    /// A hall's waiting today (index `tickets_hall_day`): tickets waiting now and the oldest of
    /// them, tickets called today and their waits in total — the overview's hall line.
    public func waitingToday(hall: HallCode, day: CivilDate) async throws -> (waiting: Int, oldestIssuedAt: Int64?, called: Int, waitedSeconds: Int64) {
        try await database.read { db in
            let row = try await db.queryFirst(
                """
                SELECT CAST(COALESCE(SUM(CASE WHEN state = 'waiting' THEN 1 ELSE 0 END), 0) AS BIGINT) AS waiting,
                    MIN(CASE WHEN state = 'waiting' THEN issued_at END) AS oldest,
                    CAST(COALESCE(SUM(CASE WHEN called_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS called,
                    CAST(COALESCE(SUM(CASE WHEN called_at IS NOT NULL THEN called_at - issued_at ELSE 0 END), 0) AS BIGINT) AS waited
                FROM tickets WHERE hall = ? AND day = ?
                """, [.text(hall), .text(day.description)])
            return (try row?.int("waiting") ?? 0, try row?.optionalInt64("oldest"), try row?.int("called") ?? 0, try row?.int64("waited") ?? 0)
        }
    }
}
