extension Migration {
    /// 电子监察's "three steps by one person" (issue 18 §3): whether one person took two of 承办,
    /// 审核 and 决定 of a case, kept beside the other figure columns and counted in the month
    /// figures. Existing cases are filled from their documents (who undertook and who reviewed;
    /// who decided was not kept before); the stored month figures counted none, so they are
    /// dropped and computed again when next asked for.
    static let m0047SharedHands = Migration(id: 47, name: "shared hands") { dialect in
        let same = switch dialect {
        case .sqlite: "json_extract(document, '$.undertakenBy') = json_extract(document, '$.reviewedBy')"
        case .postgres: "(document::jsonb ->> 'undertakenBy') = (document::jsonb ->> 'reviewedBy')"
        }
        return [
            "ALTER TABLE cases ADD COLUMN shared_hands BIGINT NOT NULL DEFAULT 0",
            "UPDATE cases SET shared_hands = 1 WHERE \(same)",
            "DELETE FROM case_month_figures",
            "DELETE FROM case_month_sources",
        ]
    }
}
