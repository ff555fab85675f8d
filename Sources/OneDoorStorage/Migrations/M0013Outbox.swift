extension Migration {
    /// The notification outbox (ADR 0022): one row per message, written in the transaction of
    /// the event that causes it, unique by its key; and every attempt to send it.
    static let m0013Outbox = Migration(id: 13, name: "outbox") { dialect in
        [
            """
            CREATE TABLE outbox (
                id \(dialect.autoIncrementPrimaryKey),
                message_key TEXT NOT NULL UNIQUE,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                template TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                urgent BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                not_before BIGINT NOT NULL,
                claimed_until BIGINT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT,
                last_error TEXT,
                reference TEXT
            )
            """,
            // The dispatcher's question: what is queued and due, oldest first.
            "CREATE INDEX outbox_due ON outbox (state, not_before)",
            """
            CREATE TABLE outbox_attempts (
                message_id BIGINT NOT NULL REFERENCES outbox (id),
                attempt BIGINT NOT NULL,
                at BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (message_id, attempt)
            )
            """,
        ]
    }
}
