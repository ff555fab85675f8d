import OneDoorCore

/// The notification outbox (ADR 0022). Messages are written by the transaction of the event
/// that causes them (`enqueueStatement`), claimed by a dispatcher for a while (so that two
/// dispatchers, on one server or several, never hold the same message), and each attempt is
/// recorded with what it came to.
public struct OutboxRepository: Sendable {
    public let database: any SQLDatabase
    public let policy: DispatchPolicy

    public init(database: any SQLDatabase, policy: DispatchPolicy = DispatchPolicy()) {
        self.database = database
        self.policy = policy
    }

    static let columns = """
        id, message_key, channel, recipient, template, subject, body, urgent, state, attempts, not_before, created_at, sent_at, last_error
        """

    /// The statement that puts `message` in the outbox, for the transaction of the event that
    /// causes it. A key already there is left as it is: the same event told twice is one message.
    public static func enqueueStatement(_ message: OutgoingMessage, at now: Int64, policy: DispatchPolicy) -> (sql: String, binds: [DatabaseValue]) {
        ("""
         INSERT INTO outbox (message_key, channel, recipient, template, subject, body, urgent, state, attempts, not_before, created_at, about)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?) ON CONFLICT (message_key) DO NOTHING
         """,
         [.text(message.key), .text(message.channel.rawValue), .text(message.recipient), .text(message.template), .text(message.subject),
          .text(message.body), .bind(message.urgent), .integer(policy.earliestSend(at: max(now, message.notBefore ?? now), urgent: message.urgent)),
          .integer(now), .bind(message.about)])
    }

    /// The statement that withdraws the message under `key` if it has not gone out yet, for the
    /// transaction of the change that makes it moot (an appointment cancelled or moved).
    public static func withdrawStatement(key: String, at now: Int64) -> (sql: String, binds: [DatabaseValue]) {
        ("UPDATE outbox SET state = 'cancelled', last_error = ? WHERE message_key = ? AND state = 'queued'",
         [.text("已撤回（\(now)）"), .text(key)])
    }

    /// Puts `messages` in the outbox in one transaction of their own.
    public func enqueue(_ messages: [OutgoingMessage], at now: Int64) async throws {
        guard !messages.isEmpty else { return }
        try await database.write { db in
            try await db.executeBatch(messages.map { Self.enqueueStatement($0, at: now, policy: policy) })
        }
    }

    /// Up to `limit` queued messages that are due at `now`, claimed for `seconds`: until the
    /// claim runs out no other dispatcher takes them. A dispatcher that dies holding a claim
    /// (kill -9) leaves its messages to be taken again when the claim runs out; the gateway,
    /// given each message's key, does not deliver a resent one twice.
    public func claim(at now: Int64, limit: Int, seconds: Int64 = 60) async throws -> [OutboxMessage] {
        try await database.write { db in
            try await db.query(
                """
                UPDATE outbox SET claimed_until = ? WHERE id IN (
                    SELECT id FROM outbox WHERE state = 'queued' AND not_before <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
                    ORDER BY not_before, id LIMIT ?\(db.dialect.skipLockedRows)
                ) RETURNING \(Self.columns)
                """,
                [.integer(now + seconds), .integer(now), .integer(now), .bind(limit)]
            ).map(Self.message).sorted { ($0.notBefore, $0.id) < ($1.notBefore, $1.id) }
        }
    }

    /// Records what an attempt to send message `id` came to, and its next state: sent; queued
    /// again for a later retry (backing off, never in the quiet hours unless urgent); or failed
    /// when the failure is permanent or the attempts are used up. Nil when there is no such
    /// message or it is no longer queued (another dispatcher recorded it first).
    ///
    /// `claimedAttempts` is how many attempts the message had when it was claimed: a dispatcher
    /// whose claim ran out (it stalled past 60 s) and whose message was meanwhile claimed and
    /// tried by another records nothing, so each attempt is recorded once (nil: as stored now).
    @discardableResult
    public func record(_ id: Int64, _ outcome: SendOutcome, at now: Int64, claimedAttempts: Int? = nil) async throws -> OutboxMessage? {
        try await recordAll([(id, claimedAttempts, outcome)], at: now).first ?? nil
    }

