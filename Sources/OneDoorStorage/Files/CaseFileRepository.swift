import OneDoorCore

/// The documents of cases' materials (ADR 0025). The bytes are in the blob store, written and
/// fsynced before these rows commit; a row is the acknowledgement.
public struct CaseFileRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Records `files` against material `index` of case `number`, with an audit entry, in one
    /// transaction; nil when the case does not exist.
    public func attach(_ files: [(name: String, blob: BlobReference)], to number: CaseNumber, material index: Int, by actor: AuditActor,
                       staffNumber: String, at now: Int64) async throws -> [CaseFile]? {
        try await database.write { db in
            guard try await db.queryFirst("SELECT number FROM cases WHERE number = ?", [.text(number.rawValue)]) != nil else { return nil }
            var stored: [CaseFile] = []
            for file in files {
                let blob = Self.blobInsert(file.blob, at: now)
                try await db.execute(blob.sql, blob.binds)
                guard let row = try await db.queryFirst(
                    """
                    INSERT INTO case_files (case_number, material_index, sha256, file_name, uploaded_at, uploaded_by)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                    """,
                    [.text(number.rawValue), .bind(index), .text(file.blob.sha256), .text(file.name), .integer(now), .text(staffNumber)]
                ) else { continue }
                stored.append(CaseFile(id: try row.int64("id"), caseNumber: number, materialIndex: index, name: file.name, blob: file.blob,
                                       uploadedAt: now, uploadedBy: staffNumber))
            }
            try await AuditRepository.record(db, at: now, actor: actor, action: "case.files", target: number.rawValue,
                                             detail: "材料 \(index + 1)：上传 \(files.count) 个文件（\(files.map(\.name).joined(separator: "、").prefix(200))）")
            return stored
        }
    }

    /// Records a stored file's content once (`blobs`), whoever refers to it.
    static func blobInsert(_ blob: BlobReference, at now: Int64) -> (sql: String, binds: [DatabaseValue]) {
        ("INSERT INTO blobs (sha256, size, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
         [.text(blob.sha256), .bind(blob.size), .text(blob.kind.rawValue), .integer(now)])
    }

    /// The documents of case `number`, by material then upload order.
    public func files(of number: CaseNumber) async throws -> [CaseFile] {
        try await database.read { db in
            try await db.query(
                """
                \(Self.select) WHERE f.case_number = ? ORDER BY f.material_index, f.id
                """, [.text(number.rawValue)]
            ).map(Self.file)
        }
    }

    public func file(id: Int64, of number: CaseNumber) async throws -> CaseFile? {
        try await database.read { db in
            try await db.queryFirst(
                """
                \(Self.select) WHERE f.id = ? AND f.case_number = ?
                """, [.integer(id), .text(number.rawValue)]
            ).map(Self.file)
        }
    }

    static let select = """
        SELECT f.id, f.case_number, f.material_index, f.file_name, f.uploaded_at, f.uploaded_by, b.sha256, b.size, b.kind
        FROM case_files f JOIN blobs b ON b.sha256 = f.sha256
        """

    static func file(_ row: Row) throws -> CaseFile {
        guard let kind = FileKind(rawValue: try row.string("kind")), let number = CaseNumber(parsing: try row.string("case_number")) else {
            throw StorageError.database("case file row \(try row.int64("id")) is malformed")
        }
        return CaseFile(id: try row.int64("id"), caseNumber: number, materialIndex: try row.int("material_index"), name: try row.string("file_name"),
                        blob: BlobReference(sha256: try row.string("sha256"), size: try row.int("size"), kind: kind),
                        uploadedAt: try row.int64("uploaded_at"), uploadedBy: try row.string("uploaded_by"))
    }
}
