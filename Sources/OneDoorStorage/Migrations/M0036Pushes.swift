extension Migration {
    /// 推送办 (issue 17 §3, ADR 0038): the life stages' items and the push rules (catalogue data,
    /// replaced with it on import); the pushes made, one per rule, holder, target and event
    /// (`push_key` unique, so a replayed event adds nothing); the stages each holder turned off.
    static let m0036Pushes = Migration(id: 36, name: "pushes") { dialect in
        [
            "CREATE TABLE life_stage_items (stage TEXT NOT NULL, item TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (stage, item))",
            "CREATE TABLE push_rules (code TEXT PRIMARY KEY, position BIGINT NOT NULL, document TEXT NOT NULL)",
            """
            CREATE TABLE pushes (
                id \(dialect.autoIncrementPrimaryKey),
                push_key TEXT NOT NULL UNIQUE,
                holder TEXT NOT NULL,
                rule TEXT NOT NULL,
                stage TEXT NOT NULL,
                target TEXT NOT NULL,
                reason TEXT NOT NULL,
                deadline TEXT,
                event TEXT NOT NULL,
                pushed_on TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                opened_at BIGINT
            )
            """,
            "CREATE INDEX pushes_holder ON pushes (holder, created_at)",
            "CREATE INDEX pushes_rule ON pushes (rule, created_at)",
            "CREATE TABLE push_opt_outs (holder TEXT NOT NULL, stage TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (holder, stage))",
        ]
    }
}
