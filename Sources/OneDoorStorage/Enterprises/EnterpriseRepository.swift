import OneDoorCore

/// What a registration or a grant could not do.
public enum EnterpriseStoreError: Error, Sendable, Equatable {
    /// Another account registered the enterprise first (409).
    case registeredByOther(uscc: String)
    /// No such enterprise, or not the caller's to manage (404).
    case notFound(uscc: String)
}

/// Enterprises and their agents (ADR 0027).
public struct EnterpriseRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Registers `uscc` with `citizen` as its legal representative; the same account again
    /// refreshes the name (before verification); another account is refused.
    public func register(uscc: String, name: String, citizen: Int64, at now: Int64) async throws {
        try await database.write { db in
            guard try await db.queryFirst(
                """
                INSERT INTO enterprises (uscc, name, legal_representative, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (uscc) DO UPDATE SET name = CASE WHEN enterprises.verified_at IS NULL THEN excluded.name ELSE enterprises.name END
                WHERE enterprises.legal_representative = excluded.legal_representative
                RETURNING uscc
                """, [.text(uscc), .text(name), .integer(citizen), .integer(now)]
            ) != nil else { throw EnterpriseStoreError.registeredByOther(uscc: uscc) }
        }
    }

    /// A clerk saw the licence and the legal representative's ID: the enterprise is verified
    /// (audited in the same transaction). Nil if no such enterprise.
    public func verify(uscc: String, legalRepresentativePhone: String, by staffNumber: String, actor: AuditActor, at now: Int64) async throws -> EnterpriseRecord? {
        try await database.write { db in
            guard try await db.queryFirst(
                """
                UPDATE enterprises SET verified_by = ?, verified_at = ?
                WHERE uscc = ? AND legal_representative = (SELECT id FROM citizens WHERE phone = ?) RETURNING uscc
                """, [.text(staffNumber), .integer(now), .text(uscc), .text(legalRepresentativePhone)]
            ) != nil else { return nil }
            try await AuditRepository.record(db, at: now, actor: actor, action: "enterprise.verify", target: uscc, detail: "核验法定代表人及营业执照")
            return try await Self.enterprise(uscc, db)
        }
    }

    public func enterprise(_ uscc: String) async throws -> EnterpriseRecord? {
        try await database.read { db in try await Self.enterprise(uscc, db) }
    }

    static func enterprise(_ uscc: String, _ db: any SQLExecutor) async throws -> EnterpriseRecord? {
        try await db.queryFirst(
            """
            SELECT e.uscc, e.name, e.legal_representative, e.verified_at, c.name AS representative
            FROM enterprises e JOIN citizens c ON c.id = e.legal_representative WHERE e.uscc = ?
            """, [.text(uscc)]
        ).map(Self.record)
    }

    static func record(_ row: Row) throws -> EnterpriseRecord {
        EnterpriseRecord(uscc: try row.string("uscc"), name: try row.string("name"), legalRepresentative: try row.int64("legal_representative"),
                         legalRepresentativeName: try row.optionalString("representative") ?? "", verified: try row.optionalInt64("verified_at") != nil)
    }

    /// Stores (or replaces) an agent's grant, with an audit entry.
    public func grant(_ grant: AgentGrant, actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            try await db.execute(
                """
                INSERT INTO enterprise_agents (uscc, citizen_id, items, ends_on, granted_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (uscc, citizen_id) DO UPDATE SET items = excluded.items, ends_on = excluded.ends_on, granted_by = excluded.granted_by,
                    created_at = excluded.created_at
                """,
                [.text(grant.uscc), .integer(grant.citizen), .text(grant.items.map(\.rawValue).joined(separator: ",")), .text(grant.endsOn.description),
                 .text(grant.grantedBy), .integer(now)]
            )
            try await AuditRepository.record(db, at: now, actor: actor, action: "enterprise.grant", target: grant.uscc,
                                             detail: "授权经办人 \(PersonalDataMask.phone(grant.agentPhone)) 至 \(grant.endsOn)"
                                                + (grant.items.isEmpty ? "（全部事项）" : "（\(grant.items.count) 个事项）"))
        }
    }

    /// Ends an agent's grant; false if there was none.
    public func revoke(uscc: String, citizen: Int64, actor: AuditActor, at now: Int64) async throws -> Bool {
        try await database.write { db in
            guard try await db.queryFirst("DELETE FROM enterprise_agents WHERE uscc = ? AND citizen_id = ? RETURNING uscc",
                                          [.text(uscc), .integer(citizen)]) != nil else { return false }
            try await AuditRepository.record(db, at: now, actor: actor, action: "enterprise.revoke", target: uscc, detail: "撤销经办人授权")
            return true
        }
    }

    /// The enterprises `citizen` reaches: as legal representative, and as agent (expired grants
    /// included, so the holder sees that they ended).
    public func links(citizen: Int64) async throws -> [EnterpriseLink] {
        try await database.read { db in
            let own = try await db.query(
                """
                SELECT e.uscc, e.name, e.legal_representative, e.verified_at, c.name AS representative
                FROM enterprises e JOIN citizens c ON c.id = e.legal_representative WHERE e.legal_representative = ? ORDER BY e.uscc
                """, [.integer(citizen)]
            ).map { EnterpriseLink(enterprise: try Self.record($0), role: .legalRepresentative) }
            let agent = try await db.query(
                """
                SELECT e.uscc, e.name, e.legal_representative, e.verified_at, c.name AS representative, a.items, a.ends_on, a.granted_by,
                    me.name AS agent_name, me.phone AS agent_phone
                FROM enterprise_agents a JOIN enterprises e ON e.uscc = a.uscc JOIN citizens c ON c.id = e.legal_representative
                JOIN citizens me ON me.id = a.citizen_id
                WHERE a.citizen_id = ? ORDER BY e.uscc
                """, [.integer(citizen)]
            ).map { row in
                EnterpriseLink(enterprise: try Self.record(row), role: .agent, grant: try Self.grant(row, citizen: citizen))
            }
            return own + agent
        }
    }

    /// The agents of `uscc`.
    public func agents(uscc: String) async throws -> [AgentGrant] {
        try await database.read { db in
            try await db.query(
                """
                SELECT a.uscc, a.items, a.ends_on, a.granted_by, a.citizen_id, me.name AS agent_name, me.phone AS agent_phone
                FROM enterprise_agents a JOIN citizens me ON me.id = a.citizen_id WHERE a.uscc = ? ORDER BY a.created_at
                """, [.text(uscc)]
            ).map { try Self.grant($0, citizen: try $0.int64("citizen_id")) }
        }
    }

    static func grant(_ row: Row, citizen: Int64) throws -> AgentGrant {
        guard let endsOn = CivilDate(try row.string("ends_on")) else { throw StorageError.database("grant of \(try row.string("uscc")) has no end date") }
        let items = try row.string("items").split(separator: ",").map { ItemCode(rawValue: String($0)) }
        return AgentGrant(uscc: try row.string("uscc"), citizen: citizen, agentName: try row.optionalString("agent_name") ?? "",
                          agentPhone: try row.string("agent_phone"), items: items, endsOn: endsOn, grantedBy: try row.string("granted_by"))
    }
}
