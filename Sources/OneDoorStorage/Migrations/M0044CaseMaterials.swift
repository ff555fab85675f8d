extension Migration {
    /// The reform's outcome figures (issue 18 §5, ADR 0047): how many materials each case listed at
    /// intake, filled for existing cases from their documents; the month figures stored before
    /// counted none, so they are dropped and computed again when next asked for.
    static let m0044CaseMaterials = Migration(id: 44, name: "case materials") { dialect in
        let count = switch dialect {
        case .sqlite: "json_array_length(document, '$.materials')"
        case .postgres: "jsonb_array_length(document::jsonb -> 'materials')"
        }
        return [
            "ALTER TABLE cases ADD COLUMN materials_count BIGINT",
            "UPDATE cases SET materials_count = \(count)",
            "DELETE FROM case_month_figures",
            "DELETE FROM case_month_sources",
        ]
    }
}
