extension Migration {
    /// Sign-out at the province too (RP-initiated logout, ADR 0028): a session opened through
    /// the provider keeps the ID token to name it by when signing out there. And a provider that
    /// gives no mobile number: who the provider vouched for waits, under a one-time token, until
    /// the citizen proves a phone with a code.
    static let m0029ProvinceSessions = Migration(id: 29, name: "province sessions") { _ in
        [
            "ALTER TABLE citizen_sessions ADD COLUMN id_token TEXT",
            """
            CREATE TABLE province_bindings (
                token_hash TEXT PRIMARY KEY,
                issuer TEXT NOT NULL,
                subject TEXT NOT NULL,
                name TEXT NOT NULL,
                document_type TEXT NOT NULL,
                document_number TEXT NOT NULL,
                id_token TEXT NOT NULL,
                next_path TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
