import OneDoorCore

/// Single-record writes to the organisation (departments, halls, windows), for the admin pages
/// and the API. The catalogue import writes the same rows through the same upserts.
extension CatalogRepository {
    /// Creates or updates a department.
    ///
    /// A department's USCC starts the implementation code of each of its items, so it cannot
    /// change while items exist: the codes would stop matching their department.
    public func saveDepartment(_ department: Department, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            let regions = Set(try await db.query("SELECT code FROM regions").map { try $0.string("code") })
            var c = ProblemCollector()
            department.validate(into: &c, regions: regions)
            let existing = try await db.queryFirst("SELECT uscc, position FROM departments WHERE code = ?", [.text(department.code)])
            if let existing, try existing.string("uscc") != department.uscc,
               try await db.queryFirst("SELECT code FROM service_item_versions WHERE department = ? LIMIT 1", [.text(department.code)]) != nil {
                c.add("uscc", "该部门已有事项，统一社会信用代码不能修改（事项实施编码由它组成）")
            }
            try c.throwIfAny()
            let position = try await Self.position(of: existing, in: "departments", db)
            try await Self.upsert(db, department, position: position)
            try await AuditRepository.record(
                db, at: now, actor: actor, action: existing == nil ? "department.create" : "department.update",
                target: department.code.rawValue, detail: department.name
            )
        }
    }

    /// Creates or updates a hall; its windows are kept.
    public func saveHall(_ hall: Hall, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            let regions = Set(try await db.query("SELECT code FROM regions").map { try $0.string("code") })
            var c = ProblemCollector()
            hall.validate(into: &c, regions: regions)
            try c.throwIfAny()
            let existing = try await db.queryFirst("SELECT position FROM halls WHERE code = ?", [.text(hall.code)])
            let position = try await Self.position(of: existing, in: "halls", db)
            try await Self.upsert(db, hall, position: position)
            try await AuditRepository.record(
                db, at: now, actor: actor, action: existing == nil ? "hall.create" : "hall.update", target: hall.code.rawValue, detail: hall.name
            )
        }
    }

    /// Creates a window or changes the categories it serves.
    public func saveWindow(_ window: ServiceWindow, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            let halls = Set(try await db.query("SELECT code FROM halls").map { try $0.code("code") as HallCode })
            let categories = Set(try await db.query("SELECT code FROM window_categories").map { try $0.string("code") })
            var c = ProblemCollector()
            window.validate(into: &c, halls: halls, categories: categories)
            if Set(window.categories).count != window.categories.count { c.add("categories", "窗口类别不能重复") }
            try c.throwIfAny()
            let existing = try await db.queryFirst(
                "SELECT position FROM windows WHERE hall = ? AND number = ?", [.text(window.hall), .text(window.number)]
            )
            let position = try await Self.position(of: existing, in: "windows", db)
            try await Self.upsert(db, window, position: position)
            try await AuditRepository.record(
                db, at: now, actor: actor, action: existing == nil ? "window.create" : "window.update",
                target: "\(window.hall)/\(window.number)", detail: window.categories.joined(separator: ",")
            )
        }
    }

    /// Removes a window (its category list goes with it).
    public func deleteWindow(hall: HallCode, number: WindowNumber, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard try await db.queryFirst(
                "SELECT number FROM windows WHERE hall = ? AND number = ?", [.text(hall), .text(number)]
            ) != nil else { throw OrganisationError.windowNotFound(hall: hall, number: number) }
            try await db.execute("DELETE FROM window_services WHERE hall = ? AND number = ?", [.text(hall), .text(number)])
            try await db.execute("DELETE FROM windows WHERE hall = ? AND number = ?", [.text(hall), .text(number)])
            try await AuditRepository.record(db, at: now, actor: actor, action: "window.delete", target: "\(hall)/\(number)", detail: "")
        }
    }

    // MARK: Upserts shared with the import

    /// An existing record keeps its place in the lists; a new one goes last.
    static func position(of existing: Row?, in table: String, _ db: any SQLExecutor) async throws -> Int {
        if let existing { return try existing.int("position") }
        let row = try await db.queryFirst("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM \(table)")
        return try row?.int("next") ?? 0
    }

    static func upsert(_ db: any SQLExecutor, _ d: Department, position: Int) async throws {
        try await db.execute(
            """
            INSERT INTO departments (code, name, uscc, region, phone, position) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, uscc = excluded.uscc,
                region = excluded.region, phone = excluded.phone, position = excluded.position
            """, [.text(d.code), .text(d.name), .text(d.uscc), .text(d.region), .text(d.phone), .bind(position)])
    }

    static func upsert(_ db: any SQLExecutor, _ h: Hall, position: Int) async throws {
        try await db.execute(
            """
            INSERT INTO halls (code, name, level, region, address, phone, opening_hours, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, region = excluded.region,
                address = excluded.address, phone = excluded.phone, opening_hours = excluded.opening_hours,
                position = excluded.position
            """,
            [.text(h.code), .text(h.name), .text(h.level.rawValue), .text(h.region), .text(h.address),
             .text(h.phone), .text(try JSONCoding.encode(h.openingHours)), .bind(position)])
    }

    /// Writes the window and replaces the list of categories it serves.
    static func upsert(_ db: any SQLExecutor, _ w: ServiceWindow, position: Int) async throws {
        try await db.execute(
            """
            INSERT INTO windows (hall, number, position) VALUES (?, ?, ?)
            ON CONFLICT (hall, number) DO UPDATE SET position = excluded.position
            """, [.text(w.hall), .text(w.number), .bind(position)])
        try await db.execute("DELETE FROM window_services WHERE hall = ? AND number = ?", [.text(w.hall), .text(w.number)])
        for (j, category) in w.categories.enumerated() {
            try await db.execute(
                "INSERT INTO window_services (hall, number, category, position) VALUES (?, ?, ?, ?)",
                [.text(w.hall), .text(w.number), .text(category), .bind(j)])
        }
    }
}
