extension Migration {
    /// 好差评 (issue 18 §1, ADR 0040): one rating per service (a visit, a case, an online
    /// application), its context in columns for the figures, and the rectification a 差评 opens.
    static let m0038Ratings = Migration(id: 38, name: "ratings") { dialect in
        [
            """
            CREATE TABLE ratings (
                id \(dialect.autoIncrementPrimaryKey),
                service_kind TEXT NOT NULL,
                service_id TEXT NOT NULL,
                level BIGINT NOT NULL,
                rater TEXT NOT NULL,
                case_number TEXT,
                item_code TEXT,
                department TEXT,
                hall TEXT,
                window_number TEXT,
                staff_number TEXT,
                rated_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                document TEXT NOT NULL,
                UNIQUE (service_kind, service_id)
            )
            """,
            "CREATE INDEX ratings_rater ON ratings (rater, rated_at)",
            "CREATE INDEX ratings_department ON ratings (department, rated_at)",
            "CREATE INDEX ratings_hall ON ratings (hall, rated_at)",
            """
            CREATE TABLE rectifications (
                id \(dialect.autoIncrementPrimaryKey),
                rating_id BIGINT NOT NULL UNIQUE,
                department TEXT,
                hall TEXT,
                state TEXT NOT NULL,
                due TEXT NOT NULL,
                revision BIGINT NOT NULL,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX rectifications_department ON rectifications (department, state, due)",
            "CREATE INDEX rectifications_hall ON rectifications (hall, state, due)",
        ]
    }
}
