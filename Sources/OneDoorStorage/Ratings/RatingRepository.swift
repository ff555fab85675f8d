import OneDoorCore

/// 好差评 and 整改 (migration 38, ADR 0040).
public struct RatingRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// A rating by id.
    public func rating(id: Int64) async throws -> Rating? {
        try await database.read { db in try await db.queryFirst("SELECT id, document FROM ratings WHERE id = ?", [.integer(id)]).map(Self.rating) }
    }

    /// The rating of `service`, if given.
    public func rating(of service: RatedService) async throws -> Rating? {
        try await database.read { db in
            try await db.queryFirst("SELECT id, document FROM ratings WHERE service_kind = ? AND service_id = ?", [.text(service.kind), .text(service.id)])
                .map(Self.rating)
        }
    }

    /// Stores a rating given for the first time, or `rating` replacing `replacing` (its revision is
    /// its `changedAt`: a concurrent change loses with `conflict`), with what that does to its
    /// rectification — one opened for a 差评 that has none, one still open removed when the rating
    /// is no longer a 差评 — in one transaction. A second first rating of the same service is
    /// refused (409): one rating per service.
    public func rate(_ rating: Rating, replacing: Rating?, opening: Rectification?, at now: Int64) async throws -> (Rating, Rectification?) {
        try await database.write { db in
            var stored = rating
            if let replacing {
                let changed = try await db.query(
                    """
                    UPDATE ratings SET level = ?, updated_at = ?, document = ?
                    WHERE id = ? AND updated_at = ? RETURNING id
                    """, [.bind(rating.level.rawValue), .integer(now), .text(try JSONCoding.encode(rating)), .integer(replacing.id),
                          .integer(replacing.changedAt ?? replacing.ratedAt)])
                if changed.isEmpty { throw RatingStoreError.conflict }
            } else {
                let inserted = try await db.query(
                    """
                    INSERT INTO ratings (\(Self.columns.joined(separator: ", "))) VALUES (\(Self.columns.map { _ in "?" }.joined(separator: ", ")))
                    ON CONFLICT (service_kind, service_id) DO NOTHING RETURNING id
                    """, try Self.row(rating, at: now))
                guard let row = inserted.first else { throw RatingStoreError.alreadyRated }
                stored.id = try row.int64("id")
                // The id is the row's: the document says it too.
                try await db.execute("UPDATE ratings SET document = ? WHERE id = ?", [.text(try JSONCoding.encode(stored)), .integer(stored.id)])
            }
            var rectification = try await Self.rectification(ofRating: stored.id, db)
            if rectification == nil, var opening {
                opening.rating = stored.id
                let inserted = try await db.queryFirst(
                    """
                    INSERT INTO rectifications (rating_id, department, hall, state, due, revision, document, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """,
                    [.integer(stored.id), .bind(opening.department?.rawValue), .bind(opening.hall?.rawValue), .text(opening.state.rawValue),
                     .text(opening.due.description), .bind(opening.revision), .text(try JSONCoding.encode(opening)), .integer(now), .integer(now)])
                opening.id = try inserted?.int64("id") ?? 0
                try await db.execute("UPDATE rectifications SET document = ? WHERE id = ?", [.text(try JSONCoding.encode(opening)), .integer(opening.id)])
                rectification = opening
            } else if var open = rectification, open.state.isOpen, !stored.level.isNegative {
                let expected = open.revision
                open.state = .removed
                open.revision += 1
                open.steps.append(RectificationStep(action: "withdrawn", step: "评价人改为\(stored.level.label)，整改撤销", at: now, actor: "评价人", text: ""))
                try await Self.save(open, expectedRevision: expected, at: now, db)
                rectification = open
            }
            return (stored, rectification)
        }
    }

    /// The rectification of a rating, if it opened one.
    public func rectification(ofRating id: Int64) async throws -> Rectification? {
        try await database.read { db in try await Self.rectification(ofRating: id, db) }
    }

    /// The figures of the ratings given from `from` to `to` (epoch seconds, `to` excluded) by
    /// hall, department, item or member of staff; ratings of none (a visit has no department) are under "".
    public func figures(from: Int64, to: Int64, by grouping: RatingGrouping) async throws -> [RatingFigure] {
        let column = switch grouping {
        case .hall: "r.hall"
        case .department: "r.department"
        case .item: "r.item_code"
        case .staff: "r.staff_number"
        }
        return try await database.read { db in
            try await db.query(
                """
                SELECT COALESCE(\(column), '') AS k, COUNT(*) AS n, SUM(CASE WHEN r.level >= 3 THEN 1 ELSE 0 END) AS satisfied,
                    SUM(CASE WHEN r.level <= 2 THEN 1 ELSE 0 END) AS negative,
                    SUM(CASE WHEN r.level <= 2 AND x.state = 'closed' THEN 1 ELSE 0 END) AS rectified
                FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id
                WHERE r.rated_at >= ? AND r.rated_at < ? AND NOT (r.level <= 2 AND COALESCE(x.state, '') = 'removed')
                GROUP BY COALESCE(\(column), '') ORDER BY n DESC, k
                """, [.integer(from), .integer(to)]
            ).map { row in
                RatingFigure(key: try row.string("k"), ratings: try row.int("n"), satisfied: try row.int("satisfied"), negative: try row.int("negative"),
                             rectified: try row.int("rectified"))
            }
        }
    }

    /// Ratings given before (history loaded in bulk, the demo's): one transaction, each at its
    /// own time; none may be a 差评 (those open a rectification: ``rate(_:replacing:opening:at:)``).
    public func importRatings(_ ratings: [Rating]) async throws {
        guard !ratings.isEmpty else { return }
        if ratings.contains(where: { $0.level.isNegative }) {
            throw ValidationFailed([ValidationProblem(path: "ratings", reason: "差评须与其整改一并保存")])
        }
        try await database.write { db in
            try await db.insertRows(into: "ratings", columns: Self.columns, rows: try ratings.map { try Self.row($0, at: $0.ratedAt) },
                                    suffix: "ON CONFLICT (service_kind, service_id) DO NOTHING")
        }
    }

    /// A rectification by id.
    public func rectification(_ id: Int64) async throws -> Rectification? {
        try await database.read { db in
            try await db.queryFirst("SELECT document FROM rectifications WHERE id = ?", [.integer(id)])
                .map { try JSONCoding.decode(Rectification.self, try $0.string("document")) }
        }
    }

    /// Stores a rectification changed from `expectedRevision` (a stale page gets `conflict`), and
    /// what the rater is told of it, in one transaction.
    public func save(_ rectification: Rectification, expectedRevision: Int, at now: Int64, messages: [OutgoingMessage] = [],
                     policy: DispatchPolicy = DispatchPolicy()) async throws {
        try await database.write { db in
            try await Self.save(rectification, expectedRevision: expectedRevision, at: now, db)
            if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
        }
    }

    /// The open rectifications a department (or a hall, for its windows) owns — or, with
    /// neither, every one (supervisors) —, by deadline.
    public func open(department: DepartmentCode?, hall: HallCode?, limit: Int) async throws -> [Rectification] {
        try await database.read { db in
            var sql = "SELECT document FROM rectifications WHERE state IN ('verifying', 'rectifying')"
            var binds: [DatabaseValue] = []
            if let department { sql += " AND department = ?"; binds.append(.text(department)) } else if let hall {
                sql += " AND department IS NULL AND hall = ?"
                binds.append(.text(hall))
            }
            return try await db.query(sql + " ORDER BY due, id LIMIT ?", binds + [.bind(limit)])
                .map { try JSONCoding.decode(Rectification.self, try $0.string("document")) }
        }
    }

    /// The ratings given under `raters` (a citizen's own key and their enterprises'), newest
    /// first, each with its rectification (index `ratings_rater`).
    public func ratings(raters: [String], limit: Int) async throws -> [(Rating, Rectification?)] {
        guard !raters.isEmpty else { return [] }
        return try await database.read { db in
            let marks = Array(repeating: "?", count: raters.count).joined(separator: ", ")
            return try await db.query(
                """
                SELECT r.id, r.document, x.document AS rectification FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id
                WHERE r.rater IN (\(marks)) ORDER BY r.rated_at DESC, r.id DESC LIMIT ?
                """, raters.map(DatabaseValue.text) + [.bind(limit)]
            ).map { row in
                (try Self.rating(row), try row.optionalString("rectification").map { try JSONCoding.decode(Rectification.self, $0) })
            }
        }
    }

    static func save(_ rectification: Rectification, expectedRevision: Int, at now: Int64, _ db: any SQLExecutor) async throws {
        let updated = try await db.query(
            "UPDATE rectifications SET state = ?, due = ?, revision = ?, document = ?, updated_at = ? WHERE id = ? AND revision = ? RETURNING id",
            [.text(rectification.state.rawValue), .text(rectification.due.description), .bind(rectification.revision), .text(try JSONCoding.encode(rectification)),
             .integer(now), .integer(rectification.id), .bind(expectedRevision)])
        if updated.isEmpty { throw RatingStoreError.conflict }
    }

    static func rectification(ofRating id: Int64, _ db: any SQLExecutor) async throws -> Rectification? {
        try await db.queryFirst("SELECT document FROM rectifications WHERE rating_id = ?", [.integer(id)])
            .map { try JSONCoding.decode(Rectification.self, try $0.string("document")) }
    }

    /// A rating's row, given (and last changed) at `time`.
    static let columns = ["service_kind", "service_id", "level", "rater", "case_number", "item_code", "department", "hall", "window_number",
                          "staff_number", "rated_at", "updated_at", "document"]

    static func row(_ rating: Rating, at time: Int64) throws -> [DatabaseValue] {
        [.text(rating.service.kind), .text(rating.service.id), .bind(rating.level.rawValue), .text(rating.rater),
         .bind(rating.context.caseNumber?.rawValue), .bind(rating.context.itemCode?.rawValue), .bind(rating.context.department?.rawValue),
         .bind(rating.context.hall?.rawValue), .bind(rating.context.window?.rawValue), .bind(rating.context.staffNumber), .integer(time),
         .integer(time), .text(try JSONCoding.encode(rating))]
    }

    static func rating(_ row: Row) throws -> Rating {
        var rating = try JSONCoding.decode(Rating.self, try row.string("document"))
        rating.id = try row.int64("id")
        return rating
    }
}

extension RatingRepository {
    /// Open rectifications (核实 or 整改 still to do), and of them those past their due day.
    public func openCounts(today: CivilDate) async throws -> (open: Int, overdue: Int) {
        try await database.read { db in
            let row = try await db.queryFirst(
                """
                SELECT COUNT(*) AS n, CAST(COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0) AS BIGINT) AS late
                FROM rectifications WHERE state IN ('verifying', 'rectifying')
                """, [.text(today.description)])
            return (try row?.int("n") ?? 0, try row?.int("late") ?? 0)
        }
    }
}
