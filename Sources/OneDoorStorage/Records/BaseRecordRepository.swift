import OneDoorCore

/// The base records of people and enterprises (ADR 0035): statements appended, folded on
/// reading.
public struct BaseRecordRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// One statement as a row to insert, the case number left for the caller (a case's own
    /// insert puts in the number it makes).
    public struct StatementRow: Sendable {
        public var holder: String
        public var kind: String
        public var source: RecordSource
        public var at: Int64
        public var document: String

        public init<F: RecordField>(holder: String, _ statement: RecordStatement<F>) throws {
            self.holder = holder
            self.kind = F.self == EnterpriseField.self ? "enterprise" : "person"
            self.source = statement.source
            self.at = statement.at
            self.document = try JSONCoding.encode(statement.observations.map { StoredObservation(f: $0.field.rawValue, v: $0.value, c: $0.verified) })
        }
    }

    struct StoredObservation: Codable {
        var f: String
        var v: String
        var c: Bool
    }

    static let columns = ["holder", "kind", "source", "at", "case_number", "document"]

    static func values(_ row: StatementRow, caseNumber: String?) -> [DatabaseValue] {
        [.text(row.holder), .text(row.kind), .text(row.source.rawValue), .integer(row.at), .bind(caseNumber), .text(row.document)]
    }

    static func insert(_ row: StatementRow, caseNumber: String?) -> (sql: String, binds: [DatabaseValue]) {
        ("INSERT INTO record_statements (holder, kind, source, at, case_number, document) VALUES (?, ?, ?, ?, ?, ?)", values(row, caseNumber: caseNumber))
    }

    /// What a case adds to its applicant's (and agent's) records and vault, in its own
    /// transaction.
    public struct CaseWrites: Sendable {
        public var statements: [StatementRow]
        public var deposits: [VaultEntry]
        /// By holder key, the fields whose value these statements replace (push rules listen).
        public var changedFields: [String: [String]] = [:]

        public init(statements: [StatementRow] = [], deposits: [VaultEntry] = []) {
            self.statements = statements
            self.deposits = deposits
        }

        public var isEmpty: Bool { statements.isEmpty && deposits.isEmpty }
    }

    /// Appends a statement not made by a case (a line system, the citizen's own settings, seeding).
    public func append(_ rows: [StatementRow]) async throws {
        guard !rows.isEmpty else { return }
        try await database.write { db in
            _ = try await db.insertRows(into: "record_statements", columns: Self.columns, rows: rows.map { Self.values($0, caseNumber: nil) })
        }
    }

    /// A statement made by a member of staff who settled a conflict with the holder, with its
    /// audit entry, in one transaction.
    public func settle(_ row: StatementRow, caseNumber: String, actor: AuditActor, detail: String, at now: Int64) async throws {
        try await database.write { db in
            let insert = Self.insert(row, caseNumber: caseNumber)
            try await db.execute(insert.sql, insert.binds)
            try await AuditRepository.record(db, at: now, actor: actor, action: "record.settle", target: caseNumber, detail: detail)
        }
    }

    /// The record kept under `key`, nil when nothing was ever said about it.
    public func record<F: RecordField>(_ key: String, as _: F.Type = F.self) async throws -> BaseRecord<F>? {
        try await database.read { db in try await Self.record(key, db) }
    }

    /// What intake asks about one holder, in one read: their record, their licences (by their
    /// ID number or USCC, `code`) and their vault entries still valid on `today` — none of an
    /// enterprise whose record says its papers no longer stand (``BaseRecord/papersStand``).
    public func holder<F: RecordField>(_ key: String, code: String, validOn today: CivilDate, as _: F.Type = F.self) async throws
        -> (record: BaseRecord<F>?, licences: [LicenceRecord], vault: [VaultEntry]) {
        try await database.read { db in
            let record: BaseRecord<F>? = try await Self.record(key, db)
            let licences = try await LicenceRepository.held(by: [code], db)
            let standing = (record as? EnterpriseBaseRecord)?.papersStand ?? true
            return (record, licences, standing ? try await VaultRepository.entries(holders: [key], validOn: today, db) : [])
        }
    }

    /// A holder's licences and vault entries still valid on `today`, in one read, with the same
    /// rule for an enterprise's papers as ``holder(_:code:validOn:as:)``.
    public func held(_ key: String, code: String, validOn today: CivilDate) async throws -> (licences: [LicenceRecord], vault: [VaultEntry]) {
        try await database.read { db in
            let licences = try await LicenceRepository.held(by: [code], db)
            var vault = try await VaultRepository.entries(holders: [key], validOn: today, db)
            if key.hasPrefix("uscc:"), !vault.isEmpty, let record: EnterpriseBaseRecord = try await Self.record(key, db), !record.papersStand { vault = [] }
            return (licences, vault)
        }
    }

    static func record<F: RecordField>(_ key: String, _ db: any SQLExecutor) async throws -> BaseRecord<F>? {
        let rows = try await db.query("SELECT source, at, case_number, document FROM record_statements WHERE holder = ? ORDER BY id", [.text(key)])
        guard !rows.isEmpty else { return nil }
        let statements: [RecordStatement<F>] = try rows.map { row in
            let stored = try JSONCoding.decode([StoredObservation].self, try row.string("document"))
            return RecordStatement(
                source: RecordSource(rawValue: try row.string("source")) ?? .citizen, at: try row.int64("at"),
                caseNumber: try row.optionalString("case_number"),
                observations: stored.compactMap { o in F(rawValue: o.f).map { Observation($0, o.v, verified: o.c) } }
            )
        }
        return BaseRecord(key: key, said: statements)
    }
}
