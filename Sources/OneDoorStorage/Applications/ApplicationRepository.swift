import OneDoorCore

/// Online applications, their files and history (ADR 0026). Every change is one transaction:
/// the application's row, its history entry, its messages and audit entry stand or fall
/// together, and each is conditional on the revision the caller read.
public struct ApplicationRepository: Sendable {
    public let database: any SQLDatabase
    let messagePolicy: DispatchPolicy

    public init(database: any SQLDatabase, messagePolicy: DispatchPolicy = DispatchPolicy()) {
        self.database = database
        self.messagePolicy = messagePolicy
    }

    /// Stores a new application with its first history entry. With `key`, starting twice with
    /// the same key (a double click) returns the first one.
    public func create(_ application: OnlineApplication, event: ApplicationEvent, key: String?) async throws -> OnlineApplication {
        let document = try JSONCoding.encode(application)
        let eventDocument = try JSONCoding.encode(event)
        return try await database.write { db in
            // Two starts with one key at once (two servers, PostgreSQL): the second insert finds
            // the first's row through the unique index instead of failing on it.
            let insert = Self.insert(application, key: key, document: document)
            guard try await db.queryFirst(insert.sql + " ON CONFLICT (citizen_id, create_key) DO NOTHING RETURNING id", insert.binds) != nil else {
                guard let key, let row = try await db.queryFirst(
                    "SELECT document FROM applications WHERE citizen_id = ? AND create_key = ?", [.integer(application.citizen), .text(key)]
                ) else { throw StorageError.database("application insert refused without a matching key") }
                return try JSONCoding.decode(OnlineApplication.self, try row.string("document"))
            }
            let first = Self.eventInsert(application.id, seq: 1, at: event.at, actorID: nil, document: eventDocument)
            try await db.execute(first.sql, first.binds)
            return application
        }
    }

    static func insert(_ a: OnlineApplication, key: String?, document: String) -> (sql: String, binds: [DatabaseValue]) {
        ("""
         INSERT INTO applications (id, citizen_id, create_key, item_code, hall, state, revision, review_deadline, submit_key, case_number,
             document, created_at, updated_at, review_department)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?)
         """,
         [.text(a.id), .integer(a.citizen), .bind(key), .text(a.itemCode), .text(a.hall), .text(a.state.rawValue), .bind(a.revision),
          .text(document), .integer(a.createdAt), .integer(a.createdAt), a.departmentReview == true ? .text(a.department) : .null])
    }

    static func eventInsert(_ id: String, seq: Int, at: Int64, actorID: Int64?, document: String) -> (sql: String, binds: [DatabaseValue]) {
        ("INSERT INTO application_events (application_id, seq, at, actor_id, document) VALUES (?, ?, ?, ?, ?)",
         [.text(id), .bind(seq), .integer(at), .bind(actorID), .text(document)])
    }

    /// The application with its files, or nil.
    public func find(_ id: String) async throws -> (application: OnlineApplication, files: [ApplicationFile])? {
        try await database.read { db in
            guard let row = try await db.queryFirst("SELECT document FROM applications WHERE id = ?", [.text(id)]) else { return nil }
            let application = try JSONCoding.decode(OnlineApplication.self, try row.string("document"))
            let files = try await db.query("\(Self.selectFiles) WHERE f.application_id = ? ORDER BY f.material_index, f.id", [.text(id)])
                .map(Self.file)
            return (application, files)
        }
    }

    /// The application's history, oldest first.
    public func events(_ id: String) async throws -> [ApplicationEvent] {
        try await database.read { db in
            try await db.query("SELECT document FROM application_events WHERE application_id = ? ORDER BY seq", [.text(id)])
                .map { try JSONCoding.decode(ApplicationEvent.self, try $0.string("document")) }
        }
    }

    /// A citizen's applications, newest first.
    public func applications(citizen: Int64, limit: Int, offset: Int) async throws -> (applications: [OnlineApplication], total: Int) {
        try await database.read { db in
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM applications WHERE citizen_id = ?", [.integer(citizen)])?.int("n") ?? 0
            let rows = try await db.query(
                "SELECT document FROM applications WHERE citizen_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                [.integer(citizen), .bind(limit), .bind(offset)]
            )
            return (try rows.map { try JSONCoding.decode(OnlineApplication.self, try $0.string("document")) }, total)
        }
    }

