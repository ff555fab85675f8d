import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// 推送办 through the generated client (issue 17 §3, §4): life stages and rules travel in the
/// catalogue file, a bad rule is named by path and nothing imported, anyone reads them, a
/// citizen reads their own pushes.
@Suite struct TypedPushTests {
    static let food = Fixtures.foodLicence().implementationCode
    static let elder = Fixtures.elderCard().implementationCode

    @Test(arguments: TestDatabaseKind.available)
    func rulesAndStagesTravelWithTheCatalogue(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let api = Client.router(client)
            let admin = try await ClientHarness.signedIn(client, "admin")
            #expect(try await api.listPushRules().ok.body.json.items.isEmpty)
            var document = try await admin.exportCatalog().ok.body.json
            document.lifeStages = [.init(stage: .care, items: [Self.elder]), .init(stage: .open, items: [Self.food])]
            document.pushRules = [.init(code: "TS-X", name: "测试", stage: .care, trigger: .init(on: .birthday, age: 60),
                                        targets: [.init(item: "11440604MB2C000000000000")], reason: "您已年满 60 周岁。")]
            let refused = try await admin.importCatalog(body: .json(document)).unprocessableContent.body.applicationProblemJson
            #expect(refused.errors?.map(\.path) == ["pushRules[0].targets[0].item"])
            #expect(try await api.listPushRules().ok.body.json.items.isEmpty)

            document.pushRules?[0].targets = [.init(item: Self.elder)]
            // A licence about to expire and a changed base record; a field no record has is named.
            document.pushRules? += [
                .init(code: "TS-Y", name: "优待证到期前", stage: .care, trigger: .init(on: .licenceExpiring, licenceType: "WJJ02", days: 30),
                      targets: [.init(item: Self.elder)], reason: "您的优待证将到期。"),
                .init(code: "TS-Z", name: "地址变更后", stage: .care, trigger: .init(on: .recordChanged, field: "shoeSize"),
                      targets: [.init(item: Self.elder)], reason: "您的地址已变更。"),
            ]
            let unknownField = try await admin.importCatalog(body: .json(document)).unprocessableContent.body.applicationProblemJson
            #expect(unknownField.errors?.map(\.path) == ["pushRules[2].trigger.field"])
            document.pushRules?[2].trigger.field = "residenceAddress"
            _ = try await admin.importCatalog(body: .json(document)).ok
            let rules = try await api.listPushRules().ok.body.json.items
            #expect(rules.map(\.code) == ["TS-X", "TS-Y", "TS-Z"] && rules[0].trigger.age == 60 && rules[0].stage == .care)
            #expect(rules[1].trigger.on == .licenceExpiring && rules[1].trigger.days == 30 && rules[2].trigger.field == "residenceAddress")
            // The public sees the published items of each stage (the elder card is a draft here).
            let stages = try await api.listLifeStages().ok.body.json
            #expect(stages.items.map(\.stage) == [.care, .open] && stages.items[0].items.isEmpty && stages.items[1].items.map(\.code) == [Self.food])
            #expect(stages.filedItems == 1 && stages.totalItems == 1 && stages.items[1].holder == .enterprise)
            #expect(try await admin.exportCatalog().ok.body.json.pushRules?.count == 3)

            _ = try await api.listMyRecommendations().unauthorized
            let citizen = try await TypedApplicationTests.citizen("13800138009", client, app)
            let mine = try await citizen.listMyRecommendations().ok.body.json
            #expect(mine.items.isEmpty && mine.optedOut.isEmpty)
        }
    }
}
