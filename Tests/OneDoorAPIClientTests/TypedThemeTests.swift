import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Themes through the generated client (issue 17 §1, §4): an administrator drafts, publishes and
/// edits one; the public lists, searches and reads it with its figures for their answers; every
/// bad answer and bad condition is named; the catalogue file carries it.
@Suite struct TypedThemeTests {
    static let food = Fixtures.foodLicence().implementationCode
    static let elder = Fixtures.elderCard().implementationCode

    static func theme(days: Int = 5) -> Components.Schemas.Theme {
        .init(code: "YJS900", name: "测试一件事", summary: "两个事项一次办", aliases: ["老人开店"], serves: .person, leadDepartment: "SCJG",
              items: [.init(item: food), .init(item: elder, after: [food], condition: .init(question: "old", _is: .yes))],
              questions: [.init(key: "old", text: "是否年满 60 周岁？", kind: .yesNo), .init(key: "area", text: "面积", kind: .number)],
              promisedDays: days)
    }

    @Test(arguments: TestDatabaseKind.available)
    func anAdministratorDraftsAndPublishesThePublicReads(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let admin = try await ClientHarness.signedIn(client, "admin")
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            #expect(try await api.listThemes().ok.body.json.total == 0)
            _ = try await clerk.createTheme(body: .json(Self.theme())).forbidden
            let draft = try await admin.createTheme(body: .json(Self.theme())).created.body.json
            #expect(draft.status == .draft && draft.version == 1)
            _ = try await api.getTheme(path: .init(code: "YJS900")).notFound
            // Staff read the draft; its 老年人优待证 is itself a draft, so publishing is refused.
            #expect(try await clerk.getTheme(path: .init(code: "YJS900")).ok.body.json.status == .draft)
            let refused = try await admin.publishTheme(path: .init(code: "YJS900")).unprocessableContent.body.applicationProblemJson
            #expect(refused.errors?.map(\.path) == ["items[1].item"])
            _ = try await admin.publishItem(path: .init(code: Self.elder)).ok
            #expect(try await admin.publishTheme(path: .init(code: "YJS900")).ok.body.json.status == .published)

            let found = try await api.listThemes(query: .init(q: "老人开店")).ok.body.json
            #expect(found.items.map(\.code) == ["YJS900"] && found.items[0].serialDays == 5 + 0 && found.items[0].items == 2)
            #expect(try await api.listThemes(query: .init(serves: .enterprise)).ok.body.json.total == 0)
            // Unanswered: every item; answered no: the food licence alone, one material list.
            let all = try await api.getTheme(path: .init(code: "YJS900")).ok.body.json
            #expect(all.selected.count == 2 && all.figures.criticalPath == [Self.food, Self.elder])
            let young = try await api.getTheme(path: .init(code: "YJS900"), query: .init(answer: ["old:no"])).ok.body.json
            #expect(young.selected.map(\.item) == [Self.food] && young.figures.items == 1)
            #expect(young.materials.count == young.figures.materialsMerged)
            // The floor plan may be handed in later (容缺): said as such, neither required nor silent.
            #expect(young.materials.filter { $0.deferrable == true }.map(\.name) == ["经营场所平面图"])
            let bad = try await api.getTheme(path: .init(code: "YJS900"), query: .init(answer: ["old:maybe", "area:-3", "parking:yes", "nocolon"]))
            #expect(Set(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) ?? [])
                    == ["answers.old", "answers.area", "answers.parking", "answer[3]"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func editsAreVersionedAndBadOnesNamed(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let admin = try await ClientHarness.signedIn(client, "admin")
            _ = try await admin.createTheme(body: .json(Self.theme())).created
            let second = try await admin.updateTheme(path: .init(code: "YJS900"), body: .json(.init(expectedVersion: 1, theme: Self.theme(days: 4)))).ok
            #expect(try second.body.json.version == 2)
            _ = try await admin.updateTheme(path: .init(code: "YJS900"), body: .json(.init(expectedVersion: 1, theme: Self.theme()))).conflict

            var wrong = Self.theme()
            wrong.items[1].condition = .init(question: "old", _is: .yes, above: 3)
            wrong.items[0].after = [Self.elder]
            wrong.code = "OTHER"
            let problems = try await admin.updateTheme(path: .init(code: "YJS900"), body: .json(.init(expectedVersion: 2, theme: wrong)))
                .unprocessableContent.body.applicationProblemJson.errors?.map(\.path)
            #expect(problems == ["theme.items[1].condition"])
            wrong.items[1].condition = nil
            let cycle = try await admin.createTheme(body: .json(wrong)).unprocessableContent.body.applicationProblemJson
            #expect(cycle.errors?.first { $0.path == "items" }?.reason == "前置关系成环：食品经营许可 → 老年人优待证 → 食品经营许可")

            _ = try await api.listThemeVersions(path: .init(code: "YJS900")).unauthorized
            let reviewer = try await ClientHarness.signedIn(client, "reviewer")
            #expect(try await reviewer.listThemeVersions(path: .init(code: "YJS900")).ok.body.json.items.map(\.version) == [1, 2])

            // The catalogue file carries the theme out and back in.
            let exported = try await admin.exportCatalog().ok.body.json
            #expect(exported.themes?.first?.versions.count == 2)
            let summary = try await admin.importCatalog(body: .json(exported)).ok.body.json
            #expect(summary.themes == 1)
            #expect(try await admin.listThemeVersions(path: .init(code: "YJS900")).ok.body.json.total == 2)
        }
    }
}
