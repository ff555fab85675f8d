import OneDoorCore

/// Theme cases (一件事, issue 17 §2) and the child cases they open. The theme case and all its
/// children are stored in one transaction; the children that wait are started in the
/// transaction that concludes their last prerequisite (``startWaiting``).
public struct ThemeCaseRepository: Sendable {
    public let database: any SQLDatabase
    let messagePolicy: DispatchPolicy

    public init(database: any SQLDatabase, messagePolicy: DispatchPolicy = DispatchPolicy()) {
        self.database = database
        self.messagePolicy = messagePolicy
    }

    /// Numbers and stores the theme case and its children: the theme's number first (from the
    /// hall's counter, like a case's), then each child, linked to it. The applicant's base
    /// record and vault are written once, with the first child.
    public func open(
        _ draft: ThemeCase, children: [(record: CaseRecord, events: [CaseEvent])], actorID: Int64?, actor: AuditActor, at now: Int64,
        holders: BaseRecordRepository.CaseWrites = .init(), messages: [OutgoingMessage] = [],
        then: (@Sendable (ThemeCase, [CaseRecord], any SQLExecutor) async throws -> Void)? = nil
    ) async throws -> (theme: ThemeCase, children: [CaseRecord]) {
        let applicant = try CaseRepository.applicantUpsert(draft.applicant, at: now)
        return try await database.write { db in
            var theme = draft
            theme.number = try await CaseRepository.nextNumber(hall: draft.hall, receivedOn: draft.receivedOn, db)
            var stored: [CaseRecord] = []
            for (i, child) in children.enumerated() {
                var record = child.record
                record.queryCode = theme.queryCode
                record.theme?.number = theme.number
                var unnumbered = record
                unnumbered.number = ""
                let documents = (CaseDocument.json(unnumbered), child.events.map { CaseDocument.json($0) })
                let writes = i == 0 ? holders : .init()
                if db.dialect == .postgres {
                    record = try await CaseRepository.openInOneStatement(
                        record, documents: documents, applicant: applicant, events: child.events, actorID: actorID, actor: actor, at: now,
                        messages: [], policy: messagePolicy, holders: writes, db)
                } else {
                    record = try await CaseRepository.openInBatch(
                        record, documents: documents, applicant: applicant, events: child.events, actorID: actorID, actor: actor, at: now,
                        messages: [], policy: messagePolicy, holders: writes, db)
                }
                theme.children[i].number = record.number
                stored.append(record)
            }
            try await db.executeBatch([
                (
                    """
                    INSERT INTO theme_cases (number, query_code, theme_code, hall, lead_department, applicant_key, state, revision,
                        promised_deadline, document, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(theme.number), .text(theme.queryCode), .text(theme.themeCode), .text(theme.hall), .text(theme.leadDepartment),
                     .text(theme.applicant.key), .text(theme.state.rawValue), .bind(theme.revision), .bind(theme.promisedDeadline?.description),
                     .text(try JSONCoding.encode(theme)), .integer(now), .integer(now)]
                ),
                AuditRepository.insert(at: now, actor: actor, action: "theme-case.accept", target: theme.number.rawValue,
                                       detail: "\(theme.themeName)（\(stored.count) 个事项：\(stored.map(\.number.rawValue).joined(separator: "、"))）"),
            ] + messages.map { OutboxRepository.enqueueStatement(CaseRepository.numbered($0, theme.number), at: now, policy: messagePolicy) })
            try await then?(theme, stored, db)
            return (theme, stored)
        }
    }

    /// A theme case with its children as stored, in the theme's order.
    public func find(_ number: CaseNumber) async throws -> (theme: ThemeCase, children: [CaseRecord])? {
        try await database.read { db in
            guard let row = try await db.queryFirst("SELECT document FROM theme_cases WHERE number = ?", [.text(number)]) else { return nil }
            let theme = try JSONCoding.decode(ThemeCase.self, try row.string("document"))
            return (theme, try await Self.children(of: theme, db))
        }
    }

    static func children(of theme: ThemeCase, _ db: any SQLExecutor) async throws -> [CaseRecord] {
        let found = try await cases(theme.children.map(\.number), db)
        return theme.children.compactMap { found[$0.number] }
    }

    /// The cases of `numbers`, in one read.
    static func cases(_ numbers: [CaseNumber], _ db: any SQLExecutor) async throws -> [CaseNumber: CaseRecord] {
        guard !numbers.isEmpty else { return [:] }
        let marks = numbers.map { _ in "?" }.joined(separator: ", ")
        let found = try await db.query("SELECT number, document FROM cases WHERE number IN (\(marks))", numbers.map { .text($0) })
            .map(CaseRepository.record)
        return Dictionary(found.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Inside the transaction of a step of one of `themeNumber`'s children: starts the waiting
    /// children `start` picks from the children as this transaction sees them. On PostgreSQL the
    /// theme case's row is locked first, so two prerequisites concluding at once on two servers
    /// take turns, and the second sees the first: the child waiting for both is started by
    /// whichever commits last, never by neither. Returns the children started.
    public static func startWaiting(
        _ themeNumber: CaseNumber, _ db: any SQLExecutor, actorID: Int64?, actor: AuditActor, at now: Int64,
        start: ([CaseRecord], _ licences: [CaseNumber: String]) throws -> [(record: CaseRecord, event: CaseEvent)]
    ) async throws -> (theme: ThemeCase, children: [CaseRecord], started: [CaseRecord])? {
        let lock = db.dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try await db.queryFirst("SELECT document FROM theme_cases WHERE number = ?\(lock)", [.text(themeNumber)]) else { return nil }
        let theme = try JSONCoding.decode(ThemeCase.self, try row.string("document"))
        guard theme.state == .running else { return nil }
        let children = try await children(of: theme, db)
        // The licences the children's conclusions issued (this one's included, issued earlier in
        // this transaction): a waiting child receives its prerequisite's by number.
        var licences: [CaseNumber: String] = [:]
        let marks = children.map { _ in "?" }.joined(separator: ", ")
        for row in children.isEmpty ? [] : try await db.query(
            "SELECT case_number, identifier FROM licences WHERE status = 'valid' AND case_number IN (\(marks))", children.map { .text($0.number) }) {
            licences[try row.code("case_number")] = try row.string("identifier")
        }
        var started: [CaseRecord] = []
        for (record, event) in try start(children, licences) {
            let saved = try await Self.save(record, event: event, actorID: actorID, at: now, db)
            try await db.executeBatch([AuditRepository.insert(at: now, actor: actor, action: "case.\(event.action)", target: saved.number.rawValue,
                                                              detail: event.step)])
            started.append(saved)
        }
        let updated = Dictionary(started.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        return (theme, children.map { updated[$0.number] ?? $0 }, started)
    }
}

extension ThemeCaseRepository {
    /// Stores a theme action: the theme case from `expectedRevision` and each child from its own
    /// revision, with their history entries, in one transaction. Of two clerks delivering at
    /// once, or a clerk withdrawing while a department concludes, exactly one wins; the other
    /// gets a conflict and nothing of theirs is stored.
    public func apply(
        _ theme: ThemeCase, expectedRevision: Int, children: [(record: CaseRecord, event: CaseEvent)], action: String,
        actorID: Int64?, actor: AuditActor, at now: Int64, messages: [OutgoingMessage] = []
    ) async throws -> (theme: ThemeCase, children: [CaseRecord]) {
        try await database.write { db in
            let updated = try await db.query(
                """
                UPDATE theme_cases SET state = ?, revision = ?, promised_deadline = ?, document = ?, updated_at = ?
                WHERE number = ? AND revision = ? RETURNING number
                """,
                [.text(theme.state.rawValue), .bind(theme.revision), .bind(theme.promisedDeadline?.description), .text(try JSONCoding.encode(theme)),
                 .integer(now), .text(theme.number), .bind(expectedRevision)])
            if updated.isEmpty { throw CaseStoreError.conflict(number: theme.number) }
            var saved: [CaseRecord] = []
            for (record, event) in children {
                let next = try await Self.save(record, event: event, actorID: actorID, at: now, db)
                saved.append(next)
            }
            try await db.executeBatch([
                AuditRepository.insert(at: now, actor: actor, action: "theme-case.\(action)", target: theme.number.rawValue,
                                       detail: "\(theme.themeName)（\(theme.state.label)，\(saved.count) 个子件）"),
            ] + messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: messagePolicy) })
            return (theme, saved)
        }
    }
}

extension ThemeCaseRepository {
    /// The theme cases still running — of one lead department, or of one hall, or all — oldest
    /// first, each with its children (two reads, however many themes).
    public func running(lead department: DepartmentCode? = nil, hall: HallCode? = nil, limit: Int) async throws
        -> [(theme: ThemeCase, children: [CaseRecord])] {
        try await database.read { db in
            var sql = "SELECT document FROM theme_cases WHERE state = 'running'"
            var binds: [DatabaseValue] = []
            if let department { sql += " AND lead_department = ?"; binds.append(.text(department)) }
            if let hall { sql += " AND hall = ?"; binds.append(.text(hall)) }
            sql += " ORDER BY created_at, number LIMIT ?"
            binds.append(.bind(limit))
            let themes = try await db.query(sql, binds).map { try JSONCoding.decode(ThemeCase.self, try $0.string("document")) }
            let byNumber = try await Self.cases(themes.flatMap { $0.children.map(\.number) }, db)
            return themes.map { theme in (theme, theme.children.compactMap { byNumber[$0.number] }) }
        }
    }
}

extension ThemeCaseRepository {
    /// A child changed by its theme (started, delivered, withdrawn), from the revision it was
    /// read at, with its history entry; a child changed meanwhile is a conflict (the whole
    /// transaction rolls back).
    static func save(_ record: CaseRecord, event: CaseEvent, actorID: Int64?, at now: Int64, _ db: any SQLExecutor) async throws -> CaseRecord {
        var next = record
        next.revision = record.revision + 1
        var unnumbered = next
        unnumbered.number = ""
        try await CaseRepository.step(next, expectedRevision: record.revision, document: CaseDocument.json(unnumbered),
                                      eventDocument: CaseDocument.json(event), event: event, actorID: actorID, at: now, db)
        return next
    }
}
