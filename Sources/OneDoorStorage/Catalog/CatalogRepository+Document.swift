import OneDoorCore

extension CatalogRepository {
    /// The whole catalogue as one document, in a deterministic order (export).
    public func document() async throws -> CatalogDocument {
        try await database.read { db in
            let organisation = try await Self.organisation(db)
            let pushes = try await PushRepository.catalogue(db)
            var versions: [String: [ServiceGuide]] = [:]
            for row in try await db.query("SELECT code, guide FROM service_item_versions ORDER BY code, version") {
                versions[try row.string("code"), default: []].append(try JSONCoding.decode(ServiceGuide.self, try row.string("guide")))
            }
            let items = try await db.query("SELECT code, status, published_version FROM service_items ORDER BY code").map { row in
                CatalogDocument.ItemRecord(
                    status: ItemStatus(rawValue: try row.string("status")) ?? .draft,
                    publishedVersion: try row.optionalInt("published_version"),
                    versions: versions[try row.string("code")] ?? []
                )
            }
            return CatalogDocument(
                regions: organisation.regions, itemTypes: organisation.itemTypes,
                windowCategories: organisation.windowCategories, departments: organisation.departments,
                halls: organisation.halls, windows: organisation.windows, items: items,
                themes: try await Self.themeRecords(db), lifeStages: pushes.stages, pushRules: pushes.rules
            )
        }
    }

    /// Replaces the catalogue with `document` in one transaction (import): all or nothing.
    ///
    /// Records are matched by code: present ones are updated, new ones inserted, absent ones
    /// deleted. Every problem of the document is reported at once before anything is written;
    /// a department or hall that staff accounts still belong to cannot be dropped.
    public func replace(with document: CatalogDocument, by actor: AuditActor, at now: Int64) async throws -> ImportSummary {
        let problems = document.validate()
        if !problems.isEmpty { throw ValidationFailed(problems) }
        return try await database.write { db in
            try await Self.checkAccountReferences(db, document)
            var summary = ImportSummary()

            for (i, r) in document.regions.enumerated() {
                try await db.execute(
                    """
                    INSERT INTO regions (code, name, parent, position) VALUES (?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent, position = excluded.position
                    """, [.text(r.code), .text(r.name), .bind(r.parent), .bind(i)])
            }
            for (i, t) in document.itemTypes.enumerated() {
                try await db.execute(
                    """
                    INSERT INTO item_types (code, name, position) VALUES (?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position
                    """, [.text(t.code), .text(t.name), .bind(i)])
            }
            for (i, c) in document.windowCategories.enumerated() {
                try await db.execute(
                    """
                    INSERT INTO window_categories (code, name, position) VALUES (?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position
                    """, [.text(c.code), .text(c.name), .bind(i)])
            }
            for (i, d) in document.departments.enumerated() { try await Self.upsert(db, d, position: i) }
            for (i, h) in document.halls.enumerated() { try await Self.upsert(db, h, position: i) }
            for (i, w) in document.windows.enumerated() { try await Self.upsert(db, w, position: i) }

            let storedItems = Set(try await db.query("SELECT code FROM service_items").map { try $0.code("code") as ItemCode })
            for item in document.items {
                try await db.execute(
                    """
                    INSERT INTO service_items (code, status, latest_version, published_version, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET status = excluded.status, latest_version = excluded.latest_version,
                        published_version = excluded.published_version, updated_at = excluded.updated_at
                    """,
                    [.text(item.code), .text(item.status.rawValue), .bind(item.versions.count), .bind(item.publishedVersion), .integer(now)])
                try await db.execute("DELETE FROM service_item_versions WHERE code = ?", [.text(item.code)])
                for (i, guide) in item.versions.enumerated() {
                    try await Self.insertVersion(db, guide, version: i + 1, actor: actor.name, at: now)
                }
                if storedItems.contains(item.code) { summary.itemsUpdated += 1 } else { summary.itemsCreated += 1 }
            }
            // Themes name items: replaced before items the document drops are deleted.
            try await Self.replaceThemes(db, with: document.themes, actor: actor.name, at: now)
            summary.themes = document.themes.count
            try await PushRepository.replaceCatalogue(db, stages: document.lifeStages, rules: document.pushRules)
            let keptItems = Set(document.items.map(\.code))
            for code in storedItems.subtracting(keptItems) {
                try await db.execute("DELETE FROM service_items WHERE code = ?", [.text(code)])
                summary.itemsDeleted += 1
            }

            try await Self.deleteAbsent(db, table: "windows", key: "hall || '/' || number", keep: document.windows.map { "\($0.hall)/\($0.number)" })
            try await Self.deleteAbsent(db, table: "halls", key: "code", keep: document.halls.map(\.code.rawValue))
            try await Self.deleteAbsent(db, table: "departments", key: "code", keep: document.departments.map(\.code.rawValue))
            try await Self.deleteAbsent(db, table: "window_categories", key: "code", keep: document.windowCategories.map(\.code))
            try await Self.deleteAbsent(db, table: "item_types", key: "code", keep: document.itemTypes.map(\.code))
            try await Self.deleteAbsent(db, table: "regions", key: "code", keep: document.regions.map(\.code))

            try await AuditRepository.record(
                db, at: now, actor: actor, action: "catalog.import", target: "catalog",
                detail: "事项 \(document.items.count) 项（新增 \(summary.itemsCreated)，更新 \(summary.itemsUpdated)，删除 \(summary.itemsDeleted)），主题 \(document.themes.count) 个"
            )
            return summary
        }
    }

    /// Deletes the rows of `table` whose key is not in `keep`.
    private static func deleteAbsent(_ db: any SQLExecutor, table: String, key: String, keep: [String]) async throws {
        let keep = Set(keep)
        for row in try await db.query("SELECT \(key) AS k FROM \(table)") {
            let k = try row.string("k")
            if !keep.contains(k) {
                try await db.execute("DELETE FROM \(table) WHERE \(key) = ?", [.text(k)])
            }
        }
    }

    /// Staff accounts must keep their hall or department: report each one the document drops.
    private static func checkAccountReferences(_ db: any SQLExecutor, _ document: CatalogDocument) async throws {
        let halls = Set(document.halls.map(\.code))
        let departments = Set(document.departments.map(\.code))
        var c = ProblemCollector()
        for row in try await db.query("SELECT username, hall, department FROM staff_accounts ORDER BY username") {
            let username = try row.string("username")
            if let hall: HallCode = try row.optionalCode("hall"), !halls.contains(hall) {
                c.add("halls", "服务中心“\(hall)”仍有工作人员账号（\(username)），不能在导入中删除")
            }
            if let department: DepartmentCode = try row.optionalCode("department"), !departments.contains(department) {
                c.add("departments", "部门“\(department)”仍有工作人员账号（\(username)），不能在导入中删除")
            }
        }
        try c.throwIfAny()
    }
}

