import OneDoorCore

/// 投诉、举报、咨询、建议 (migration 40, ADR 0043).
public struct ComplaintRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a new complaint, numbered from its id, with what the complainant is told of it
    /// (`messages` gets the numbered complaint) — one transaction.
    public func insert(_ complaint: Complaint, at now: Int64, policy: DispatchPolicy = DispatchPolicy(),
                       messages: (Complaint) -> [OutgoingMessage] = { _ in [] }) async throws -> Complaint {
        try await database.write { db in
            let inserted = try await db.queryFirst(
                """
                INSERT INTO complaints (query_code, kind, state, department, hall, case_number, staff_number, citizen_id, due_on, received_at,
                    revision, document, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, Self.binds(complaint) + [.integer(now), .bind(complaint.revision), .text("{}"), .integer(now)])
            var stored = complaint
            stored.id = try inserted?.int64("id") ?? 0
            stored.number = ComplaintRules.number(id: stored.id, receivedOn: complaint.receivedOn)
            try await db.execute("UPDATE complaints SET number = ?, document = ? WHERE id = ?",
                                 [.text(stored.number), .text(try JSONCoding.encode(stored)), .integer(stored.id)])
            let outgoing = messages(stored)
            if !outgoing.isEmpty { try await db.executeBatch(outgoing.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
            return stored
        }
    }

    /// Stores a complaint changed from `expectedRevision` (a stale page gets `conflict`), with its messages.
    public func save(_ complaint: Complaint, expectedRevision: Int, at now: Int64, messages: [OutgoingMessage] = [],
                     policy: DispatchPolicy = DispatchPolicy()) async throws {
        try await database.write { db in
            let updated = try await db.query(
                """
                UPDATE complaints SET query_code = ?, kind = ?, state = ?, department = ?, hall = ?, case_number = ?, staff_number = ?, citizen_id = ?,
                    due_on = ?, finding = ?, revision = ?, document = ?, updated_at = ?
                WHERE id = ? AND revision = ? RETURNING id
                """,
                Self.binds(complaint) + [.bind(complaint.finding?.rawValue), .bind(complaint.revision), .text(try JSONCoding.encode(complaint)),
                                         .integer(now), .integer(complaint.id), .bind(expectedRevision)])
            if updated.isEmpty { throw ComplaintStoreError.conflict }
            if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
        }
    }

    public func find(id: Int64) async throws -> Complaint? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM complaints WHERE id = ?", [.integer(id)]).map(Self.complaint)
        }
    }

    public func find(number: String) async throws -> Complaint? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM complaints WHERE number = ?", [.text(number)]).map(Self.complaint)
        }
    }

    /// The open complaints a department (or, with none, a hall) answers for — or, with neither,
    /// every one (supervisors, the unassigned first) — by due day.
    public func open(department: DepartmentCode?, hall: HallCode?, limit: Int) async throws -> [Complaint] {
        try await database.read { db in
            var sql = "SELECT document FROM complaints WHERE state IN ('received', 'assigned')"
            var binds: [DatabaseValue] = []
            if let department { sql += " AND department = ?"; binds.append(.text(department)) } else if let hall {
                sql += " AND department IS NULL AND hall = ? AND state = 'assigned'"
                binds.append(.text(hall))
            }
            let order = department == nil && hall == nil ? "CASE WHEN state = 'received' THEN 0 ELSE 1 END, due_on, id" : "due_on, id"
            return try await db.query(sql + " ORDER BY \(order) LIMIT ?", binds + [.bind(limit)]).map(Self.complaint)
        }
    }

    /// The most recent complaints, any state (supervisors' list), newest first.
    public func recent(limit: Int) async throws -> [Complaint] {
        try await database.read { db in
            try await db.query("SELECT document FROM complaints ORDER BY received_at DESC, id DESC LIMIT ?", [.bind(limit)]).map(Self.complaint)
        }
    }

    /// A citizen's own, newest first.
    public func filed(byCitizen id: Int64, limit: Int) async throws -> [Complaint] {
        try await database.read { db in
            try await db.query("SELECT document FROM complaints WHERE citizen_id = ? ORDER BY received_at DESC, id DESC LIMIT ?",
                               [.integer(id), .bind(limit)]).map(Self.complaint)
        }
    }

    /// Open complaints, and of them those past their due day (escalated).
    public func openCounts(today: CivilDate) async throws -> (open: Int, overdue: Int, unassigned: Int) {
        try await database.read { db in
            let row = try await db.queryFirst(
                """
                SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CASE WHEN due_on < ? THEN 1 ELSE 0 END), 0) AS BIGINT) AS late,
                    CAST(COALESCE(SUM(CASE WHEN state = 'received' THEN 1 ELSE 0 END), 0) AS BIGINT) AS waiting
                FROM complaints WHERE state IN ('received', 'assigned')
                """, [.text(today.description)])
            return (try row?.int("n") ?? 0, try row?.int("late") ?? 0, try row?.int("waiting") ?? 0)
        }
    }

    static func binds(_ c: Complaint) -> [DatabaseValue] {
        [.text(c.queryCode), .text(c.kind.rawValue), .text(c.state.rawValue), .bind(c.department?.rawValue), .bind(c.hall?.rawValue),
         .bind(c.caseNumber?.rawValue), .bind(c.staffNumber), .bind(c.citizenID), .bind(c.dueOn?.description)]
    }

    static func complaint(_ row: Row) throws -> Complaint {
        try JSONCoding.decode(Complaint.self, try row.string("document"))
    }
}
