import Foundation
import OneDoorCore
import OneDoorStorage
import Synchronization

/// The catalogue as the application uses it: cached snapshot for reads, repository for writes.
///
/// Every write goes through here, so the snapshot (and with it the search index) is rebuilt
/// after each change; at catalogue size a rebuild takes milliseconds.
public final class CatalogService: Sendable {
    public let repository: CatalogRepository
    private let clock: any AppClock
    private let pinyin: PinyinInitials?
    private let current = Mutex(CatalogSnapshot.empty)
    /// Tells the other servers to reload after a change made here.
    private let cluster: ClusterBus?

    public init(repository: CatalogRepository, clock: any AppClock, pinyin: PinyinInitials? = PinyinInitials.bundled, cluster: ClusterBus? = nil) {
        self.repository = repository
        self.clock = clock
        self.pinyin = pinyin
        self.cluster = cluster
    }

    /// After a write: reload here, and tell the other servers to.
    private func changed() async throws {
        try await reload()
        cluster?.publish(.catalog)
    }

    /// The snapshot in force; cheap to call on every request.
    public var snapshot: CatalogSnapshot { current.withLock { $0 } }

    /// Reads the catalogue from the database into a new snapshot.
    public func reload() async throws {
        // Numbered before reading: a reload that starts later reads later data, so of two that
        // overlap (a change here and another server's message at once) the later-started one is
        // kept whichever finishes first. Numbering after reading let an earlier, staler read
        // that finished first win over a fresh one with the same number.
        let generation = reloads.withLock { $0 += 1; return $0 }
        let organisation = try await repository.organisation()
        let items = try await repository.items(latest: false)
        let themes = try await repository.themes(latest: false)
        let pushes = try await PushRepository(database: repository.database).catalogue()
        let next = CatalogSnapshot(organisation: organisation, items: items, themes: themes, lifeStages: pushes.stages, pushRules: pushes.rules,
                                   pinyin: pinyin, generation: generation)
        current.withLock { snapshot in
            if next.generation > snapshot.generation { snapshot = next }
        }
    }

    /// Reloads started so far (the next snapshot's generation).
    private let reloads = Mutex(0)

    /// The item a reader may see: the published version by default, or `version`.
    ///
    /// The one visibility rule of the catalogue, for the API and the pages alike: the public
    /// reads published (and suspended) items and any version up to the published one, because
    /// a case keeps the version it was accepted under and its applicant may look it up; staff
    /// also read drafts and versions not yet published. Nil means "not found" for this reader.
    public func item(code: ItemCode, version: Int?, staff: Bool) async throws -> ServiceItem? {
        let published = snapshot.itemsByCode[code]
        switch (version, staff) {
        case (nil, _):
            // The hot path: the published guide from the snapshot touches no database.
            if let published { return published }
            return staff ? try await repository.item(code: code) : nil
        case (let version?, true):
            return try await repository.item(code: code, version: version)
        case (let version?, false):
            guard let published, version <= (published.publishedVersion ?? 0) else { return nil }
            if version == published.version { return published }
            return try await repository.item(code: code, version: version)
        }
    }

    /// The item as stored, with its latest version (drafts included): the editor's starting point.
    public func latest(code: ItemCode, by identity: Identity) async throws -> ServiceItem {
        try identity.require(.readCatalogInternals)
        guard let head = try await repository.item(code: code),
              let latest = try await repository.item(code: code, version: head.latestVersion)
        else { throw CatalogError.itemNotFound(code) }
        return latest
    }

    /// The item's head record (status, published and latest versions), drafts and suspended included.
    public func head(code: ItemCode, by identity: Identity) async throws -> ServiceItem {
        try identity.require(.readCatalogInternals)
        guard let item = try await repository.item(code: code) else { throw CatalogError.itemNotFound(code) }
        return item
    }

    /// Every item at its latest version, drafts and suspended included (the staff list).
    public func allLatest(by identity: Identity) async throws -> [ServiceItem] {
        try identity.require(.readCatalogInternals)
        return try await repository.items(latest: true)
    }

    /// Every version of an item, oldest first.
    public func versions(code: ItemCode, by identity: Identity) async throws -> [ItemVersionInfo] {
        try identity.require(.readCatalogInternals)
        let versions = try await repository.versions(code: code)
        if versions.isEmpty { throw CatalogError.itemNotFound(code) }
        return versions
    }

    /// The whole catalogue as one document (export).
    public func document(by identity: Identity) async throws -> CatalogDocument {
        try identity.require(.exportCatalog)
        return try await repository.document()
    }