    /// A hall's applications in `state` (the pre-review queue: submitted, by deadline; or those
    /// waiting for originals), oldest deadline first.
    /// The pre-review queue of a hall's windows (applications no department reviews) or of a
    /// department, in `state`, by deadline.
    public func queue(_ reviewer: PreReviewer, state: ApplicationState, limit: Int, offset: Int) async throws -> (applications: [OnlineApplication], total: Int) {
        let filter: String, binds: [DatabaseValue]
        switch reviewer {
        case .hall(let hall): (filter, binds) = ("hall = ? AND review_department IS NULL AND state = ?", [.text(hall), .text(state.rawValue)])
        case .department(let department): (filter, binds) = ("review_department = ? AND state = ?", [.text(department), .text(state.rawValue)])
        }
        return try await database.read { db in
            let total = try await db.queryFirst("SELECT COUNT(*) AS n FROM applications WHERE \(filter)", binds)?.int("n") ?? 0
            let rows = try await db.query(
                "SELECT document FROM applications WHERE \(filter) ORDER BY review_deadline, created_at LIMIT ? OFFSET ?",
                binds + [.bind(limit), .bind(offset)]
            )
            return (try rows.map { try JSONCoding.decode(OnlineApplication.self, try $0.string("document")) }, total)
        }
    }

    /// Stores `next` if the application is still at `expectedRevision`, with `event` (if any),
    /// `messages` and an audit entry by `actor` (staff changes); `submitKey` is kept with a
    /// submission so that the same submission repeated is recognised.
    public func update(
        _ next: OnlineApplication, expectedRevision: Int, event: ApplicationEvent?, actorID: Int64? = nil, audit: AuditActor? = nil,
        submitKey: String? = nil, messages: [OutgoingMessage] = [], at now: Int64
    ) async throws {
        let document = try JSONCoding.encode(next)
        let eventDocument = try event.map { try JSONCoding.encode($0) }
        try await database.write { db in
            try await Self.store(next, document: document, expectedRevision: expectedRevision, submitKey: submitKey, at: now, db)
            if let eventDocument, let event {
                try await Self.appendEvent(next.id, at: event.at, actorID: actorID, document: eventDocument, db)
            }
            if let audit, let event {
                try await AuditRepository.record(db, at: now, actor: audit, action: "application.\(event.action)", target: next.id,
                                                 detail: "\(next.itemName)（\(next.state.label)）")
            }
            if !messages.isEmpty {
                try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            }
        }
    }

    static func store(_ next: OnlineApplication, document: String, expectedRevision: Int, submitKey: String?, at now: Int64,
                      _ db: any SQLExecutor) async throws {
        guard try await db.queryFirst(
            """
            UPDATE applications SET state = ?, revision = ?, review_deadline = ?, submit_key = COALESCE(?, submit_key), case_number = ?,
                document = ?, updated_at = ?
            WHERE id = ? AND revision = ? RETURNING id
            """,
            [.text(next.state.rawValue), .bind(next.revision), .bind(next.reviewDeadline?.description), .bind(submitKey),
             .bind(next.caseNumber?.rawValue), .text(document), .integer(now), .text(next.id), .bind(expectedRevision)]
        ) != nil else { throw ApplicationStoreError.conflict(next.id) }
    }

    static func appendEvent(_ id: String, at: Int64, actorID: Int64?, document: String, _ db: any SQLExecutor) async throws {
        try await db.execute(
            """
            INSERT INTO application_events (application_id, seq, at, actor_id, document)
            SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM application_events WHERE application_id = ?
            """, [.text(id), .integer(at), .bind(actorID), .text(document), .text(id)]
        )
    }

    /// The submit key the application was last submitted with.
    public func submitKey(_ id: String) async throws -> String? {
        try await database.read { db in
            try await db.queryFirst("SELECT submit_key FROM applications WHERE id = ?", [.text(id)])?.optionalString("submit_key")
        }
    }

    /// The statements that record the acceptance (or written refusal) of an application as case
    /// `number`, to run in the case's own transaction: the application, its history entry, and
    /// its files become the case's documents.
    /// A theme application's files go to its children instead, by `themeFiles`.
    public static func decided(
        _ next: OnlineApplication, expectedRevision: Int, event: ApplicationEvent, actorID: Int64?, at now: Int64, themeFiles: [ThemeFileCopy]? = nil,
        in db: any SQLExecutor
    ) async throws {
        try await store(next, document: try JSONCoding.encode(next), expectedRevision: expectedRevision, submitKey: nil, at: now, db)
        try await appendEvent(next.id, at: event.at, actorID: actorID, document: try JSONCoding.encode(event), db)
        if let themeFiles {
            let copy = """
                INSERT INTO case_files (case_number, material_index, sha256, file_name, uploaded_at, uploaded_by)
                SELECT ?, ?, sha256, file_name, uploaded_at, '申请人' FROM application_files WHERE application_id = ? AND material_index = ?
                """
            try await db.executeBatch(themeFiles.map {
                (copy, [.text($0.caseNumber.rawValue), .bind($0.caseMaterial), .text(next.id), .bind($0.applicationMaterial)])
            })
        } else if let number = next.caseNumber {
            try await db.execute(
                """
                INSERT INTO case_files (case_number, material_index, sha256, file_name, uploaded_at, uploaded_by)
                SELECT ?, material_index, sha256, file_name, uploaded_at, '申请人' FROM application_files WHERE application_id = ?
                """, [.text(number.rawValue), .text(next.id)]
            )
        }
    }

