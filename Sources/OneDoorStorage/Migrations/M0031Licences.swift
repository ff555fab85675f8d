extension Migration {
    /// Electronic licences (issue 16 §3, ADR 0033): the departments' signing keys (old ones kept,
    /// retired, for verification), the serial counters per type and issuer, the register with
    /// each licence's signed form, and the signed history of what was done to each.
    static let m0031Licences = Migration(id: 31, name: "licences") { _ in
        [
            """
            CREATE TABLE signing_keys (
                kid TEXT PRIMARY KEY,
                owner TEXT NOT NULL,
                algorithm TEXT NOT NULL,
                public_key TEXT NOT NULL,
                private_key TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                retired_at BIGINT
            )
            """,
            // One key in use per owner: two servers creating a department's first key at once
            // keep one of them.
            "CREATE UNIQUE INDEX signing_keys_current ON signing_keys (owner) WHERE retired_at IS NULL",
            """
            CREATE TABLE licence_serials (
                type_code TEXT NOT NULL,
                issuer TEXT NOT NULL,
                last BIGINT NOT NULL,
                PRIMARY KEY (type_code, issuer)
            )
            """,
            """
            CREATE TABLE licences (
                identifier TEXT PRIMARY KEY,
                type_code TEXT NOT NULL,
                department TEXT NOT NULL,
                issuer TEXT NOT NULL,
                serial TEXT NOT NULL,
                version BIGINT NOT NULL,
                holder_kind TEXT NOT NULL,
                holder_code TEXT NOT NULL,
                holder_name TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                valid_until TEXT,
                status TEXT NOT NULL,
                status_reason TEXT NOT NULL DEFAULT '',
                case_number TEXT,
                superseded_by TEXT,
                token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (type_code, issuer, serial, version)
            )
            """,
            "CREATE INDEX licences_holder ON licences (holder_code, status)",
            "CREATE INDEX licences_case ON licences (case_number) WHERE case_number IS NOT NULL",
            "CREATE INDEX licences_department ON licences (department, created_at)",
            "CREATE INDEX licences_expiring ON licences (valid_until) WHERE status = 'valid' AND valid_until IS NOT NULL",
            """
            CREATE TABLE licence_events (
                identifier TEXT NOT NULL,
                seq BIGINT NOT NULL,
                at BIGINT NOT NULL,
                action TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT NOT NULL,
                actor_id BIGINT,
                actor TEXT NOT NULL,
                token TEXT NOT NULL,
                PRIMARY KEY (identifier, seq)
            )
            """,
        ]
    }
}
