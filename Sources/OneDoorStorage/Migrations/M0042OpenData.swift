extension Migration {
    /// Open data (issue 18 §7, ADR 0045): the month counts of licences and the public list of
    /// rectifications read ranges of days, not every row.
    static let m0042OpenData = Migration(id: 42, name: "open data") { _ in
        [
            "CREATE INDEX licences_issued ON licences (issued_on)",
            "CREATE INDEX rectifications_created ON rectifications (created_at)",
        ]
    }
}
