import OneDoorCore

/// The append-only audit log (电子监察). Entries are written inside the transaction of the
/// change they describe, so a change and its record stand or fall together.
public struct AuditRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func record(at now: Int64, actor: AuditActor, action: String, target: String, detail: String) async throws {
        try await database.write { db in
            try await Self.record(db, at: now, actor: actor, action: action, target: target, detail: detail)
        }
    }

    static func record(_ db: any SQLExecutor, at now: Int64, actor: AuditActor, action: String, target: String, detail: String) async throws {
        let statement = insert(at: now, actor: actor, action: action, target: target, detail: detail)
        try await db.execute(statement.sql, statement.binds)
    }

    /// The statement that records an entry, for a batch of the change it describes.
    static func insert(at now: Int64, actor: AuditActor, action: String, target: String, detail: String) -> (sql: String, binds: [DatabaseValue]) {
        ("INSERT INTO audit_log (at, actor_id, actor, action, target, detail, client) VALUES (?, ?, ?, ?, ?, ?, ?)",
         [.integer(now), .bind(actor.accountID), .text(actor.name), .text(action), .text(target), .text(detail), .text(actor.client)])
    }

    /// The newest `limit` entries of one action (e.g. the bulk-reading flags supervisors see).
    public func recent(action: String, limit: Int) async throws -> [AuditEntry] {
        try await database.read { db in
            try await db.query(
                "SELECT id, at, actor_id, actor, action, target, detail, client FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?",
                [.text(action), .bind(limit)]
            ).map(Self.entry)
        }
    }

    /// The newest entries first, a page at a time.
    public func list(_ page: PageRequest) async throws -> (entries: [AuditEntry], total: Int) {
        try await database.read { db in
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM audit_log")?.int("n") ?? 0
            let entries = try await db.query(
                "SELECT id, at, actor_id, actor, action, target, detail, client FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?",
                [.bind(page.pageSize), .bind(page.offset)]
            ).map(Self.entry)
            return (entries, total)
        }
    }

    static func entry(_ row: Row) throws -> AuditEntry {
        AuditEntry(
            id: try row.int64("id"), at: try row.int64("at"), actorID: try row.optionalInt64("actor_id"),
            actor: try row.string("actor"), action: try row.string("action"), target: try row.string("target"),
            detail: try row.string("detail"), client: try row.string("client")
        )
    }
}
