import OneDoorCore

/// 督办 (migration 39, ADR 0042).
public struct SupervisionRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a new order; a second open order on the same subject is refused (the unique index
    /// on open orders decides, so two supervisors at once cannot both issue one).
    public func insert(_ order: SupervisionOrder, messages: [OutgoingMessage] = [], policy: DispatchPolicy = DispatchPolicy()) async throws -> SupervisionOrder {
        try await database.write { db in
            let inserted = try await db.query(
                """
                INSERT INTO supervision_orders (subject_kind, subject_id, department, hall, state, due_on, revision, document, issued_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subject_kind, subject_id) WHERE state = 'open' DO NOTHING RETURNING id
                """,
                [.text(order.subject.kind), .text(order.subject.id), .bind(order.department?.rawValue), .bind(order.hall?.rawValue),
                 .text(order.state.rawValue), .text(order.dueOn.description), .bind(order.revision), .text(try JSONCoding.encode(order)),
                 .integer(order.issuedAt), .integer(order.issuedAt)])
            guard let row = inserted.first else { throw SupervisionStoreError.alreadyOpen }
            var stored = order
            stored.id = try row.int64("id")
            try await db.execute("UPDATE supervision_orders SET document = ? WHERE id = ?", [.text(try JSONCoding.encode(stored)), .integer(stored.id)])
            if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: order.issuedAt, policy: policy) }) }
            return stored
        }
    }

    /// Stores an order changed from `expectedRevision` (a stale page gets `conflict`).
    public func save(_ order: SupervisionOrder, expectedRevision: Int, at now: Int64) async throws {
        try await database.write { db in
            let updated = try await db.query(
                "UPDATE supervision_orders SET state = ?, revision = ?, document = ?, updated_at = ? WHERE id = ? AND revision = ? RETURNING id",
                [.text(order.state.rawValue), .bind(order.revision), .text(try JSONCoding.encode(order)), .integer(now), .integer(order.id),
                 .bind(expectedRevision)])
            if updated.isEmpty { throw SupervisionStoreError.conflict }
        }
    }

    public func order(_ id: Int64) async throws -> SupervisionOrder? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM supervision_orders WHERE id = ?", [.integer(id)]).map(Self.order)
        }
    }

    /// Every order on `subject`, newest first.
    public func orders(on subject: SupervisedSubject) async throws -> [SupervisionOrder] {
        try await database.read { db in
            try await db.query("SELECT document FROM supervision_orders WHERE subject_kind = ? AND subject_id = ? ORDER BY issued_at DESC, id DESC",
                               [.text(subject.kind), .text(subject.id)]).map(Self.order)
        }
    }

    /// The open orders a department (or, with none, a hall's windows) must answer — or, with
    /// neither, every open one — by due day.
    public func open(department: DepartmentCode?, hall: HallCode?, limit: Int) async throws -> [SupervisionOrder] {
        try await database.read { db in
            var sql = "SELECT document FROM supervision_orders WHERE state = 'open'"
            var binds: [DatabaseValue] = []
            if let department { sql += " AND department = ?"; binds.append(.text(department)) } else if let hall {
                sql += " AND department IS NULL AND hall = ?"
                binds.append(.text(hall))
            }
            return try await db.query(sql + " ORDER BY due_on, id LIMIT ?", binds + [.bind(limit)]).map(Self.order)
        }
    }

    /// Orders answered since `since` (epoch seconds), newest first: what supervisors read back.
    public func answered(since: Int64, limit: Int) async throws -> [SupervisionOrder] {
        try await database.read { db in
            try await db.query("SELECT document FROM supervision_orders WHERE state = 'answered' AND updated_at >= ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                               [.integer(since), .bind(limit)]).map(Self.order)
        }
    }

    static func order(_ row: Row) throws -> SupervisionOrder {
        try JSONCoding.decode(SupervisionOrder.self, try row.string("document"))
    }
}
