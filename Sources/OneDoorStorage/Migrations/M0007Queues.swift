extension Migration {
    /// Queues, tickets and their events (排队叫号).
    ///
    /// A ticket is a row of columns, not a document: calling is the hot path, and the waiting
    /// lane of each queue is one partial index range (`tickets_waiting`), so the head of a
    /// queue of 10,000 is one index probe. The events are what statistics are computed from.
    static let m0007Queues = Migration(id: 7, name: "queues and tickets") { dialect in
        [
            """
            CREATE TABLE hall_queues (
                hall TEXT NOT NULL REFERENCES halls (code),
                code TEXT NOT NULL,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                first_number BIGINT NOT NULL,
                last_number BIGINT NOT NULL,
                target_wait_minutes BIGINT NOT NULL,
                category TEXT,
                position BIGINT NOT NULL,
                PRIMARY KEY (hall, code),
                UNIQUE (hall, prefix)
            )
            """,
            // The queues a window calls from, when configured; absent rows mean "its categories' queues".
            """
            CREATE TABLE window_queues (
                hall TEXT NOT NULL,
                window_number TEXT NOT NULL,
                queue TEXT NOT NULL,
                position BIGINT NOT NULL,
                PRIMARY KEY (hall, window_number, queue),
                FOREIGN KEY (hall, window_number) REFERENCES windows (hall, number) ON DELETE CASCADE,
                FOREIGN KEY (hall, queue) REFERENCES hall_queues (hall, code) ON DELETE CASCADE
            )
            """,
            // Per window: ordinary tickets called since its last priority one (the interleave rule).
            """
            CREATE TABLE window_calls (
                hall TEXT NOT NULL,
                window_number TEXT NOT NULL,
                ordinary_since_priority BIGINT NOT NULL,
                PRIMARY KEY (hall, window_number)
            )
            """,
            """
            CREATE TABLE ticket_counters (
                hall TEXT NOT NULL,
                queue TEXT NOT NULL,
                day TEXT NOT NULL,
                next BIGINT NOT NULL,
                PRIMARY KEY (hall, queue, day)
            )
            """,
            // Tickets per holder per hall per day: the row an issue locks, so that two kiosks
            // cannot both give a person their fourth ticket.
            """
            CREATE TABLE ticket_holder_days (
                hall TEXT NOT NULL,
                day TEXT NOT NULL,
                holder TEXT NOT NULL,
                issued BIGINT NOT NULL,
                PRIMARY KEY (hall, day, holder)
            )
            """,
            """
            CREATE TABLE tickets (
                seq \(dialect.autoIncrementPrimaryKey),
                id TEXT NOT NULL UNIQUE,
                hall TEXT NOT NULL REFERENCES halls (code),
                queue TEXT NOT NULL,
                day TEXT NOT NULL,
                number TEXT NOT NULL,
                document_type TEXT NOT NULL,
                document_number TEXT NOT NULL,
                holder TEXT NOT NULL,
                priority TEXT,
                is_priority BIGINT NOT NULL,
                state TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                window_number TEXT,
                calls BIGINT NOT NULL,
                called_at BIGINT,
                started_at BIGINT,
                finished_at BIGINT,
                case_number TEXT,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX tickets_waiting ON tickets (hall, queue, is_priority, issued_at, seq) WHERE state = 'waiting'",
            // One open ticket per person and queue (实名制: no hoarding of places).
            """
            CREATE UNIQUE INDEX tickets_one_open ON tickets (hall, day, queue, holder)
            WHERE state IN ('waiting', 'called', 'serving', 'parked')
            """,
            "CREATE INDEX tickets_window ON tickets (hall, window_number, state)",
            """
            CREATE TABLE ticket_events (
                id \(dialect.autoIncrementPrimaryKey),
                ticket_seq BIGINT NOT NULL REFERENCES tickets (seq),
                hall TEXT NOT NULL,
                day TEXT NOT NULL,
                kind TEXT NOT NULL,
                at BIGINT NOT NULL,
                queue TEXT NOT NULL,
                window_number TEXT,
                staff_id BIGINT
            )
            """,
            "CREATE INDEX ticket_events_hall_day ON ticket_events (hall, day, id)",
            "CREATE INDEX ticket_events_ticket ON ticket_events (ticket_seq, id)",
        ]
    }
}
