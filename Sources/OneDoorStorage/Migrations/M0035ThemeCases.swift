extension Migration {
    /// 一件事 cases (issue 17 §2, ADR 0037): one row per theme case, its children being ordinary
    /// cases named in its document. Read by number, by the lead department's open ones (the
    /// coordinator's view) and by applicant (我的).
    static let m0035ThemeCases = Migration(id: 35, name: "theme cases") { _ in
        [
            """
            CREATE TABLE theme_cases (
                number TEXT PRIMARY KEY,
                query_code TEXT NOT NULL,
                theme_code TEXT NOT NULL,
                hall TEXT NOT NULL,
                lead_department TEXT NOT NULL,
                applicant_key TEXT NOT NULL,
                state TEXT NOT NULL,
                revision BIGINT NOT NULL,
                promised_deadline TEXT,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX theme_cases_lead ON theme_cases (lead_department, state, created_at)",
            "CREATE INDEX theme_cases_applicant ON theme_cases (applicant_key, created_at)",
        ]
    }
}
