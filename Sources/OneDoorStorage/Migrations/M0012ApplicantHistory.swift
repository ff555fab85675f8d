extension Migration {
    /// 一次采集、反复使用 keeps one record per applicant, refreshed by each intake; what a later
    /// intake replaces is kept here (the document as it was, when, and which case replaced it),
    /// so a change of name, phone or address is never lost silently.
    static let m0012ApplicantHistory = Migration(id: 12, name: "applicant history") { dialect in
        [
            """
            CREATE TABLE applicant_history (
                id \(dialect.autoIncrementPrimaryKey),
                key TEXT NOT NULL,
                document TEXT NOT NULL,
                replaced_at BIGINT NOT NULL,
                case_number TEXT NOT NULL
            )
            """,
            "CREATE INDEX applicant_history_key ON applicant_history (key, id)",
        ]
    }
}
