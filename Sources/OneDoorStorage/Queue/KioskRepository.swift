import OneDoorCore

/// Ticket machines of the halls, each change audited in its own transaction.
public struct KioskRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Registers `kiosk` with the hash of its device token.
    public func create(_ kiosk: Kiosk, tokenHash: String, by actor: AuditActor) async throws {
        try await database.write { db in
            try await db.executeBatch([
                ("INSERT INTO kiosks (id, hall, name, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)",
                 [.text(kiosk.id), .text(kiosk.hall), .text(kiosk.name), .text(tokenHash), .integer(kiosk.createdAt)]),
                AuditRepository.insert(at: kiosk.createdAt, actor: actor, action: "kiosk.register", target: "\(kiosk.hall)/\(kiosk.id)", detail: kiosk.name),
            ])
        }
    }

    /// Revokes the kiosk `id` of `hall`; false when the hall has no such active kiosk.
    public func revoke(id: String, hall: HallCode, by actor: AuditActor, at now: Int64) async throws -> Bool {
        try await database.write { db in
            let changed = try await db.queryFirst(
                "UPDATE kiosks SET revoked_at = ? WHERE id = ? AND hall = ? AND revoked_at IS NULL RETURNING id",
                [.integer(now), .text(id), .text(hall)]
            )
            guard changed != nil else { return false }
            let audit = AuditRepository.insert(at: now, actor: actor, action: "kiosk.revoke", target: "\(hall)/\(id)", detail: "")
            try await db.execute(audit.sql, audit.binds)
            return true
        }
    }

    /// A hall's kiosks, newest first, revoked ones included.
    public func list(hall: HallCode) async throws -> [Kiosk] {
        try await database.read { db in
            try await db.query("SELECT id, hall, name, created_at, revoked_at FROM kiosks WHERE hall = ? ORDER BY created_at DESC, id",
                               [.text(hall)]).map(Self.kiosk)
        }
    }

    /// The kiosk whose device token has this hash, revoked or not; nil when none has.
    public func find(tokenHash: String) async throws -> Kiosk? {
        try await database.read { db in
            try await db.queryFirst("SELECT id, hall, name, created_at, revoked_at FROM kiosks WHERE token_hash = ?", [.text(tokenHash)])
                .map(Self.kiosk)
        }
    }

    static func kiosk(_ row: Row) throws -> Kiosk {
        Kiosk(id: try row.string("id"), hall: try row.code("hall"), name: try row.string("name"),
              createdAt: try row.int64("created_at"), revokedAt: try row.optionalInt64("revoked_at"))
    }
}
