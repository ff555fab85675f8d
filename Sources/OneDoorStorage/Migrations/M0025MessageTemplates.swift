extension Migration {
    /// Message templates reworded by administrators (ADR 0029): every version kept, the highest
    /// of a code in use; version 0, the built-in wording, lives in the code.
    static let m0025MessageTemplates = Migration(id: 25, name: "message templates") { _ in
        [
            """
            CREATE TABLE message_templates (
                code TEXT NOT NULL,
                version BIGINT NOT NULL,
                subject TEXT NOT NULL,
                text TEXT NOT NULL,
                note TEXT NOT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (code, version)
            )
            """,
        ]
    }
}
