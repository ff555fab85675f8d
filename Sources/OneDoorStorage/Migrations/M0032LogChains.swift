extension Migration {
    /// The hash chains of the audit and access logs (issue 16 §4, ADR 0034): each entry's place
    /// and hash, the head of each chain (whose row lock makes sealers take turns), and the signed
    /// daily anchors. Entries written before this migration are sealed like new ones.
    static let m0032LogChains = Migration(id: 32, name: "log chains") { _ in
        [
            "ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT",
            "ALTER TABLE audit_log ADD COLUMN chain_hash TEXT",
            "CREATE UNIQUE INDEX audit_log_chain ON audit_log (chain_seq) WHERE chain_seq IS NOT NULL",
            "CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE chain_seq IS NULL",
            "ALTER TABLE personal_data_access ADD COLUMN chain_seq BIGINT",
            "ALTER TABLE personal_data_access ADD COLUMN chain_hash TEXT",
            "CREATE UNIQUE INDEX personal_data_access_chain ON personal_data_access (chain_seq) WHERE chain_seq IS NOT NULL",
            "CREATE INDEX personal_data_access_unsealed ON personal_data_access (id) WHERE chain_seq IS NULL",
            "CREATE TABLE log_chain_heads (chain TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            """
            CREATE TABLE log_anchors (
                chain TEXT NOT NULL,
                day TEXT NOT NULL,
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL,
                at BIGINT NOT NULL,
                token TEXT NOT NULL,
                PRIMARY KEY (chain, day)
            )
            """,
        ]
    }
}
