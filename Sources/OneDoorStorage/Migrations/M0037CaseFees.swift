extension Migration {
    /// 统一收费 (issue 17 §2): the fees paid for cases, with their receipts; a receipt is recorded
    /// once per case. Read by theme case and by day for the report.
    static let m0037CaseFees = Migration(id: 37, name: "case fees") { dialect in
        [
            """
            CREATE TABLE case_fees (
                id \(dialect.autoIncrementPrimaryKey),
                case_number TEXT NOT NULL,
                theme_number TEXT,
                amount_fen BIGINT NOT NULL,
                payer TEXT NOT NULL,
                channel TEXT NOT NULL,
                receipt TEXT NOT NULL,
                paid_on TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (case_number, receipt)
            )
            """,
            "CREATE INDEX case_fees_theme ON case_fees (theme_number)",
            "CREATE INDEX case_fees_paid ON case_fees (paid_on)",
        ]
    }
}
