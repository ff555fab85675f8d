import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The catalogue API through the generated client: search and paging, items by code and
/// version, and an administrator's edit, publication and suspension.
@Suite struct TypedCatalogTests {
    static let food = Fixtures.foodLicence().implementationCode
    static let elder = Fixtures.elderCard().implementationCode

    /// A guide of the fixtures as the API's type (the same JSON).
    static func guide(_ guide: ServiceGuide) throws -> Components.Schemas.ServiceGuide {
        try JSONDecoder().decode(Components.Schemas.ServiceGuide.self, from: JSONEncoder().encode(guide))
    }

    @Test(arguments: TestDatabaseKind.available)
    func listsSearchesAndPages(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let search = try await api.listItems(query: .init(q: "餐")).ok.body.json
            #expect(search.total == 1 && search.page == 1 && search.pageSize == 20)
            #expect(search.items.first?.name == "食品经营许可")
            #expect(search.items.first?.limitsPhrase == "承诺 5 个工作日（法定 20 个工作日）")
            // The draft 老年人优待证 is not public.
            #expect(try await api.listItems().ok.body.json.total == 1)
            #expect(try await api.listItems(query: .init(department: "WSJK")).ok.body.json.total == 0)
            let bad = try await api.listItems(query: .init(page: 0, pageSize: 500)).badRequest
            #expect(Set(try bad.body.applicationProblemJson.errors?.map(\.path) ?? []) == ["page", "pageSize"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func itemsByCodeAndVersion(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let item = try await api.getItem(path: .init(code: Self.food)).ok.body.json
            #expect(item.version == 1 && item.tripsPhrase == "最多跑一次" && item.guide.name == "食品经营许可")
            _ = try await api.getItem(path: .init(code: "nope")).notFound
            // A draft: hidden from the public, readable by staff.
            _ = try await api.getItem(path: .init(code: Self.elder)).notFound
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            #expect(try await clerk.getItem(path: .init(code: Self.elder), query: .init(version: 1)).ok.body.json.status == .draft)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func adminEditsPublishesAndSuspends(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let admin = try await ClientHarness.signedIn(client, "admin")
            var guide = Fixtures.foodLicence()
            guide.promisedLimit = TimeLimit(days: 3)
            let edit = Components.Schemas.ItemUpdate(expectedVersion: 1, guide: try Self.guide(guide))
            #expect(try await admin.updateItem(path: .init(code: Self.food), body: .json(edit)).ok.body.json.version == 2)
            // The same stale edit again: somebody else's change would be lost, so 409.
            _ = try await admin.updateItem(path: .init(code: Self.food), body: .json(edit)).conflict
            // The public still sees version 1 until publication.
            #expect(try await api.getItem(path: .init(code: Self.food)).ok.body.json.version == 1)
            _ = try await admin.publishItem(path: .init(code: Self.food)).ok
            let published = try await api.getItem(path: .init(code: Self.food)).ok.body.json
            #expect(published.version == 2 && published.guide.promisedLimit.days == 3)
            #expect(try await admin.suspendItem(path: .init(code: Self.food)).ok.body.json.status == .suspended)
            _ = try await admin.suspendItem(path: .init(code: Self.food)).conflict
            #expect(try await admin.listItemVersions(path: .init(code: Self.food)).ok.body.json.items.count == 2)
        }
    }
}
