extension Migration {
    /// A hall's figures of a day that is over, computed once from its ticket events and kept with
    /// the id of the day's last event: a later event for that day (a ticket closed late) makes
    /// the row stale, and it is computed again (ADR 0011).
    static let m0008QueueDayFigures = Migration(id: 8, name: "queue day figures") { _ in
        [
            """
            CREATE TABLE queue_day_figures (
                hall TEXT NOT NULL,
                day TEXT NOT NULL,
                last_event BIGINT NOT NULL,
                document TEXT NOT NULL,
                PRIMARY KEY (hall, day)
            )
            """,
        ]
    }
}
