extension Migration {
    /// Delivery reports name a message by the gateway's reference (ADR 0023).
    static let m0018OutboxReferences = Migration(id: 18, name: "outbox references") { _ in
        ["CREATE INDEX outbox_reference ON outbox (reference)"]
    }
}
