import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The repository contract: every test runs on SQLite and, when configured, on PostgreSQL.
@Suite struct CatalogRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")

    @Test(arguments: TestDatabaseKind.available)
    func importThenExportGivesTheSameCatalogue(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            let original = Fixtures.document()
            let summary = try await repository.replace(with: original, by: admin, at: 1_000)
            #expect(summary == ImportSummary(itemsCreated: 2, itemsUpdated: 0, itemsDeleted: 0))
            let exported = try await repository.document()
            #expect(exported == original)

            // A second import of the export into a fresh database gives the same export again.
            try await withTestDatabase(kind) { other in
                let again = CatalogRepository(database: other)
                _ = try await again.replace(with: exported, by: admin, at: 2_000)
                #expect(try await again.document() == exported)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidImportSavesNothingAndNamesEveryProblem(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            var bad = Fixtures.document(items: [])
            bad.departments[0].uscc = "bad"
            bad.halls[1].region = "999999"
            let error = await #expect(throws: ValidationFailed.self) {
                try await repository.replace(with: bad, by: admin, at: 2_000)
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["departments[0].uscc", "halls[1].region"])
            #expect(try await repository.document() == Fixtures.document())
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func importReplacesAndDeletesByCode(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            var next = Fixtures.document(items: [.init(status: .published, publishedVersion: 1, versions: [Fixtures.elderCard()])])
            next.halls.removeLast()
            next.windows.removeLast()
            let summary = try await repository.replace(with: next, by: admin, at: 2_000)
            #expect(summary == ImportSummary(itemsCreated: 0, itemsUpdated: 1, itemsDeleted: 1))
            #expect(try await repository.document() == next)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func editsMakeVersionsAndPublicationPicksOne(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
            let created = try await repository.create(Fixtures.foodLicence(), by: admin, at: 1_100)
            #expect(created.status == .draft)
            #expect(try await repository.items(latest: false).isEmpty)

            try await repository.publish(code: created.code, by: admin, at: 1_200)
            var edited = Fixtures.foodLicence()
            edited.promisedLimit = TimeLimit(days: 3)
            let second = try await repository.update(edited, expectedVersion: 1, by: admin, at: 1_300)
            #expect(second.version == 2)

            // The public still sees version 1 until version 2 is published.
            let published = try #require(try await repository.item(code: created.code))
            #expect(published.version == 1)
            #expect(published.guide.promisedLimit.days == 5)
            #expect(published.hasUnpublishedChanges)
            let v2 = try #require(try await repository.item(code: created.code, version: 2))
            #expect(v2.guide.promisedLimit.days == 3)
            #expect(try await repository.versions(code: created.code).map(\.version) == [1, 2])

            try await repository.publish(code: created.code, by: admin, at: 1_400)
            #expect(try await repository.item(code: created.code)?.version == 2)
            try await repository.suspend(code: created.code, by: admin, at: 1_500)
            #expect(try await repository.item(code: created.code)?.status == .suspended)
            await #expect(throws: CatalogError.invalidTransition("只有已发布的事项可以暂停")) {
                try await repository.suspend(code: created.code, by: admin, at: 1_600)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func staleEditIsRefused(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            let code = ItemCode(rawValue: Fixtures.foodLicence().implementationCode)
            _ = try await repository.update(Fixtures.foodLicence(), expectedVersion: 1, by: admin, at: 1_100)
            await #expect(throws: CatalogError.versionConflict(code: code, expected: 1, actual: 2)) {
                try await repository.update(Fixtures.foodLicence(), expectedVersion: 1, by: admin, at: 1_200)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidEditSavesNothing(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            var bad = Fixtures.foodLicence()
            bad.promisedLimit = TimeLimit(days: 99)
            bad.materials.append(bad.materials[0])
            let error = await #expect(throws: ValidationFailed.self) {
                try await repository.update(bad, expectedVersion: 1, by: admin, at: 1_100)
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["promisedLimit", "materials[3].name"])
            #expect(try await repository.versions(code: ItemCode(rawValue: bad.implementationCode)).count == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func changesAreAudited(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            try await repository.publish(code: ItemCode(rawValue: Fixtures.elderCard().implementationCode), by: admin, at: 1_100)
            let (entries, total) = try await AuditRepository(database: database).list(PageRequest(page: 1, pageSize: 10))
            #expect(total == 2)
            #expect(entries.map(\.action) == ["item.publish", "catalog.import"])
            #expect(entries[0].actor == "tester")
        }
    }
}

@Suite struct PlaceholderTests {
    @Test func rewritesQuestionMarksOutsideQuotes() {
        #expect(numberedPlaceholders("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?") ==
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2")
    }
}
