import OneDoorCore

/// Themes (一件事), stored like items: a head row and immutable versions (migration 34).
extension CatalogRepository {
    /// One theme: the published version by default, or `version`; nil when either is missing.
    public func theme(code: String, version: Int? = nil) async throws -> ServiceTheme? {
        try await database.read { db in
            guard let head = try await db.queryFirst(
                "SELECT status, latest_version, published_version FROM themes WHERE code = ?", [.text(code)]
            ) else { return nil }
            let latest = try head.int("latest_version"), published = try head.optionalInt("published_version")
            let wanted = version ?? published ?? latest
            guard let row = try await db.queryFirst(
                "SELECT theme FROM theme_versions WHERE code = ? AND version = ?", [.text(code), .integer(Int64(wanted))]
            ) else { return nil }
            return ServiceTheme(status: ItemStatus(rawValue: try head.string("status")) ?? .draft, version: wanted, latestVersion: latest,
                                publishedVersion: published, theme: try JSONCoding.decode(Theme.self, try row.string("theme")))
        }
    }

    /// Every theme: at its latest version (staff), or the published version of published and
    /// suspended ones (the public, the snapshot).
    public func themes(latest: Bool) async throws -> [ServiceTheme] {
        let join = latest ? "v.version = t.latest_version" : "v.version = t.published_version"
        let filter = latest ? "" : "WHERE t.status IN ('published', 'suspended')"
        return try await database.read { db in
            try await db.query("""
                SELECT t.status, t.latest_version, t.published_version, v.version, v.theme
                FROM themes t JOIN theme_versions v ON v.code = t.code AND \(join) \(filter) ORDER BY t.code
                """).map { row in
                ServiceTheme(status: ItemStatus(rawValue: try row.string("status")) ?? .draft, version: try row.int("version"),
                             latestVersion: try row.int("latest_version"), publishedVersion: try row.optionalInt("published_version"),
                             theme: try JSONCoding.decode(Theme.self, try row.string("theme")))
            }
        }
    }

    /// The versions of a theme, oldest first.
    public func themeVersions(code: String) async throws -> [ThemeVersionInfo] {
        try await database.read { db in
            try await db.query(
                "SELECT version, name, theme, created_at, created_by FROM theme_versions WHERE code = ? ORDER BY version", [.text(code)]
            ).map {
                ThemeVersionInfo(version: try $0.int("version"), name: try $0.string("name"),
                                 items: try JSONCoding.decode(Theme.self, try $0.string("theme")).items.count,
                                 createdAt: try $0.int64("created_at"), createdBy: try $0.string("created_by"))
            }
        }
    }

    /// Creates a draft theme (version 1), checked against the stored items and departments (it
    /// may name items still in draft; publishing needs them published).
    public func createTheme(_ theme: Theme, by actor: AuditActor, at now: Int64) async throws -> ServiceTheme {
        try await database.write { db in
            try await Self.validate(theme, db, stage: .draft)
            if try await db.queryFirst("SELECT code FROM themes WHERE code = ?", [.text(theme.code)]) != nil {
                throw CatalogError.themeExists(theme.code)
            }
            try await db.execute(
                "INSERT INTO themes (code, status, latest_version, published_version, updated_at) VALUES (?, 'draft', 1, NULL, ?)",
                [.text(theme.code), .integer(now)])
            try await Self.insertVersion(db, theme, version: 1, actor: actor.name, at: now)
            try await AuditRepository.record(db, at: now, actor: actor, action: "theme.create", target: theme.code, detail: theme.name)
            return ServiceTheme(status: .draft, version: 1, latestVersion: 1, publishedVersion: nil, theme: theme)
        }
    }

    /// Saves an edit as a new version; refused when someone saved another since `expectedVersion`.
    public func updateTheme(_ theme: Theme, expectedVersion: Int, by actor: AuditActor, at now: Int64) async throws -> ServiceTheme {
        try await database.write { db in
            guard let head = try await db.queryFirst(
                "SELECT status, latest_version, published_version FROM themes WHERE code = ?", [.text(theme.code)]
            ) else { throw CatalogError.themeNotFound(theme.code) }
            let latest = try head.int("latest_version")
            guard latest == expectedVersion else {
                throw CatalogError.themeVersionConflict(code: theme.code, expected: expectedVersion, actual: latest)
            }
            try await Self.validate(theme, db, stage: .draft)
            let version = latest + 1
            try await Self.insertVersion(db, theme, version: version, actor: actor.name, at: now)
            try await db.execute("UPDATE themes SET latest_version = ?, updated_at = ? WHERE code = ?",
                                 [.integer(Int64(version)), .integer(now), .text(theme.code)])
            try await AuditRepository.record(db, at: now, actor: actor, action: "theme.update", target: theme.code, detail: "版本 \(version)")
            return ServiceTheme(status: ItemStatus(rawValue: try head.string("status")) ?? .draft, version: version, latestVersion: version,
                                publishedVersion: try head.optionalInt("published_version"), theme: theme)
        }
    }

