extension Migration {
    /// Online applications (网上申报, ADR 0026), their uploads and their append-only history.
    /// An application is its JSON document plus the columns its lists filter and sort on: the
    /// citizen's own (`applications_citizen`) and a hall's pre-review queue by deadline
    /// (`applications_review`). `create_key` makes starting one idempotent per account.
    static let m0019Applications = Migration(id: 19, name: "online applications") { dialect in
        [
            """
            CREATE TABLE applications (
                id TEXT PRIMARY KEY,
                citizen_id BIGINT NOT NULL REFERENCES citizens (id),
                create_key TEXT,
                item_code TEXT NOT NULL,
                hall TEXT NOT NULL,
                state TEXT NOT NULL,
                revision BIGINT NOT NULL,
                review_deadline TEXT,
                submit_key TEXT,
                case_number TEXT,
                document TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX applications_create_key ON applications (citizen_id, create_key)",
            "CREATE INDEX applications_citizen ON applications (citizen_id, created_at)",
            "CREATE INDEX applications_review ON applications (hall, state, review_deadline)",
            "CREATE INDEX applications_case ON applications (case_number)",
            """
            CREATE TABLE application_files (
                id \(dialect.autoIncrementPrimaryKey),
                application_id TEXT NOT NULL REFERENCES applications (id),
                material_index BIGINT NOT NULL,
                sha256 TEXT NOT NULL REFERENCES blobs (sha256),
                file_name TEXT NOT NULL,
                uploaded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX application_files_application ON application_files (application_id, material_index)",
            """
            CREATE TABLE application_events (
                application_id TEXT NOT NULL REFERENCES applications (id),
                seq BIGINT NOT NULL,
                at BIGINT NOT NULL,
                actor_id BIGINT,
                document TEXT NOT NULL,
                PRIMARY KEY (application_id, seq)
            )
            """,
        ]
    }
}
