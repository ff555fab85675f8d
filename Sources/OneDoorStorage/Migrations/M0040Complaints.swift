extension Migration {
    /// 投诉、举报、咨询、建议 (issue 18 §2, ADR 0043): one row each, its owner, state and due day in
    /// columns for the owners' lists, the supervisors' overview and the figures; the number the
    /// complainant quotes is unique.
    static let m0040Complaints = Migration(id: 40, name: "complaints") { dialect in
        [
            """
            CREATE TABLE complaints (
                id \(dialect.autoIncrementPrimaryKey),
                number TEXT UNIQUE,
                query_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                state TEXT NOT NULL,
                department TEXT,
                hall TEXT,
                case_number TEXT,
                staff_number TEXT,
                citizen_id BIGINT,
                due_on TEXT,
                finding TEXT,
                received_at BIGINT NOT NULL,
                revision BIGINT NOT NULL,
                document TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX complaints_department ON complaints (department, state, due_on)",
            "CREATE INDEX complaints_hall ON complaints (hall, state, due_on)",
            "CREATE INDEX complaints_state ON complaints (state, due_on)",
            "CREATE INDEX complaints_case ON complaints (case_number)",
            "CREATE INDEX complaints_citizen ON complaints (citizen_id, received_at)",
            "CREATE INDEX complaints_staff ON complaints (staff_number, received_at)",
        ]
    }
}
