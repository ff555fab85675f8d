import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// 一件事 cases through the generated client (issue 17 §4): a clerk accepts a theme with one
/// merged material list, a child waits for its prerequisite, staff read the theme case; bad
/// bodies are named by path, the public is refused.
@Suite struct TypedThemeCaseTests {
    static let food = Fixtures.foodLicence().implementationCode
    static let elder = Fixtures.elderCard().implementationCode

    /// The food licence first, then (for a yes) the elder card.
    static func publishTheme(_ admin: Client) async throws {
        _ = try await admin.publishItem(path: .init(code: elder)).ok
        _ = try await admin.createTheme(body: .json(TypedThemeTests.theme())).created
        _ = try await admin.publishTheme(path: .init(code: "YJS900")).ok
    }

    @Test(arguments: TestDatabaseKind.available)
    func aClerkAcceptsAThemeAndStaffFollowIt(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            try await Self.publishTheme(try await ClientHarness.signedIn(client, "admin"))
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let theme = try await api.getTheme(path: .init(code: "YJS900"), query: .init(answer: ["old:yes"])).ok.body.json
            let body = Components.Schemas.ThemeIntakeBody(
                theme: "YJS900",
                applicant: .init(person: .init(name: "张三", documentType: .residentId, documentNumber: "44011320141005001X", phone: "13800138000")),
                window: "1", answers: .init(additionalProperties: ["old": "yes"]),
                materials: theme.materials.filter { !$0.items.isEmpty }.map { .init(name: $0.name, received: true, pages: 1) })
            let created = try await clerk.createThemeCase(body: .json(body)).created.body.json
            #expect(created.themeName == "测试一件事" && created.total == 2 && created.stage == .running && created.state == .running)
            #expect(created.children.map(\.state) == [.accepted, .waiting])
            #expect(created.children[1].after == [Self.food] && created.children[1].promisedDeadline == nil)
            // The child's own detail names its theme case and what it waits for.
            let child = try await clerk.getCase(path: .init(number: created.children[1].number)).ok.body.json
            #expect(child._case.theme?.number == created.number && child._case.theme?.waitsFor == [Self.food])
            #expect(child._case.queryCode == created.queryCode)

            // The fixture's items charge nothing: a fee for one is named, not recorded.
            let free = try await clerk.recordThemeFee(path: .init(number: created.number),
                                                      body: .json(.init(caseNumber: created.children[0].number, amount: "80", payer: "张三", receipt: "R1")))
            #expect(try free.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["caseNumber"])
            #expect(created.fees.isEmpty && created.feeTotalFen == 0)

            let undertaker = try await ClientHarness.signedIn(client, "undertaker")
            #expect(try await undertaker.getThemeCase(path: .init(number: created.number)).ok.body.json.children.count == 2)
            _ = try await api.getThemeCase(path: .init(number: created.number)).unauthorized
            _ = try await undertaker.createThemeCase(body: .json(body)).forbidden

            // Withdrawn whole, from the revision the clerk saw; a stale one is refused.
            _ = try await clerk.themeCaseAction(path: .init(number: created.number, action: .withdraw),
                                                body: .json(.init(revision: 7, opinion: "申请人撤回"))).conflict
            let withdrawn = try await clerk.themeCaseAction(path: .init(number: created.number, action: .withdraw),
                                                            body: .json(.init(revision: created.revision, opinion: "申请人撤回"))).ok.body.json
            #expect(withdrawn.state == .withdrawn && withdrawn.stage == .closed && withdrawn.children.map(\.state) == [.withdrawn, .withdrawn])
            _ = try await clerk.themeCaseAction(path: .init(number: created.number, action: .deliverAll), body: .json(.init())).conflict
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aBadThemeIntakeIsNamedByPath(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            try await Self.publishTheme(try await ClientHarness.signedIn(client, "admin"))
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let body = Components.Schemas.ThemeIntakeBody(
                theme: "YJS900", applicant: .init(person: .init(name: "", documentType: .residentId, documentNumber: "123")),
                answers: .init(additionalProperties: ["old": "perhaps"]), materials: [.init(name: "不存在的材料", received: true)])
            let problem = try await clerk.createThemeCase(body: .json(body)).unprocessableContent.body.applicationProblemJson
            let paths = Set(problem.errors?.map(\.path) ?? [])
            #expect(paths.isSuperset(of: ["answers.old", "materials[0].name", "applicant.person.name", "applicant.person.documentNumber", "materials"]), "\(paths)")
            var unknown = body
            unknown.theme = "NOPE"
            #expect(try await clerk.createThemeCase(body: .json(unknown)).unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["theme"])
            _ = try await clerk.getThemeCase(path: .init(number: "CC-20260928-99999")).notFound
        }
    }
}

extension TypedThemeCaseTests {
    /// 补齐补正 of a theme through the API: `outcome: request-correction` gives one notice (stage
    /// `correction`, every line named); `complete-correction` with the merged list accepts all.
    @Test func aThemeCorrectionAndItsCompletion() async throws {
        try await ClientHarness.run(.sqlite) { client, _ in
            let api = Client.router(client)
            try await Self.publishTheme(try await ClientHarness.signedIn(client, "admin"))
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let theme = try await api.getTheme(path: .init(code: "YJS900"), query: .init(answer: ["old:yes"])).ok.body.json
            let lines = theme.materials.filter { !$0.items.isEmpty }
            var body = Components.Schemas.ThemeIntakeBody(
                theme: "YJS900",
                applicant: .init(person: .init(name: "张三", documentType: .residentId, documentNumber: "44011320141005001X", phone: "13800138000")),
                window: "1", answers: .init(additionalProperties: ["old": "yes"]),
                materials: lines.dropFirst().map { .init(name: $0.name, received: true, pages: 1) }, outcome: .requestCorrection)
            let given = try await clerk.createThemeCase(body: .json(body)).created.body.json
            #expect(given.stage == .correction && given.correction == ["\(lines[0].name)：未提交"] && given.children.allSatisfy { $0.state == .correction })
            body.materials = lines.map { .init(name: $0.name, received: true, pages: 1) }
            let accepted = try await clerk.themeCaseAction(path: .init(number: given.number, action: .completeCorrection),
                                                           body: .json(.init(revision: given.revision, materials: body.materials))).ok.body.json
            #expect(accepted.stage == .running && accepted.correction == nil && accepted.children.map(\.state) == [.accepted, .waiting])
        }
    }
}
