extension Migration {
    /// Files (ADR 0025): each distinct content once (`blobs`, by SHA-256), and the documents of a
    /// case's materials — scanned at a window now, uploaded online next — pointing at them.
    static let m0017CaseFiles = Migration(id: 17, name: "case files") { dialect in
        [
            """
            CREATE TABLE blobs (
                sha256 TEXT PRIMARY KEY,
                size BIGINT NOT NULL,
                kind TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE case_files (
                id \(dialect.autoIncrementPrimaryKey),
                case_number TEXT NOT NULL REFERENCES cases (number),
                material_index BIGINT NOT NULL,
                sha256 TEXT NOT NULL REFERENCES blobs (sha256),
                file_name TEXT NOT NULL,
                uploaded_at BIGINT NOT NULL,
                uploaded_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX case_files_case ON case_files (case_number, material_index)",
        ]
    }
}
