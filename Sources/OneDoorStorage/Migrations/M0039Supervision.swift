extension Migration {
    /// 电子监察 (issue 18 §3, ADR 0042): supervision orders (督办), at most one open per subject;
    /// and what the overview groups running cases by, in columns — the day a running special
    /// procedure started and its expected working days, the promised limit (its yellow light's
    /// threshold) — so that every department's lights are one grouped scan of the running cases,
    /// not a decode of each. Existing cases are filled from their documents. Today's tickets of a
    /// hall by `(hall, day)` for its waiting figures.
    static let m0039Supervision = Migration(id: 39, name: "supervision") { dialect in
        let json: (String) -> String = { path in
            switch dialect {
            case .sqlite: "json_extract(document, '$.\(path)')"
            case .postgres: "(document::jsonb #>> '{\(path.replacingOccurrences(of: ".", with: ","))}')"
            }
        }
        return [
            """
            CREATE TABLE supervision_orders (
                id \(dialect.autoIncrementPrimaryKey),
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                department TEXT,
                hall TEXT,
                state TEXT NOT NULL,
                due_on TEXT NOT NULL,
                revision BIGINT NOT NULL,
                document TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX supervision_orders_open ON supervision_orders (subject_kind, subject_id) WHERE state = 'open'",
            "CREATE INDEX supervision_orders_subject ON supervision_orders (subject_kind, subject_id, issued_at)",
            "CREATE INDEX supervision_orders_department ON supervision_orders (department, state, due_on)",
            "CREATE INDEX supervision_orders_hall ON supervision_orders (hall, state, due_on)",
            "CREATE INDEX supervision_orders_state ON supervision_orders (state, due_on)",
            "ALTER TABLE cases ADD COLUMN paused_on TEXT",
            "ALTER TABLE cases ADD COLUMN paused_days BIGINT",
            "ALTER TABLE cases ADD COLUMN promised_days BIGINT",
            "ALTER TABLE cases ADD COLUMN promised_unit TEXT",
            """
            UPDATE cases SET paused_on = \(json("specialProcedure.startedOn")),
                paused_days = CAST(\(json("specialProcedure.expectedDays")) AS BIGINT),
                promised_days = CAST(\(json("promisedLimit.days")) AS BIGINT),
                promised_unit = \(json("promisedLimit.unit"))
            """,
            "CREATE INDEX cases_running ON cases (state, legal_deadline)",
            "CREATE INDEX cases_paused ON cases (paused_on) WHERE paused_on IS NOT NULL",
            "CREATE INDEX tickets_hall_day ON tickets (hall, day)",
        ]
    }
}