    /// Publishes the latest version (also resumes a suspended theme), checked again: an item
    /// suspended since the draft was saved stops the publication.
    public func publishTheme(code: String, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard let head = try await db.queryFirst("SELECT latest_version FROM themes WHERE code = ?", [.text(code)]),
                  let row = try await db.queryFirst("SELECT theme FROM theme_versions WHERE code = ? AND version = ?",
                                                    [.text(code), .integer(try head.int64("latest_version"))])
            else { throw CatalogError.themeNotFound(code) }
            try await Self.validate(try JSONCoding.decode(Theme.self, try row.string("theme")), db, stage: .publishing)
            let latest = try head.int64("latest_version")
            try await db.execute("UPDATE themes SET status = 'published', published_version = ?, updated_at = ? WHERE code = ?",
                                 [.integer(latest), .integer(now), .text(code)])
            try await AuditRepository.record(db, at: now, actor: actor, action: "theme.publish", target: code, detail: "发布版本 \(latest)")
        }
    }

    /// Suspends a published theme: it stays listed with its status, and no theme case begins.
    public func suspendTheme(code: String, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard let head = try await db.queryFirst("SELECT status FROM themes WHERE code = ?", [.text(code)])
            else { throw CatalogError.themeNotFound(code) }
            guard try head.string("status") == ItemStatus.published.rawValue else {
                throw CatalogError.invalidTransition("只有已发布的主题可以暂停")
            }
            try await db.execute("UPDATE themes SET status = 'suspended', updated_at = ? WHERE code = ?", [.integer(now), .text(code)])
            try await AuditRepository.record(db, at: now, actor: actor, action: "theme.suspend", target: code, detail: "")
        }
    }

    // MARK: Inside other writes

    /// Every theme with all its versions, by code (export).
    static func themeRecords(_ db: any SQLExecutor) async throws -> [CatalogDocument.ThemeRecord] {
        var versions: [String: [Theme]] = [:]
        for row in try await db.query("SELECT code, theme FROM theme_versions ORDER BY code, version") {
            versions[try row.string("code"), default: []].append(try JSONCoding.decode(Theme.self, try row.string("theme")))
        }
        return try await db.query("SELECT code, status, published_version FROM themes ORDER BY code").map { row in
            CatalogDocument.ThemeRecord(status: ItemStatus(rawValue: try row.string("status")) ?? .draft,
                                        publishedVersion: try row.optionalInt("published_version"),
                                        versions: versions[try row.string("code")] ?? [])
        }
    }

    /// Replaces the themes with the document's (import, inside its transaction): matched by
    /// code, versions rewritten, absent themes deleted.
    static func replaceThemes(_ db: any SQLExecutor, with records: [CatalogDocument.ThemeRecord], actor: String, at now: Int64) async throws {
        for record in records {
            try await db.execute(
                """
                INSERT INTO themes (code, status, latest_version, published_version, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET status = excluded.status, latest_version = excluded.latest_version,
                    published_version = excluded.published_version, updated_at = excluded.updated_at
                """,
                [.text(record.code), .text(record.status.rawValue), .bind(record.versions.count), .bind(record.publishedVersion), .integer(now)])
            try await db.execute("DELETE FROM theme_versions WHERE code = ?", [.text(record.code)])
            for (i, theme) in record.versions.enumerated() { try await insertVersion(db, theme, version: i + 1, actor: actor, at: now) }
        }
        let kept = Set(records.map(\.code))
        for row in try await db.query("SELECT code FROM themes") where !kept.contains(try row.string("code")) {
            try await db.execute("DELETE FROM themes WHERE code = ?", [.text(try row.string("code"))])
        }
    }

    static func validate(_ theme: Theme, _ db: any SQLExecutor, stage: ThemeValidation.Stage) async throws {
        var facts: [ItemCode: ThemeValidation.ItemFacts] = [:]
        for row in try await db.query("""
            SELECT i.code, i.status, v.name FROM service_items i
            JOIN service_item_versions v ON v.code = i.code AND v.version = i.latest_version
            """) {
            facts[try row.code("code")] = ThemeValidation.ItemFacts(status: ItemStatus(rawValue: try row.string("status")) ?? .draft,
                                                                    name: try row.string("name"))
        }
        let departments = Set(try await db.query("SELECT code FROM departments").map { try $0.code("code") as DepartmentCode })
        let problems = ThemeValidation.problems(theme, items: facts, departments: departments, stage: stage)
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }

    static func insertVersion(_ db: any SQLExecutor, _ theme: Theme, version: Int, actor: String, at now: Int64) async throws {
        try await db.execute(
            "INSERT INTO theme_versions (code, version, name, theme, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            [.text(theme.code), .integer(Int64(version)), .text(theme.name), .text(try JSONCoding.encode(theme)), .integer(now), .text(actor)])
    }
}
