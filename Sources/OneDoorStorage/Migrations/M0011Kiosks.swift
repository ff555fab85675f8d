extension Migration {
    /// Ticket machines registered to a hall (``Kiosk``): only the SHA-256 of a device token is
    /// stored, so a copy of the database hands out no working kiosk.
    static let m0011Kiosks = Migration(id: 11, name: "kiosks") { _ in
        [
            """
            CREATE TABLE kiosks (
                id TEXT PRIMARY KEY,
                hall TEXT NOT NULL REFERENCES halls (code),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                revoked_at BIGINT
            )
            """,
            "CREATE INDEX kiosks_hall ON kiosks (hall, created_at)",
        ]
    }
}
