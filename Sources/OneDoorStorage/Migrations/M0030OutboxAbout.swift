extension Migration {
    /// Messages about an enterprise's cases and applications are read by all its authorised
    /// people in 我的 (issue 15 §1): found by the enterprise's key, as a person's are by phone.
    static let m0030OutboxAbout = Migration(id: 30, name: "outbox about") { _ in
        [
            "ALTER TABLE outbox ADD COLUMN about TEXT",
            "CREATE INDEX outbox_about ON outbox (about, id) WHERE about IS NOT NULL",
        ]
    }
}
