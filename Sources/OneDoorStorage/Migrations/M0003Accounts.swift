extension Migration {
    /// Staff accounts, sessions and the audit log.
    static let m0003Accounts = Migration(id: 3, name: "accounts") { dialect in
        [
            """
            CREATE TABLE staff_accounts (
                id \(dialect.autoIncrementPrimaryKey),
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                staff_number TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                hall TEXT REFERENCES halls (code),
                department TEXT REFERENCES departments (code),
                is_chief_representative BIGINT NOT NULL,
                disabled BIGINT NOT NULL,
                password_hash TEXT NOT NULL,
                failed_logins BIGINT NOT NULL,
                locked_until BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                account_id BIGINT NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_account ON sessions (account_id)",
            """
            CREATE TABLE audit_log (
                id \(dialect.autoIncrementPrimaryKey),
                at BIGINT NOT NULL,
                actor_id BIGINT,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NOT NULL,
                client TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_log_at ON audit_log (at)",
        ]
    }
}
