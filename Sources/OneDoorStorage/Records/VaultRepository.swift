import OneDoorCore

/// The vault of materials received (材料库, issue 16 §2, ADR 0035).
public struct VaultRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static let columns = ["holder", "type_code", "title", "grade", "source", "received_on", "valid_until", "case_number", "material_index", "created_at"]

    /// An entry's values in `columns` order, `caseNumber` in place of its own (a case's insert
    /// puts in the number it makes).
    static func values(_ entry: VaultEntry, caseNumber: String, at now: Int64) -> [DatabaseValue] {
        [.text(entry.holder), .text(entry.type), .text(entry.title), .text(entry.grade.rawValue), .text(entry.source.rawValue),
         .text(entry.receivedOn.description), .bind(entry.validUntil?.description), .text(caseNumber), .bind(entry.materialIndex), .integer(now)]
    }

    /// The insert of `entries` under `caseNumber`, for a case's own transaction; nil for none.
    public static func insert(_ entries: [VaultEntry], caseNumber: String, at now: Int64) -> (sql: String, binds: [DatabaseValue])? {
        guard !entries.isEmpty else { return nil }
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return ("INSERT INTO vault_materials (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: tuple, count: entries.count).joined(separator: ", "),
                entries.flatMap { values($0, caseNumber: caseNumber, at: now) })
    }

    /// Stores entries not made by a case's intake (seeding, migrations from older systems).
    public func deposit(_ entries: [VaultEntry], at now: Int64) async throws {
        guard !entries.isEmpty else { return }
        try await database.write { db in
            _ = try await db.insertRows(into: "vault_materials", columns: Self.columns, rows: entries.map { Self.values($0, caseNumber: $0.caseNumber, at: now) })
        }
    }

    /// What `holders` have in the vault that is still valid on `today`, newest first.
    public func entries(holders: [String], validOn today: CivilDate) async throws -> [VaultEntry] {
        guard !holders.isEmpty else { return [] }
        return try await database.read { db in try await Self.entries(holders: holders, validOn: today, db) }
    }

    static func entries(holders: [String], validOn today: CivilDate, _ db: any SQLExecutor) async throws -> [VaultEntry] {
        guard !holders.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: holders.count).joined(separator: ", ")
        return try await db.query(
            """
            SELECT id, holder, type_code, title, grade, source, received_on, valid_until, case_number, material_index FROM vault_materials
            WHERE holder IN (\(marks)) AND (valid_until IS NULL OR valid_until >= ?) ORDER BY id DESC LIMIT 200
            """, holders.map { .text($0) } + [.text(today.description)]
        ).map(Self.entry)
    }

    static func entry(_ row: Row) throws -> VaultEntry {
        guard let received = CivilDate(try row.string("received_on")), let grade = MaterialGrade(rawValue: try row.string("grade")) else {
            throw StorageError.database("vault entry \(try row.int64("id")) is malformed")
        }
        return VaultEntry(id: try row.int64("id"), holder: try row.string("holder"), type: try row.string("type_code"), title: try row.string("title"),
                          grade: grade, source: VaultSource(rawValue: try row.string("source")) ?? .window, receivedOn: received,
                          validUntil: try row.optionalString("valid_until").flatMap(CivilDate.init), caseNumber: try row.string("case_number"),
                          materialIndex: try row.int("material_index"))
    }
}