    /// Records uploaded `files` against material `index` of an application of `citizen` that
    /// can still be changed (checked in the transaction), within `maximumTotal` bytes for the
    /// whole application.
    public func attach(
        _ files: [(name: String, blob: BlobReference)], to id: String, material index: Int, citizen: Int64, maximumTotal: Int, at now: Int64
    ) async throws -> [ApplicationFile] {
        try await database.write { db in
            guard let row = try await db.queryFirst("SELECT state FROM applications WHERE id = ? AND citizen_id = ?", [.text(id), .integer(citizen)])
            else { throw ApplicationStoreError.notFound(id) }
            guard let state = ApplicationState(rawValue: try row.string("state")), state.isEditable else {
                throw CaseRuleError.notAllowed("申报已提交或已办结，不能再上传材料")
            }
            let stored = try await db.queryFirst(
                """
                SELECT COALESCE(SUM(b.size), 0) AS total FROM application_files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.application_id = ?
                """, [.text(id)]
            )?.int("total") ?? 0
            let adding = files.reduce(0) { $0 + $1.blob.size }
            guard stored + adding <= maximumTotal else { throw ApplicationStoreError.tooLarge(limit: maximumTotal) }
            var result: [ApplicationFile] = []
            for file in files {
                let blob = CaseFileRepository.blobInsert(file.blob, at: now)
                try await db.execute(blob.sql, blob.binds)
                guard let inserted = try await db.queryFirst(
                    """
                    INSERT INTO application_files (application_id, material_index, sha256, file_name, uploaded_at)
                    VALUES (?, ?, ?, ?, ?) RETURNING id
                    """, [.text(id), .bind(index), .text(file.blob.sha256), .text(file.name), .integer(now)]
                ) else { continue }
                result.append(ApplicationFile(id: try inserted.int64("id"), application: id, materialIndex: index, name: file.name, blob: file.blob,
                                              uploadedAt: now))
            }
            try await db.execute("UPDATE applications SET updated_at = ? WHERE id = ?", [.integer(now), .text(id)])
            return result
        }
    }

    /// Removes file `fileID` of an application of `citizen` that can still be changed; false if
    /// there was no such file. The blob stays (another case may hold the same content).
    public func remove(file fileID: Int64, of id: String, citizen: Int64) async throws -> Bool {
        try await database.write { db in
            guard let row = try await db.queryFirst("SELECT state FROM applications WHERE id = ? AND citizen_id = ?", [.text(id), .integer(citizen)])
            else { throw ApplicationStoreError.notFound(id) }
            guard let state = ApplicationState(rawValue: try row.string("state")), state.isEditable else {
                throw CaseRuleError.notAllowed("申报已提交或已办结，不能再删除材料")
            }
            return try await db.queryFirst("DELETE FROM application_files WHERE id = ? AND application_id = ? RETURNING id",
                                           [.integer(fileID), .text(id)]) != nil
        }
    }

    /// One file of an application.
    public func file(id fileID: Int64, of id: String) async throws -> ApplicationFile? {
        try await database.read { db in
            try await db.queryFirst("\(Self.selectFiles) WHERE f.id = ? AND f.application_id = ?", [.integer(fileID), .text(id)]).map(Self.file)
        }
    }

    static let selectFiles = """
        SELECT f.id, f.application_id, f.material_index, f.file_name, f.uploaded_at, b.sha256, b.size, b.kind
        FROM application_files f JOIN blobs b ON b.sha256 = f.sha256
        """

    static func file(_ row: Row) throws -> ApplicationFile {
        guard let kind = FileKind(rawValue: try row.string("kind")) else {
            throw StorageError.database("application file row \(try row.int64("id")) is malformed")
        }
        return ApplicationFile(id: try row.int64("id"), application: try row.string("application_id"), materialIndex: try row.int("material_index"),
                               name: try row.string("file_name"), blob: BlobReference(sha256: try row.string("sha256"), size: try row.int("size"), kind: kind),
                               uploadedAt: try row.int64("uploaded_at"))
    }
}