    public func create(_ guide: ServiceGuide, by actor: AuditActor) async throws -> ServiceItem {
        let item = try await repository.create(guide, by: actor, at: clock.now())
        try await changed()
        return item
    }

    public func update(_ guide: ServiceGuide, expectedVersion: Int, by actor: AuditActor) async throws -> ServiceItem {
        let item = try await repository.update(guide, expectedVersion: expectedVersion, by: actor, at: clock.now())
        try await changed()
        return item
    }

    public func publish(code: ItemCode, by actor: AuditActor) async throws {
        try await repository.publish(code: code, by: actor, at: clock.now())
        try await changed()
    }

    public func suspend(code: ItemCode, by actor: AuditActor) async throws {
        try await repository.suspend(code: code, by: actor, at: clock.now())
        try await changed()
    }

    public func saveDepartment(_ department: Department, by actor: AuditActor) async throws {
        try await repository.saveDepartment(department, by: actor, at: clock.now())
        try await changed()
    }

    public func saveHall(_ hall: Hall, by actor: AuditActor) async throws {
        try await repository.saveHall(hall, by: actor, at: clock.now())
        try await changed()
    }

    public func saveWindow(_ window: ServiceWindow, by actor: AuditActor) async throws {
        try await repository.saveWindow(window, by: actor, at: clock.now())
        try await changed()
    }

    public func deleteWindow(hall: HallCode, number: WindowNumber, by actor: AuditActor) async throws {
        try await repository.deleteWindow(hall: hall, number: number, by: actor, at: clock.now())
        try await changed()
    }

    // MARK: Themes

    /// A theme a reader may see: the published version by default or `version` (up to the
    /// published one for the public, any for staff) — the rule of `item(code:version:staff:)`.
    public func theme(code: String, version: Int?, staff: Bool) async throws -> ServiceTheme? {
        let published = snapshot.themesByCode[code]
        switch (version, staff) {
        case (nil, _):
            if let published { return published }
            return staff ? try await repository.theme(code: code) : nil
        case (let version?, true):
            return try await repository.theme(code: code, version: version)
        case (let version?, false):
            guard let published, version <= (published.publishedVersion ?? 0) else { return nil }
            return version == published.version ? published : try await repository.theme(code: code, version: version)
        }
    }

    /// Every theme at its latest version, drafts included (staff).
    public func allThemes(by identity: Identity) async throws -> [ServiceTheme] {
        try identity.require(.readCatalogInternals)
        return try await repository.themes(latest: true)
    }

    /// Every version of a theme, oldest first (staff, as for items).
    public func themeVersions(code: String, by identity: Identity) async throws -> [ThemeVersionInfo] {
        try identity.require(.readCatalogInternals)
        let versions = try await repository.themeVersions(code: code)
        if versions.isEmpty { throw CatalogError.themeNotFound(code) }
        return versions
    }

    public func createTheme(_ theme: Theme, by actor: AuditActor) async throws -> ServiceTheme {
        let created = try await repository.createTheme(theme, by: actor, at: clock.now())
        try await changed()
        return created
    }

    public func updateTheme(_ theme: Theme, expectedVersion: Int, by actor: AuditActor) async throws -> ServiceTheme {
        let updated = try await repository.updateTheme(theme, expectedVersion: expectedVersion, by: actor, at: clock.now())
        try await changed()
        return updated
    }

    public func publishTheme(code: String, by actor: AuditActor) async throws {
        try await repository.publishTheme(code: code, by: actor, at: clock.now())
        try await changed()
    }

    public func suspendTheme(code: String, by actor: AuditActor) async throws {
        try await repository.suspendTheme(code: code, by: actor, at: clock.now())
        try await changed()
    }

    public func importDocument(_ document: CatalogDocument, by actor: AuditActor) async throws -> ImportSummary {
        let summary = try await repository.replace(with: document, by: actor, at: clock.now())
        try await changed()
        return summary
    }
}

extension PinyinInitials {
    /// The table shipped with the product (Resources/pinyin-initials.txt), if present.
    public static let bundled: PinyinInitials? = {
        guard let url = Bundle.module.url(forResource: "pinyin-initials", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        let syllables = Bundle.module.url(forResource: "pinyin-syllables", withExtension: "txt", subdirectory: "Resources")
            .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
        let table = PinyinInitials(table: text, syllables: syllables)
        return table.isEmpty ? nil : table
    }()
}
