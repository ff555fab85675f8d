extension Migration {
    /// Holiday arrangements loaded by administrators (the years shipped with the product live
    /// in its resources; a stored year replaces a shipped one of the same number).
    static let m0004Calendar = Migration(id: 4, name: "calendar") { _ in
        [
            """
            CREATE TABLE calendar_years (
                year BIGINT PRIMARY KEY,
                document TEXT NOT NULL,
                loaded_at BIGINT NOT NULL,
                loaded_by TEXT NOT NULL
            )
            """,
        ]
    }
}
