extension Migration {
    /// 电子监察's alerts (issue 18 §3, ADR 0048): each rule's subjects raised, so that each is told once.
    static let m0045SupervisionAlerts = Migration(id: 45, name: "supervision alerts") { _ in
        [
            """
            CREATE TABLE supervision_alerts (
                rule TEXT NOT NULL,
                subject TEXT NOT NULL,
                text TEXT NOT NULL,
                raised_at BIGINT NOT NULL,
                PRIMARY KEY (rule, subject)
            )
            """,
            "CREATE INDEX supervision_alerts_raised ON supervision_alerts (raised_at)",
        ]
    }
}
