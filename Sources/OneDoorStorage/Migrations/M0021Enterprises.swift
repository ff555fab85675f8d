extension Migration {
    /// Enterprises reached through people (ADR 0027): each registered once, by its legal
    /// representative's account (verified by a clerk who saw the licence), and its agents' grants.
    static let m0021Enterprises = Migration(id: 21, name: "enterprises") { _ in
        [
            """
            CREATE TABLE enterprises (
                uscc TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                legal_representative BIGINT NOT NULL REFERENCES citizens (id),
                verified_by TEXT,
                verified_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX enterprises_legal_representative ON enterprises (legal_representative)",
            """
            CREATE TABLE enterprise_agents (
                uscc TEXT NOT NULL REFERENCES enterprises (uscc),
                citizen_id BIGINT NOT NULL REFERENCES citizens (id),
                items TEXT NOT NULL,
                ends_on TEXT NOT NULL,
                granted_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (uscc, citizen_id)
            )
            """,
            "CREATE INDEX enterprise_agents_citizen ON enterprise_agents (citizen_id)",
        ]
    }
}
