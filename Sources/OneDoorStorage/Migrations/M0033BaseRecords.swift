extension Migration {
    /// 一次采集、反复使用 (issue 16 §1, §2, ADR 0035): what was said about each person and
    /// enterprise, appended and folded on reading (never updated in place), and the vault of
    /// materials received, per holder and type; the access log by time, for the supervisors' view
    /// of who reads how much.
    static let m0033BaseRecords = Migration(id: 33, name: "base records and vault") { dialect in
        [
            """
            CREATE TABLE record_statements (
                id \(dialect.autoIncrementPrimaryKey),
                holder TEXT NOT NULL,
                kind TEXT NOT NULL,
                source TEXT NOT NULL,
                at BIGINT NOT NULL,
                case_number TEXT,
                document TEXT NOT NULL
            )
            """,
            "CREATE INDEX record_statements_holder ON record_statements (holder, id)",
            """
            CREATE TABLE vault_materials (
                id \(dialect.autoIncrementPrimaryKey),
                holder TEXT NOT NULL,
                type_code TEXT NOT NULL,
                title TEXT NOT NULL,
                grade TEXT NOT NULL,
                source TEXT NOT NULL,
                received_on TEXT NOT NULL,
                valid_until TEXT,
                case_number TEXT NOT NULL,
                material_index BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX vault_materials_holder ON vault_materials (holder, type_code)",
            // Supervisors add up each member of staff's reads over a period (ReadingPatterns).
            "CREATE INDEX personal_data_access_at ON personal_data_access (at)",
        ]
    }
}
