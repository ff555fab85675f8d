extension Migration {
    /// A ticket's holder may leave a mobile number to be told when their turn is near (issue 15
    /// §5). After each call the waiting tickets of the queue that have one are looked at: the
    /// partial index holds only those, so a hall where nobody leaves a number pays nothing.
    static let m0026TicketPhones = Migration(id: 26, name: "ticket phones") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN notify_phone TEXT",
            "CREATE INDEX tickets_notify ON tickets (hall, queue) WHERE notify_phone IS NOT NULL AND state = 'waiting'",
        ]
    }
}
