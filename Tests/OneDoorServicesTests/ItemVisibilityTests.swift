import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The one rule of who may read which version of an item, shared by the API and the pages.
@Suite struct ItemVisibilityTests {
    @Test(arguments: TestDatabaseKind.available)
    func thePublicReadsPublishedVersionsAndStaffReadAll(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let catalog = CatalogService(repository: CatalogRepository(database: database), clock: FixedClock(1_000), pinyin: nil)
            _ = try await catalog.importDocument(Fixtures.document(), by: .system)
            let food = ItemCode(rawValue: Fixtures.foodLicence().implementationCode), elder = ItemCode(rawValue: Fixtures.elderCard().implementationCode)
            var edited = Fixtures.foodLicence()
            edited.promisedLimit = TimeLimit(days: 3)
            _ = try await catalog.update(edited, expectedVersion: 1, by: .system)  // version 2, not yet published

            // The public: the published version, earlier published ones, nothing unpublished.
            #expect(try await catalog.item(code: food, version: nil, staff: false)?.version == 1)
            #expect(try await catalog.item(code: food, version: 1, staff: false)?.version == 1)
            #expect(try await catalog.item(code: food, version: 2, staff: false) == nil)
            #expect(try await catalog.item(code: elder, version: nil, staff: false) == nil)
            #expect(try await catalog.item(code: elder, version: 1, staff: false) == nil)

            // Staff: also drafts and unpublished versions.
            #expect(try await catalog.item(code: food, version: 2, staff: true)?.guide.promisedLimit.days == 3)
            #expect(try await catalog.item(code: elder, version: nil, staff: true)?.status == .draft)
            #expect(try await catalog.item(code: food, version: 9, staff: true) == nil)

            // After publication version 2 is public, and version 1 stays readable (cases keep it).
            try await catalog.publish(code: food, by: .system)
            #expect(try await catalog.item(code: food, version: nil, staff: false)?.version == 2)
            #expect(try await catalog.item(code: food, version: 1, staff: false)?.guide.promisedLimit.days == 5)
        }
    }
}
