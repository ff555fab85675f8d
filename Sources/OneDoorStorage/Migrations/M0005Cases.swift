extension Migration {
    /// Applicants, cases, their append-only history, case-number counters and the log of staff
    /// views of personal data.
    ///
    /// A case is stored as its JSON document plus the columns that lists filter and sort on.
    /// `back_office` holds the deciding department while the case waits for the back office
    /// (NULL otherwise), so a department's queue by deadline is one index range.
    static let m0005Cases = Migration(id: 5, name: "cases") { dialect in
        [
            """
            CREATE TABLE applicants (
                key TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE case_counters (
                hall TEXT NOT NULL,
                day TEXT NOT NULL,
                next BIGINT NOT NULL,
                PRIMARY KEY (hall, day)
            )
            """,
            """
            CREATE TABLE cases (
                number TEXT PRIMARY KEY,
                query_code TEXT NOT NULL,
                item_code TEXT NOT NULL,
                item_version BIGINT NOT NULL,
                department TEXT NOT NULL,
                hall TEXT NOT NULL,
                applicant_key TEXT NOT NULL REFERENCES applicants (key),
                state TEXT NOT NULL,
                revision BIGINT NOT NULL,
                back_office TEXT,
                promised_deadline TEXT,
                legal_deadline TEXT,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX cases_back_office ON cases (back_office, promised_deadline)",
            "CREATE INDEX cases_hall ON cases (hall, created_at)",
            "CREATE INDEX cases_applicant ON cases (applicant_key)",
            """
            CREATE TABLE case_events (
                case_number TEXT NOT NULL REFERENCES cases (number),
                seq BIGINT NOT NULL,
                at BIGINT NOT NULL,
                actor_id BIGINT,
                document TEXT NOT NULL,
                PRIMARY KEY (case_number, seq)
            )
            """,
            """
            CREATE TABLE personal_data_access (
                id \(dialect.autoIncrementPrimaryKey),
                at BIGINT NOT NULL,
                actor_id BIGINT,
                actor TEXT NOT NULL,
                client TEXT NOT NULL,
                case_number TEXT NOT NULL,
                purpose TEXT NOT NULL
            )
            """,
            "CREATE INDEX personal_data_access_case ON personal_data_access (case_number)",
        ]
    }
}
