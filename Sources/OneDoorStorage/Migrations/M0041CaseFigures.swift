extension Migration {
    /// Case statistics (issue 18 §5, ADR 0044): what a month's figures group and count, in
    /// columns of `cases` — channel, acceptance and conclusion days, working days taken, 一次性告知
    /// notices, sends back to 受理, the intake clerk's number — filled for existing cases from their
    /// documents where they say it; and the stored figures of months (`case_month_figures`), one
    /// row per month, item, department, hall and channel, with the newest case change they saw.
    static let m0041CaseFigures = Migration(id: 41, name: "case figures") { dialect in
        let json: (String) -> String = { path in
            switch dialect {
            case .sqlite: "json_extract(document, '$.\(path)')"
            case .postgres: "(document::jsonb #>> '{\(path.replacingOccurrences(of: ".", with: ","))}')"
            }
        }
        return [
            "ALTER TABLE cases ADD COLUMN channel TEXT",
            "ALTER TABLE cases ADD COLUMN accepted_on TEXT",
            "ALTER TABLE cases ADD COLUMN concluded_on TEXT",
            "ALTER TABLE cases ADD COLUMN working_days BIGINT",
            "ALTER TABLE cases ADD COLUMN correction_notices BIGINT",
            "ALTER TABLE cases ADD COLUMN sent_back BIGINT",
            "ALTER TABLE cases ADD COLUMN intake_staff TEXT",
            "ALTER TABLE cases ADD COLUMN paused_total BIGINT",
            """
            UPDATE cases SET accepted_on = \(json("acceptedOn")),
                channel = CASE WHEN \(json("theme")) IS NOT NULL THEN 'theme' WHEN \(json("application")) IS NOT NULL THEN 'online' ELSE 'window' END,
                concluded_on = \(json("concludedOn")), working_days = CAST(\(json("workingDaysTaken")) AS BIGINT),
                paused_total = CAST(\(json("pausedDays")) AS BIGINT)
            """,
            """
            CREATE TABLE case_month_figures (
                month TEXT NOT NULL,
                item_code TEXT NOT NULL,
                department TEXT NOT NULL,
                hall TEXT NOT NULL,
                channel TEXT NOT NULL,
                figures TEXT NOT NULL,
                PRIMARY KEY (month, item_code, department, hall, channel)
            )
            """,
            """
            CREATE TABLE case_month_sources (
                month TEXT PRIMARY KEY,
                last_change BIGINT NOT NULL,
                computed_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
