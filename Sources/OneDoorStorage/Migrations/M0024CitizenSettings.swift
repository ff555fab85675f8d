extension Migration {
    /// What a citizen keeps in 我的 (issue 15 §2, §5): delivery addresses, and how they want to
    /// be told. The dispatcher finds a message's person by its recipient, a phone or an e-mail
    /// address, so e-mail addresses are indexed as phones already are.
    static let m0024CitizenSettings = Migration(id: 24, name: "citizen settings") { dialect in
        [
            """
            CREATE TABLE citizen_addresses (
                id \(dialect.autoIncrementPrimaryKey),
                citizen_id BIGINT NOT NULL REFERENCES citizens (id),
                recipient TEXT NOT NULL,
                phone TEXT NOT NULL,
                address TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX citizen_addresses_citizen ON citizen_addresses (citizen_id, id)",
            """
            CREATE TABLE citizen_preferences (
                citizen_id BIGINT PRIMARY KEY REFERENCES citizens (id),
                sms BIGINT NOT NULL,
                email BIGINT NOT NULL,
                quiet_from BIGINT,
                quiet_until BIGINT,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX citizens_email ON citizens (email)",
        ]
    }
}
