extension Migration {
    /// A verified citizen's own tickets of the day and coming appointments in 我的, in any hall:
    /// found by holder (the existing indexes begin with the hall).
    static let m0023HolderLookups = Migration(id: 23, name: "holder lookups") { _ in
        [
            "CREATE INDEX tickets_holder ON tickets (holder, day)",
            "CREATE INDEX appointments_holder_day ON appointments (holder, day)",
        ]
    }
}
