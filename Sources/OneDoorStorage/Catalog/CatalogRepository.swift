import Foundation
import OneDoorCore

/// Reads and writes the catalogue: organisation, code tables and versioned items.
public struct CatalogRepository: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    // MARK: Organisation

    /// Everything except the items, in display order.
    public func organisation() async throws -> Organisation {
        try await database.read { db in try await Self.organisation(db) }
    }

    static func organisation(_ db: any SQLExecutor) async throws -> Organisation {
        let regions = try await db.query("SELECT code, name, parent FROM regions ORDER BY position, code").map {
            Region(code: try $0.string("code"), name: try $0.string("name"), parent: try $0.optionalString("parent"))
        }
        let itemTypes = try await db.query("SELECT code, name FROM item_types ORDER BY position, code").map {
            ItemType(code: try $0.string("code"), name: try $0.string("name"))
        }
        let categories = try await db.query("SELECT code, name FROM window_categories ORDER BY position, code").map {
            WindowCategory(code: try $0.string("code"), name: try $0.string("name"))
        }
        let departments = try await db.query(
            "SELECT code, name, uscc, region, phone FROM departments ORDER BY position, code"
        ).map {
            Department(
                code: try $0.code("code"), name: try $0.string("name"), uscc: try $0.string("uscc"),
                region: try $0.string("region"), phone: try $0.string("phone")
            )
        }
        let halls = try await db.query(
            "SELECT code, name, level, region, address, phone, opening_hours FROM halls ORDER BY position, code"
        ).map { row in
            Hall(
                code: try row.code("code"), name: try row.string("name"),
                level: HallLevel(rawValue: try row.string("level")) ?? .district,
                region: try row.string("region"), address: try row.string("address"), phone: try row.string("phone"),
                openingHours: try JSONCoding.decode([OpeningPeriod].self, try row.string("opening_hours"))
            )
        }
        var services: [String: [String]] = [:]
        for row in try await db.query("SELECT hall, number, category FROM window_services ORDER BY position") {
            services["\(try row.string("hall"))/\(try row.string("number"))", default: []].append(try row.string("category"))
        }
        let windows = try await db.query("SELECT hall, number FROM windows ORDER BY position, hall, number").map { row in
            let hall: HallCode = try row.code("hall"), number: WindowNumber = try row.code("number")
            return ServiceWindow(hall: hall, number: number, categories: services["\(hall)/\(number)"] ?? [])
        }
        return Organisation(
            regions: regions, itemTypes: itemTypes, windowCategories: categories,
            departments: departments, halls: halls, windows: windows
        )
    }

    // MARK: Items

    /// One item: the published version by default, or `version` when given.
    /// Returns nil when the item or that version does not exist.
    public func item(code: ItemCode, version: Int? = nil) async throws -> ServiceItem? {
        try await database.read { db in try await Self.item(db, code: code, version: version) }
    }

    static func item(_ db: any SQLExecutor, code: ItemCode, version: Int?) async throws -> ServiceItem? {
        guard let head = try await db.queryFirst(
            "SELECT status, latest_version, published_version FROM service_items WHERE code = ?", [.text(code)]
        ) else { return nil }
        let latest = try head.int("latest_version")
        let published = try head.optionalInt("published_version")
        let wanted = version ?? published ?? latest
        guard let row = try await db.queryFirst(
            "SELECT guide FROM service_item_versions WHERE code = ? AND version = ?",
            [.text(code), .integer(Int64(wanted))]
        ) else { return nil }
        return ServiceItem(
            status: ItemStatus(rawValue: try head.string("status")) ?? .draft,
            version: wanted, latestVersion: latest, publishedVersion: published,
            guide: try JSONCoding.decode(ServiceGuide.self, try row.string("guide"))
        )
    }

    /// Every item in the state the public or the staff should see it.
    ///
    /// - Parameter latest: true for the newest version of each item (staff pages), false for the
    ///   published version of published and suspended items only (public pages, search).
    public func items(latest: Bool) async throws -> [ServiceItem] {
        let sql = latest
            ? """
              SELECT i.status, i.latest_version, i.published_version, v.version, v.guide
              FROM service_items i JOIN service_item_versions v ON v.code = i.code AND v.version = i.latest_version
              ORDER BY i.code
              """
            : """
              SELECT i.status, i.latest_version, i.published_version, v.version, v.guide
              FROM service_items i JOIN service_item_versions v ON v.code = i.code AND v.version = i.published_version
              WHERE i.status IN ('published', 'suspended')
              ORDER BY i.code
              """
        return try await database.read { db in
            try await db.query(sql).map { row in
                ServiceItem(
                    status: ItemStatus(rawValue: try row.string("status")) ?? .draft,
                    version: try row.int("version"), latestVersion: try row.int("latest_version"),
                    publishedVersion: try row.optionalInt("published_version"),
                    guide: try JSONCoding.decode(ServiceGuide.self, try row.string("guide"))
                )
            }
        }
    }

    /// The versions of an item, oldest first.
    public func versions(code: ItemCode) async throws -> [ItemVersionInfo] {
        try await database.read { db in
            try await db.query(
                "SELECT version, name, created_at, created_by FROM service_item_versions WHERE code = ? ORDER BY version",
                [.text(code)]
            ).map {
                ItemVersionInfo(
                    version: try $0.int("version"), name: try $0.string("name"),
                    createdAt: try $0.int64("created_at"), createdBy: try $0.string("created_by")
                )
            }
        }
    }

    /// Creates a draft item (version 1) after validating it against the stored references.
    public func create(_ guide: ServiceGuide, by actor: AuditActor, at now: Int64) async throws -> ServiceItem {
        try await database.write { db in
            try await Self.validate(guide, db)
            if try await db.queryFirst("SELECT code FROM service_items WHERE code = ?", [.text(guide.implementationCode)]) != nil {
                throw CatalogError.itemExists(guide.implementationCode)
            }
            try await db.execute(
                "INSERT INTO service_items (code, status, latest_version, published_version, updated_at) VALUES (?, 'draft', 1, NULL, ?)",
                [.text(guide.implementationCode), .integer(now)]
            )
            try await Self.insertVersion(db, guide, version: 1, actor: actor.name, at: now)
            try await AuditRepository.record(db, at: now, actor: actor, action: "item.create", target: guide.implementationCode, detail: guide.name)
            return ServiceItem(status: .draft, version: 1, latestVersion: 1, publishedVersion: nil, guide: guide)
        }
    }

    /// Saves an edit as a new version. `expectedVersion` is the latest version the editor saw:
    /// a concurrent edit in between is refused instead of being silently overwritten.
    public func update(_ guide: ServiceGuide, expectedVersion: Int, by actor: AuditActor, at now: Int64) async throws -> ServiceItem {
        try await database.write { db in
            let code = ItemCode(rawValue: guide.implementationCode)
            guard let head = try await db.queryFirst(
                "SELECT status, latest_version, published_version FROM service_items WHERE code = ?", [.text(code)]
            ) else { throw CatalogError.itemNotFound(code) }
            let latest = try head.int("latest_version")
            guard latest == expectedVersion else {
                throw CatalogError.versionConflict(code: code, expected: expectedVersion, actual: latest)
            }
            try await Self.validate(guide, db)
            let version = latest + 1
            try await Self.insertVersion(db, guide, version: version, actor: actor.name, at: now)
            try await db.execute(
                "UPDATE service_items SET latest_version = ?, updated_at = ? WHERE code = ?",
                [.integer(Int64(version)), .integer(now), .text(code)]
            )
            try await AuditRepository.record(db, at: now, actor: actor, action: "item.update", target: code.rawValue, detail: "版本 \(version)")
            return ServiceItem(
                status: ItemStatus(rawValue: try head.string("status")) ?? .draft, version: version,
                latestVersion: version, publishedVersion: try head.optionalInt("published_version"), guide: guide
            )
        }
    }

    /// Publishes the latest version (also resumes a suspended item).
    public func publish(code: ItemCode, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard let head = try await db.queryFirst("SELECT latest_version FROM service_items WHERE code = ?", [.text(code)])
            else { throw CatalogError.itemNotFound(code) }
            let latest = try head.int64("latest_version")
            try await db.execute(
                "UPDATE service_items SET status = 'published', published_version = ?, updated_at = ? WHERE code = ?",
                [.integer(latest), .integer(now), .text(code)]
            )
            try await AuditRepository.record(db, at: now, actor: actor, action: "item.publish", target: code.rawValue, detail: "发布版本 \(latest)")
        }
    }

    /// Suspends a published item: it stays visible with its status, and no new case may be opened.
    public func suspend(code: ItemCode, by actor: AuditActor, at now: Int64) async throws {
        try await database.write { db in
            guard let head = try await db.queryFirst("SELECT status FROM service_items WHERE code = ?", [.text(code)])
            else { throw CatalogError.itemNotFound(code) }
            guard try head.string("status") == ItemStatus.published.rawValue else {
                throw CatalogError.invalidTransition("只有已发布的事项可以暂停")
            }
            try await db.execute(
                "UPDATE service_items SET status = 'suspended', updated_at = ? WHERE code = ?", [.integer(now), .text(code)]
            )
            try await AuditRepository.record(db, at: now, actor: actor, action: "item.suspend", target: code.rawValue, detail: "")
        }
    }

    static func validate(_ guide: ServiceGuide, _ db: any SQLExecutor) async throws {
        let organisation = try await Self.organisation(db)
        let problems = guide.problems(references: organisation.references)
        if !problems.isEmpty { throw ValidationFailed(problems) }
    }

    static func insertVersion(_ db: any SQLExecutor, _ guide: ServiceGuide, version: Int, actor: String, at now: Int64) async throws {
        try await db.execute(
            """
            INSERT INTO service_item_versions
                (code, version, name, department, window_category, item_type, guide, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(guide.implementationCode), .integer(Int64(version)), .text(guide.name), .text(guide.department),
                .text(guide.windowCategory), .text(guide.itemType), .text(try JSONCoding.encode(guide)),
                .integer(now), .text(actor),
            ]
        )
    }
}

/// JSON for stored documents: sorted keys so the same value always gives the same text.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
