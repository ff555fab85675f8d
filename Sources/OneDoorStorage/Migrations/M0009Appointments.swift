extension Migration {
    /// Appointments (预约) and the tickets they become.
    ///
    /// A slot's row counts its bookings against its capacity: a booking is one conditional
    /// upsert (`booked < capacity`), so concurrent bookings can never over-fill it on either
    /// database. The holder's row is what a booking locks first, so that one person's
    /// concurrent bookings are counted against their limit one after the other.
    ///
    /// Tickets get a lane number instead of the priority flag: 0 ordinary, 1 priority,
    /// 2 appointment (called first); the waiting index keeps its shape.
    static let m0009Appointments = Migration(id: 9, name: "appointments") { dialect in
        [
            "ALTER TABLE tickets RENAME COLUMN is_priority TO lane",
            "ALTER TABLE tickets ADD COLUMN appointment_id TEXT",
            """
            CREATE TABLE appointment_slots (
                hall TEXT NOT NULL,
                queue TEXT NOT NULL,
                day TEXT NOT NULL,
                start_minute BIGINT NOT NULL,
                capacity BIGINT NOT NULL,
                booked BIGINT NOT NULL,
                PRIMARY KEY (hall, queue, day, start_minute),
                FOREIGN KEY (hall, queue) REFERENCES hall_queues (hall, code)
            )
            """,
            """
            CREATE TABLE appointment_holders (
                hall TEXT NOT NULL,
                holder TEXT NOT NULL,
                touched_at BIGINT NOT NULL,
                PRIMARY KEY (hall, holder)
            )
            """,
            """
            CREATE TABLE appointments (
                seq \(dialect.autoIncrementPrimaryKey),
                id TEXT NOT NULL UNIQUE,
                hall TEXT NOT NULL,
                queue TEXT NOT NULL,
                day TEXT NOT NULL,
                start_minute BIGINT NOT NULL,
                end_minute BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                document_type TEXT NOT NULL,
                document_number TEXT NOT NULL,
                holder TEXT NOT NULL,
                state TEXT NOT NULL,
                booked_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                ticket_id TEXT,
                FOREIGN KEY (hall, queue) REFERENCES hall_queues (hall, code)
            )
            """,
            "CREATE INDEX appointments_holder ON appointments (hall, holder, state, day)",
            // The sweep that marks no-shows reads only the open bookings whose slot has ended.
            "CREATE INDEX appointments_open ON appointments (ends_at) WHERE state = 'booked'",
            "CREATE INDEX appointments_slot ON appointments (hall, day, start_minute)",
        ]
    }
}
