import OneDoorCore

extension QueueRepository {
    /// A holder's tickets of `day` in every hall, in the order they were taken (`tickets_holder`).
    public func tickets(holder: String, day: CivilDate) async throws -> [Ticket] {
        try await database.read { db in
            try await db.query("SELECT * FROM tickets WHERE holder = ? AND day = ? ORDER BY issued_at, seq", [.text(holder), .text(day.description)])
                .map(Self.ticket)
        }
    }
}

extension AppointmentRepository {
    /// A holder's bookings from `day` on, still booked, in every hall (`appointments_holder_day`).
    public func upcoming(holder: String, from day: CivilDate) async throws -> [Appointment] {
        try await database.read { db in
            try await db.query(
                "SELECT * FROM appointments WHERE holder = ? AND day >= ? AND state = 'booked' ORDER BY day, start_minute LIMIT 20",
                [.text(holder), .text(day.description)]
            ).map(Self.appointment)
        }
    }
}
