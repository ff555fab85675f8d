extension Migration {
    /// Performance and the monthly rating figures (issue 18 §4, ADR 0046): ratings and complaints
    /// read by a period across every department, hall and member of staff.
    static let m0043Performance = Migration(id: 43, name: "performance") { _ in
        [
            "CREATE INDEX ratings_rated ON ratings (rated_at)",
            "CREATE INDEX complaints_received ON complaints (received_at)",
        ]
    }
}