    /// ``record(_:_:at:)`` for a batch, in one transaction: a dispatcher records what it sent
    /// with one durable commit, not one per message. (Should the server die before it, the
    /// batch's claims run out and its messages are sent again, under the same keys.)
    @discardableResult
    public func recordAll(_ outcomes: [(id: Int64, claimedAttempts: Int?, outcome: SendOutcome)], at now: Int64) async throws -> [OutboxMessage?] {
        guard !outcomes.isEmpty else { return [] }
        return try await database.write { db -> [OutboxMessage?] in
            var results: [OutboxMessage?] = []
            for (id, claimed, outcome) in outcomes {
                results.append(try await Self.record(id, outcome, claimedAttempts: claimed, at: now, policy: policy, db))
            }
            return results
        }
    }

    static func record(_ id: Int64, _ outcome: SendOutcome, claimedAttempts: Int?, at now: Int64, policy: DispatchPolicy,
                       _ db: any SQLExecutor) async throws -> OutboxMessage? {
        guard let row = try await db.queryFirst("SELECT \(Self.columns) FROM outbox WHERE id = ? AND state = 'queued'", [.integer(id)]) else {
            return nil
        }
        let message = try Self.message(row)
        if let claimedAttempts, claimedAttempts != message.attempts { return nil }
        if case .postponed(let until) = outcome {
            // Waiting is not an attempt: only the time moves, and the claim is let go.
            return try await db.queryFirst(
                "UPDATE outbox SET not_before = ?, claimed_until = NULL WHERE id = ? AND state = 'queued' AND attempts = ? RETURNING \(Self.columns)",
                [.integer(until), .integer(id), .bind(message.attempts)]
            ).map(Self.message)
        }
        let attempt = message.attempts + 1
        // What this attempt changes: nil leaves a column as it was.
        let state: OutboxState, notBefore: Int64?, sentAt: Int64?, reference: String?, summary: String, detail: String
        switch outcome {
        case .sent(let ref):
            (state, notBefore, sentAt, reference, summary, detail) = (.sent, nil, now, ref, "sent", ref ?? "")
        case .withdrawn(let reason):
            (state, notBefore, sentAt, reference, summary, detail) = (.cancelled, nil, nil, nil, "withdrawn", String(reason.prefix(500)))
        case .withheld(let reason):
            (state, notBefore, sentAt, reference, summary, detail) = (.withheld, nil, nil, nil, "withheld", String(reason.prefix(500)))
        case .postponed:
            return nil // answered above
        case .failed(let reason, let permanent):
            let retry = permanent ? nil : policy.retry(afterAttempts: attempt, at: now, urgent: message.message.urgent)
            (state, notBefore, sentAt, reference) = (retry == nil ? .failed : .queued, retry, nil, nil)
            (summary, detail) = (retry == nil ? "failed" : "retry", String(reason.prefix(500)))
        }
        let updated = try await db.queryFirst(
            """
            UPDATE outbox SET state = ?, attempts = ?, not_before = COALESCE(?, not_before), sent_at = COALESCE(?, sent_at),
                reference = COALESCE(?, reference), last_error = COALESCE(?, last_error), claimed_until = NULL
            WHERE id = ? AND state = 'queued' AND attempts = ? RETURNING \(Self.columns)
            """,
            [.text(state.rawValue), .bind(attempt), .bind(notBefore), .bind(sentAt), .bind(reference),
             state == .sent ? .null : .text(detail), .integer(id), .bind(message.attempts)]
        )
        // Compare-and-set on the attempts read above: on PostgreSQL a dispatcher recording the same
        // message at once waits for the row, then finds it moved on and records nothing.
        guard let updated else { return nil }
        try await db.execute(
            "INSERT INTO outbox_attempts (message_id, attempt, at, outcome, detail) VALUES (?, ?, ?, ?, ?)",
            [.integer(id), .bind(attempt), .integer(now), .text(summary), .text(detail)]
        )
        return try Self.message(updated)
    }

