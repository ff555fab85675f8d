import OneDoorCore

extension QueueRepository {
    /// After a call in `queue`: the waiting tickets whose holders left a phone, each with how
    /// many wait ahead of it (the lanes called first, then its own lane issued before it — as
    /// ``ahead(of:)`` counts), and the message `near` makes for it put in the outbox. A ticket is
    /// told once (the message's key).
    static func tellNear(hall: HallCode, queue: QueueCode, at now: Int64, near: @Sendable (Ticket, Int) -> OutgoingMessage?,
                         _ db: any SQLExecutor) async throws {
        let rows = try await db.query(
            """
            SELECT t.*, (SELECT COUNT(*) FROM tickets o WHERE o.hall = t.hall AND o.queue = t.queue AND o.state = 'waiting'
                         AND (o.lane > t.lane OR (o.lane = t.lane AND (o.issued_at < t.issued_at OR (o.issued_at = t.issued_at AND o.seq < t.seq))))) AS ahead
            FROM tickets t WHERE t.hall = ? AND t.queue = ? AND t.notify_phone IS NOT NULL AND t.state = 'waiting'
            """, [.text(hall), .text(queue)]
        )
        var messages: [OutgoingMessage] = []
        for row in rows {
            if let message = near(try Self.ticket(row), try row.int("ahead")) { messages.append(message) }
        }
        guard !messages.isEmpty else { return }
        try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: DispatchPolicy()) })
    }

    /// The phone the holder of ticket `id` left for the near message, if any.
    public func notifyPhone(ticket id: String) async throws -> String? {
        try await database.read { db in
            try await db.queryFirst("SELECT notify_phone FROM tickets WHERE id = ?", [.text(id)])?.optionalString("notify_phone")
        }
    }
}
