extension Migration {
    /// 一件事 (issue 17 §1, ADR 0037): themes and their immutable versions, kept like items —
    /// a head row with the status and the published version, one JSON document per version.
    static let m0034Themes = Migration(id: 34, name: "themes") { _ in
        [
            """
            CREATE TABLE themes (
                code TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                latest_version BIGINT NOT NULL,
                published_version BIGINT,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE theme_versions (
                code TEXT NOT NULL REFERENCES themes (code) ON DELETE CASCADE,
                version BIGINT NOT NULL,
                name TEXT NOT NULL,
                theme TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (code, version)
            )
            """,
        ]
    }
}
