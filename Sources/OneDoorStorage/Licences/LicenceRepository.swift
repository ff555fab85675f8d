import Foundation
import OneDoorCore

/// The licence register (issue 16 §3). A licence is issued inside its case's conclusion
/// (`issue(_:…in:)`); every later change is conditional on the status the caller saw.
public struct LicenceRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Numbers, signs and stores `licence` in the caller's transaction. A holder has one licence
    /// of a type from an issuer in force: a new one is the next version of it (变更), and the old
    /// one is superseded, with a signed entry; else it takes the next serial.
    public static func issue(
        _ licence: Licence, at now: Int64, actor: AuditActor, signer: any LicenceSigner, in db: any SQLExecutor
    ) async throws -> Licence {
        let current = try await db.queryFirst(
            """
            SELECT identifier, serial, version FROM licences
            WHERE holder_code = ? AND type_code = ? AND issuer = ? AND status IN ('valid', 'suspended')
            ORDER BY version DESC LIMIT 1
            """, [.text(licence.holder.code), .text(licence.typeCode), .text(licence.issuer.code)]
        )
        let numbered: Licence?
        let serial: String
        if let current {
            serial = try current.string("serial")
            numbered = licence.numbered(serial: serial, version: try current.int("version") + 1, supersedes: try current.string("identifier"))
        } else {
            let next = try await db.queryFirst(
                """
                INSERT INTO licence_serials (type_code, issuer, last) VALUES (?, ?, 1)
                ON CONFLICT (type_code, issuer) DO UPDATE SET last = licence_serials.last + 1 RETURNING last
                """, [.text(licence.typeCode), .text(licence.issuer.code)]
            )?.int64("last") ?? 1
            serial = LicenceIssuing.serial(next)
            numbered = licence.numbered(serial: serial, version: 1, supersedes: nil)
        }
        guard let numbered else { throw StorageError.database("licence identifier out of range for \(licence.typeCode)") }
        let token = try await signer.token(for: numbered)
        try await db.execute(
            """
            INSERT INTO licences (identifier, type_code, department, issuer, serial, version, holder_kind, holder_code, holder_name, issued_on,
                valid_until, status, status_reason, case_number, superseded_by, token, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'valid', '', ?, NULL, ?, ?, ?)
            """,
            [.text(numbered.identifier), .text(numbered.typeCode), .text(numbered.issuer.department.rawValue), .text(numbered.issuer.code),
             .text(serial), .bind(numbered.version), .text(numbered.holder.kind.rawValue),
             .text(numbered.holder.code), .text(numbered.holder.name), .text(numbered.issuedOn.description), .bind(numbered.validUntil?.description),
             .bind(numbered.caseNumber), .text(token), .integer(now), .integer(now)]
        )
        try await appendEvent(numbered.identifier, action: "issue", status: .valid, reason: numbered.caseNumber.map { "办件 \($0) 办结" } ?? "颁发",
                              token: token, at: now, actor: actor, db)
        if let old = numbered.supersedes {
            let reason = "变更为第 \(numbered.version) 版（\(numbered.identifier)）"
            try await db.execute("UPDATE licences SET status = 'superseded', status_reason = ?, superseded_by = ?, updated_at = ? WHERE identifier = ?",
                                 [.text(reason), .text(numbered.identifier), .integer(now), .text(old)])
            let seq = try await nextSeq(old, db)
            let statement = LicenceStatusStatement(identifier: old, seq: seq, action: "supersede", status: .superseded, reason: reason, at: now)
            let oldToken = try await signer.token(for: statement, department: numbered.issuer.department)
            try await insertEvent(statement, token: oldToken, actor: actor, db)
        }
        try await AuditRepository.record(db, at: now, actor: actor, action: "licence.issue", target: numbered.identifier,
                                         detail: "\(numbered.typeName)（\(numbered.holder.name)）")
        return numbered
    }

    /// Changes the status from `expected` to `next` with a signed history entry; `conflict`
    /// when it is no longer `expected`.
    public func change(
        _ identifier: String, from expected: LicenceStatus, to next: LicenceStatus, action: LicenceAction, reason: String,
        department: DepartmentCode, at now: Int64, actor: AuditActor, signer: any LicenceSigner
    ) async throws {
        try await database.write { db in
            guard try await db.queryFirst(
                "UPDATE licences SET status = ?, status_reason = ?, updated_at = ? WHERE identifier = ? AND status = ? RETURNING identifier",
                [.text(next.rawValue), .text(reason), .integer(now), .text(identifier), .text(expected.rawValue)]
            ) != nil else {
                if try await db.queryFirst("SELECT identifier FROM licences WHERE identifier = ?", [.text(identifier)]) == nil {
                    throw LicenceStoreError.notFound(identifier)
                }
                throw LicenceStoreError.conflict(identifier)
            }
            let statement = LicenceStatusStatement(identifier: identifier, seq: try await Self.nextSeq(identifier, db), action: action.rawValue,
                                                   status: next, reason: reason, at: now)
            let token = try await signer.token(for: statement, department: department)
            try await Self.insertEvent(statement, token: token, actor: actor, db)
            try await AuditRepository.record(db, at: now, actor: actor, action: "licence.\(action.rawValue)", target: identifier, detail: reason)
        }
    }

    public func find(_ identifier: String) async throws -> LicenceRecord? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM licences WHERE identifier = ?", [.text(identifier)]).map(Self.record)
        }
    }

    /// The licence a case issued, if any.
    public func issued(by caseNumber: String) async throws -> LicenceRecord? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM licences WHERE case_number = ? ORDER BY version DESC LIMIT 1", [.text(caseNumber)]).map(Self.record)
        }
    }

    /// The licences of these holders (a person's ID number, enterprises' USCCs), newest first;
    /// superseded versions left out.
    public func held(by codes: [String]) async throws -> [LicenceRecord] {
        guard !codes.isEmpty else { return [] }
        return try await database.read { db in try await Self.held(by: codes, db) }
    }

    static func held(by codes: [String], _ db: any SQLExecutor) async throws -> [LicenceRecord] {
        guard !codes.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
        return try await db.query(
            "SELECT * FROM licences WHERE holder_code IN (\(marks)) AND status <> 'superseded' ORDER BY created_at DESC, identifier LIMIT 500",
            codes.map { .text($0) }
        ).map(Self.record)
    }

    /// The valid licences of `type` whose validity ends on `day` (index `licences_expiring`).
    public func expiring(type: String, on day: CivilDate) async throws -> [LicenceRecord] {
        try await database.read { db in
            try await db.query("SELECT * FROM licences WHERE valid_until = ? AND status = 'valid' AND type_code = ? ORDER BY identifier",
                               [.text(day.description), .text(type)]).map(Self.record)
        }
    }

    /// A department's licences, newest first.
    public func issued(byDepartment department: DepartmentCode, page: PageRequest) async throws -> (records: [LicenceRecord], total: Int) {
        try await database.read { db in
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM licences WHERE department = ?", [.text(department.rawValue)])?.int("n") ?? 0
            let rows = try await db.query(
                "SELECT * FROM licences WHERE department = ? ORDER BY created_at DESC, identifier DESC LIMIT ? OFFSET ?",
                [.text(department.rawValue), .bind(page.pageSize), .bind(page.offset)]
            )
            return (try rows.map(Self.record), total)
        }
    }

    /// A licence's latest history entry (what its status rests on).
    public func latestEvent(_ identifier: String) async throws -> LicenceEventRecord? {
        try await database.read { db in
            try await db.queryFirst("SELECT * FROM licence_events WHERE identifier = ? ORDER BY seq DESC LIMIT 1", [.text(identifier)]).map(Self.event)
        }
    }

    /// A licence's history, oldest first.
    public func events(_ identifier: String) async throws -> [LicenceEventRecord] {
        try await database.read { db in
            try await db.query("SELECT * FROM licence_events WHERE identifier = ? ORDER BY seq", [.text(identifier)]).map(Self.event)
        }
    }

    static func nextSeq(_ identifier: String, _ db: any SQLExecutor) async throws -> Int {
        (try await db.queryFirst("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM licence_events WHERE identifier = ?", [.text(identifier)])?.int("n")) ?? 1
    }

    static func appendEvent(_ identifier: String, action: String, status: LicenceStatus, reason: String, token: String, at now: Int64,
                            actor: AuditActor, _ db: any SQLExecutor) async throws {
        let statement = LicenceStatusStatement(identifier: identifier, seq: try await nextSeq(identifier, db), action: action, status: status,
                                               reason: reason, at: now)
        try await insertEvent(statement, token: token, actor: actor, db)
    }

    static func insertEvent(_ statement: LicenceStatusStatement, token: String, actor: AuditActor, _ db: any SQLExecutor) async throws {
        try await db.execute(
            "INSERT INTO licence_events (identifier, seq, at, action, status, reason, actor_id, actor, token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(statement.identifier), .bind(statement.seq), .integer(statement.at), .text(statement.action), .text(statement.status.rawValue),
             .text(statement.reason), .bind(actor.accountID), .text(actor.name), .text(token)]
        )
    }

    /// The JSON a compact JWS carries (its middle part, base64url), not verified: the register's
    /// own rows are read this way; verification checks the signature separately.
    public static func payload(of token: String) throws -> Data {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw StorageError.database("licence token is not a compact JWS") }
        guard let data = Data(base64URL: String(parts[1])) else { throw StorageError.database("licence token payload is not base64url") }
        return data
    }

    static func event(_ row: Row) throws -> LicenceEventRecord {
        LicenceEventRecord(seq: try row.int("seq"), at: try row.int64("at"), action: try row.string("action"),
                           status: LicenceStatus(rawValue: try row.string("status")) ?? .valid, reason: try row.string("reason"),
                           actor: try row.string("actor"), token: try row.string("token"))
    }

    static func record(_ row: Row) throws -> LicenceRecord {
        let token = try row.string("token")
        let licence = try JSONDecoder().decode(Licence.self, from: try payload(of: token))
        return LicenceRecord(licence: licence, status: LicenceStatus(rawValue: try row.string("status")) ?? .valid,
                             statusReason: try row.string("status_reason"), supersededBy: try row.optionalString("superseded_by"),
                             token: token, createdAt: try row.int64("created_at"), updatedAt: try row.int64("updated_at"))
    }
}

extension Data {
    /// Decodes base64url (RFC 4648 §5), with or without padding.
    public init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
