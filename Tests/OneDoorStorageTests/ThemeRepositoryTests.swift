import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Themes (issue 17 §1) stored like items, on SQLite and PostgreSQL: versions never rewritten,
/// the public sees the published one, every problem named before anything is written, and the
/// catalogue file carries them both ways.
@Suite struct ThemeRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")
    static let food = ItemCode(rawValue: Fixtures.foodLicence().implementationCode)
    static let elder = ItemCode(rawValue: Fixtures.elderCard().implementationCode)

    static func theme(days: Int = 5) -> Theme {
        Theme(code: "YJS900", name: "测试一件事", summary: "两个事项一次办", aliases: ["测试"], serves: .person, leadDepartment: "SCJG",
              items: [ThemeItem(item: food), ThemeItem(item: elder, after: [food], condition: .yes("old"))],
              questions: [ThemeQuestion(key: "old", text: "是否年满 60 周岁？", kind: .yesNo)], promisedDays: days)
    }

    @Test(arguments: TestDatabaseKind.available)
    func editsMakeVersionsAndPublicationPicksOne(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            let created = try await repository.createTheme(Self.theme(), by: admin, at: 1_100)
            #expect(created.status == .draft && created.version == 1)
            // A draft may name an item still in draft; publishing may not.
            let unpublished = await #expect(throws: ValidationFailed.self) { try await repository.publishTheme(code: "YJS900", by: admin, at: 1_150) }
            #expect(unpublished?.problems.map(\.reason) == ["事项“老年人优待证”尚未发布"])
            try await repository.publish(code: Self.elder, by: admin, at: 1_160)
            #expect(try await repository.themes(latest: false).isEmpty)
            await #expect(throws: CatalogError.themeExists("YJS900")) { try await repository.createTheme(Self.theme(), by: admin, at: 1_150) }

            try await repository.publishTheme(code: "YJS900", by: admin, at: 1_200)
            let second = try await repository.updateTheme(Self.theme(days: 4), expectedVersion: 1, by: admin, at: 1_300)
            #expect(second.version == 2 && second.publishedVersion == 1)
            // The public still reads version 1 until version 2 is published.
            #expect(try await repository.theme(code: "YJS900")?.theme.promisedDays == 5)
            #expect(try await repository.themes(latest: false).map(\.version) == [1])
            #expect(try await repository.themes(latest: true).map(\.version) == [2])
            #expect(try await repository.theme(code: "YJS900", version: 2)?.theme == Self.theme(days: 4))
            #expect(try await repository.themeVersions(code: "YJS900").map(\.version) == [1, 2])

            try await repository.publishTheme(code: "YJS900", by: admin, at: 1_400)
            #expect(try await repository.theme(code: "YJS900")?.version == 2)
            try await repository.suspendTheme(code: "YJS900", by: admin, at: 1_500)
            #expect(try await repository.themes(latest: false).first?.status == .suspended)
            await #expect(throws: CatalogError.invalidTransition("只有已发布的主题可以暂停")) {
                try await repository.suspendTheme(code: "YJS900", by: admin, at: 1_600)
            }
            await #expect(throws: CatalogError.themeVersionConflict(code: "YJS900", expected: 1, actual: 2)) {
                try await repository.updateTheme(Self.theme(), expectedVersion: 1, by: admin, at: 1_700)
            }
            let actions = try await AuditRepository(database: database).list(PageRequest(page: 1, pageSize: 20)).entries.map(\.action)
            #expect(actions.prefix(6) == ["theme.suspend", "theme.publish", "theme.update", "theme.publish", "item.publish", "theme.create"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aBadThemeIsRefusedWithEveryProblemAndNothingSaved(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            var bad = Self.theme()
            bad.items[0].after = [Self.elder]  // a cycle: each waits for the other
            bad.items.append(ThemeItem(item: "11440604MB2C000000000000"))
            bad.leadDepartment = "NONE"
            let error = await #expect(throws: ValidationFailed.self) { try await repository.createTheme(bad, by: admin, at: 1_100) }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["leadDepartment", "items[2].item", "items"])
            #expect(error?.problems.contains { $0.reason.contains("尚未发布") } == false)
            #expect(error?.problems.contains { $0.reason == "前置关系成环：食品经营许可 → 老年人优待证 → 食品经营许可" } == true)
            #expect(try await repository.themes(latest: true).isEmpty)

            // An item suspended after the draft was saved stops the publication.
            _ = try await repository.createTheme(Self.theme(), by: admin, at: 1_200)
            try await repository.publish(code: Self.elder, by: admin, at: 1_250)
            try await repository.suspend(code: Self.elder, by: admin, at: 1_300)
            let suspended = await #expect(throws: ValidationFailed.self) { try await repository.publishTheme(code: "YJS900", by: admin, at: 1_400) }
            #expect(suspended?.problems.map(\.path) == ["items[1].item"])
            #expect(try await repository.theme(code: "YJS900")?.status == .draft)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theCatalogueFileCarriesThemesBothWays(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            var document = Fixtures.document()
            document.items = document.items.map { .init(status: .published, publishedVersion: 1, versions: $0.versions) }
            document.themes = [.init(status: .published, publishedVersion: 1, versions: [Self.theme(), Self.theme(days: 4)])]
            let summary = try await repository.replace(with: document, by: admin, at: 1_000)
            #expect(summary.themes == 1)
            let exported = try await repository.document()
            #expect(exported == document)
            #expect(try await repository.theme(code: "YJS900")?.theme.promisedDays == 5)
            #expect(try await repository.themeVersions(code: "YJS900").count == 2)

            // A file that drops an item a theme names is refused whole: the theme and the item stay.
            var dropping = document
            dropping.items.removeAll { $0.code == Self.elder }
            let error = await #expect(throws: ValidationFailed.self) { try await repository.replace(with: dropping, by: admin, at: 2_000) }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["themes[0].versions[0].items[1].item", "themes[0].versions[1].items[1].item"])
            #expect(try await repository.document() == document)

            // A file without themes deletes them; one written before themes existed reads as none.
            var without = document
            without.themes = []
            let none = try await repository.replace(with: without, by: admin, at: 3_000)
            #expect(none.themes == 0)
            #expect(try await repository.themes(latest: true).isEmpty)
        }
    }
}