    /// The gateway reported that the message it knows as `reference` did not reach the phone
    /// (空号, switched off for days): failed, with the gateway's reason.
    @discardableResult
    public func markUndelivered(reference: String, reason: String, at now: Int64) async throws -> Bool {
        try await database.write { db in
            try await db.queryFirst(
                "UPDATE outbox SET state = 'failed', last_error = ? WHERE reference = ? AND state IN ('sent', 'delivered') RETURNING id",
                [.text(String(reason.prefix(500))), .text(reference)]
            ) != nil
        }
    }

    /// The gateway reported that the message it knows as `reference` reached the phone.
    @discardableResult
    public func markDelivered(reference: String, at now: Int64) async throws -> Bool {
        try await database.write { db in
            try await db.queryFirst(
                "UPDATE outbox SET state = 'delivered' WHERE reference = ? AND state = 'sent' RETURNING id", [.text(reference)]
            ) != nil
        }
    }

    /// Messages newest first, optionally of one state, with the total.
    public func list(state: OutboxState? = nil, limit: Int, offset: Int) async throws -> (messages: [OutboxMessage], total: Int) {
        try await database.read { db in
            let filter = state == nil ? "" : " WHERE state = ?"
            let binds: [DatabaseValue] = state.map { [.text($0.rawValue)] } ?? []
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox\(filter)", binds)?.int("n") ?? 0
            let rows = try await db.query("SELECT \(Self.columns) FROM outbox\(filter) ORDER BY id DESC LIMIT ? OFFSET ?",
                                          binds + [.bind(limit), .bind(offset)])
            return (try rows.map(Self.message), total)
        }
    }

    /// Messages to any of `recipients` (a citizen's phone and e-mail address) or about any of
    /// `about` (the enterprises they act for), newest first, with the total (indexes
    /// `outbox_recipient`, `outbox_about`).
    public func messages(to recipients: [String], about: [String] = [], limit: Int, offset: Int) async throws -> (messages: [OutboxMessage], total: Int) {
        guard !recipients.isEmpty else { return ([], 0) }
        return try await database.read { db in
            let marks = { (n: Int) in Array(repeating: "?", count: n).joined(separator: ", ") }
            let filter = "recipient IN (\(marks(recipients.count)))" + (about.isEmpty ? "" : " OR about IN (\(marks(about.count)))")
            let binds = (recipients + about).map(DatabaseValue.text)
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE \(filter)", binds)?.int("n") ?? 0
            let rows = try await db.query("SELECT \(Self.columns) FROM outbox WHERE \(filter) ORDER BY id DESC LIMIT ? OFFSET ?",
                                          binds + [.bind(limit), .bind(offset)])
            return (try rows.map(Self.message), total)
        }
    }

    /// The message stored under `key`, if any.
    public func find(key: String) async throws -> OutboxMessage? {
        try await database.read { db in
            try await db.queryFirst("SELECT \(Self.columns) FROM outbox WHERE message_key = ?", [.text(key)]).map(Self.message)
        }
    }

    /// Every attempt to send message `id`, first first: when, what it came to ("sent", "retry",
    /// "failed") and the gateway's reference or the reason.
    public func attempts(of id: Int64) async throws -> [(at: Int64, outcome: String, detail: String)] {
        try await database.read { db in
            try await db.query("SELECT at, outcome, detail FROM outbox_attempts WHERE message_id = ? ORDER BY attempt", [.integer(id)]).map {
                (try $0.int64("at"), try $0.string("outcome"), try $0.string("detail"))
            }
        }
    }

    static func message(_ row: Row) throws -> OutboxMessage {
        guard let channel = MessageChannel(rawValue: try row.string("channel")), let state = OutboxState(rawValue: try row.string("state")) else {
            throw StorageError.unexpectedValue(column: "channel/state", expected: "a channel and a state")
        }
        return OutboxMessage(
            id: try row.int64("id"),
            message: OutgoingMessage(key: try row.string("message_key"), channel: channel, recipient: try row.string("recipient"),
                                     template: try row.string("template"), subject: try row.string("subject"), body: try row.string("body"),
                                     urgent: try row.bool("urgent")),
            state: state, attempts: try row.int("attempts"), notBefore: try row.int64("not_before"), createdAt: try row.int64("created_at"),
            sentAt: try row.optionalInt64("sent_at"), lastError: try row.optionalString("last_error")
        )
    }
}
