extension Migration {
    /// Citizen accounts, their one-time sign-in codes and their sessions (issue 15 §1), apart
    /// from staff accounts and sessions: a citizen's token is never looked up among staff
    /// sessions, nor a staff token among citizens'.
    static let m0014Citizens = Migration(id: 14, name: "citizens") { dialect in
        [
            """
            CREATE TABLE citizens (
                id \(dialect.autoIncrementPrimaryKey),
                phone TEXT NOT NULL UNIQUE,
                name TEXT,
                document_type TEXT,
                document_number TEXT,
                real_name TEXT NOT NULL,
                email TEXT,
                verified_by TEXT,
                verified_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            // Cases accepted at windows are found by the holder's document (verified accounts).
            "CREATE INDEX citizens_document ON citizens (document_type, document_number)",
            // One row per phone: the code now valid (a new one replaces it) and the counts the
            // per-phone limits need, so that several servers enforce them as one.
            """
            CREATE TABLE citizen_codes (
                phone TEXT PRIMARY KEY,
                code_hash TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                tries BIGINT NOT NULL,
                sent_at BIGINT NOT NULL,
                day_start BIGINT NOT NULL,
                day_count BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE citizen_sessions (
                token_hash TEXT PRIMARY KEY,
                citizen_id BIGINT NOT NULL REFERENCES citizens (id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX citizen_sessions_citizen ON citizen_sessions (citizen_id)",
        ]
    }
}
