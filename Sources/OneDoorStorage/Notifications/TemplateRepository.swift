import OneDoorCore

/// Message templates reworded by administrators (ADR 0029): append-only versions.
public struct TemplateRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// The newest version of every template that has one.
    public func current() async throws -> [TemplateVersion] {
        try await database.read { db in
            try await db.query(
                """
                SELECT t.* FROM message_templates t
                JOIN (SELECT code, MAX(version) AS newest FROM message_templates GROUP BY code) m ON m.code = t.code AND m.newest = t.version
                """, []
            ).map(Self.version)
        }
    }

    /// Every version of `code`, newest first.
    public func history(_ code: String) async throws -> [TemplateVersion] {
        try await database.read { db in
            try await db.query("SELECT * FROM message_templates WHERE code = ? ORDER BY version DESC", [.text(code)]).map(Self.version)
        }
    }

    /// Stores `template` as the next version of its code, audited in the same transaction. Nil
    /// when `expected` (the version the editor saw) is no longer the newest: another
    /// administrator published in between.
    public func publish(_ template: MessageTemplate, expected: Int, note: String, author: String, actor: AuditActor, at now: Int64) async throws -> Int? {
        do {
            return try await database.write { db -> Int? in
                let newest = try await db.queryFirst("SELECT MAX(version) AS v FROM message_templates WHERE code = ?", [.text(template.code)])?
                    .optionalInt("v") ?? 0
                guard newest == expected else { return nil }
                let version = newest + 1
                try await db.execute(
                    "INSERT INTO message_templates (code, version, subject, text, note, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [.text(template.code), .bind(version), .text(template.subject), .text(template.text), .text(note), .text(author), .integer(now)]
                )
                try await AuditRepository.record(db, at: now, actor: actor, action: "template.publish", target: template.code,
                                                 detail: "第 \(version) 版：\(template.text.prefix(200))")
                return version
            }
        } catch StorageError.uniqueViolation {
            // Two publishes of one version at once: the second is the stale one.
            return nil
        }
    }

    static func version(_ row: Row) throws -> TemplateVersion {
        let code = try row.string("code")
        return TemplateVersion(
            template: MessageTemplate(code: code, channel: TemplateBook.builtIn[code]?.channel ?? .sms, subject: try row.string("subject"),
                                      text: try row.string("text")),
            version: try row.int("version"), note: try row.string("note"), author: try row.string("author"), createdAt: try row.int64("created_at"))
    }
}
