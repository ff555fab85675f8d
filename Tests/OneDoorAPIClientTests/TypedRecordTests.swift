import Foundation
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import OpenAPIRuntime
import Testing

/// 一次采集、反复使用 at the window on both databases (issue 16 §1, §2, §4): an intake writes what
/// the clerk saw into the applicant's base record and the material seen in the original into
/// the vault; the next intake offers it, takes it by reference with the applicant's consent,
/// and refuses a tick for what is not held; staff read a record only for a case of theirs that
/// is about that holder, and the read is logged under the case.
@Suite struct TypedRecordTests {
    static let uscc = "91440604MA4UJ5678" + String(USCC.checkCharacter(for: "91440604MA4UJ5678")!)

    static func enterpriseIntake(licence: Components.Schemas.MaterialReceipt) -> Components.Schemas.IntakeBody {
        .init(
            item: TypedCaseTests.food,
            applicant: .init(enterprise: .init(name: "佛山市禅城区好味餐饮有限公司", uscc: uscc, legalRepresentative: "陈美玲", phone: "0757-83001234")),
            window: "1",
            materials: [.init(name: "食品经营许可申请书", received: true, pages: 2), licence, .init(name: "经营场所平面图", received: true, pages: 1)],
            outcome: .accept
        )
    }

    @Test(arguments: TestDatabaseKind.available)
    func whatTheWindowSawIsKeptAndOfferedAgain(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let first = try await clerk.createCase(body: .json(Self.enterpriseIntake(licence: .init(name: "营业执照", received: true, original: true, pages: 1))))
                .created.body.json._case.number

            // The record: what the clerk checked against the licence is verified; the phone is the applicant's word.
            let record = try await clerk.getEnterprise(path: .init(uscc: Self.uscc), query: .init(purpose: first)).ok.body.json
            #expect(record.kind == .enterprise && record.key == "uscc:\(Self.uscc)")
            let fields = Dictionary(uniqueKeysWithValues: record.fields.map { ($0.field, $0) })
            #expect(fields["name"]?.current.value == "佛山市禅城区好味餐饮有限公司" && fields["name"]?.current.verified == true)
            #expect(fields["name"]?.current.source == .window && fields["legalRepresentative"]?.current.value == "陈美玲")
            #expect(fields["phone"]?.current.verified == false)
            // The vault holds the 营业执照 seen in the original: grade B, from that case.
            #expect(record.held.map(\._type) == ["BIZ-LICENCE"] && record.held.first?.grade == .b && record.held.first?.source == .vault)
            #expect(record.held.first?.reference == first)

            // The next intake gives it by reference: received, with the note of what and whose consent.
            let second = try await clerk.createCase(body: .json(Self.enterpriseIntake(licence: .init(name: "营业执照", received: false, reuse: true))))
                .created.body.json._case
            #expect(second.materials[1].received && second.materials[1].reused?.contains("办件 \(first)") == true)
            #expect(second.materials[1].reused?.contains("B 级，申请人同意调用") == true)
            // Nothing new was said: the record did not grow, and the reused licence was not put in the vault again.
            let statements = try await app.services.cases.repository.database.read { db in
                try await db.queryFirst("SELECT COUNT(*) AS n FROM record_statements WHERE holder = ?", [.text("uscc:\(Self.uscc)")])?.int("n")
            }
            #expect(statements == 1)
            let again = try await clerk.getEnterprise(path: .init(uscc: Self.uscc), query: .init(purpose: second.number)).ok.body.json
            #expect(again.held.count == 1)

            // A tick for what the applicant does not hold is refused by its path, and nothing is stored.
            var wrong = Self.enterpriseIntake(licence: .init(name: "营业执照", received: true))
            wrong.materials[0] = .init(name: "食品经营许可申请书", received: false, reuse: true)
            let refused = try await clerk.createCase(body: .json(wrong)).unprocessableContent.body.applicationProblemJson
            #expect(refused.errors?.map(\.path) == ["materials[0]"])
            let cases = try await app.services.cases.repository.database.read { db in try await db.queryFirst("SELECT COUNT(*) AS n FROM cases")?.int("n") }
            #expect(cases == 2)

            // The registration system says the enterprise was cancelled: its papers in the vault no longer stand.
            try await BaseRecordRepository(database: app.services.cases.repository.database).append([
                try .init(holder: "uscc:\(Self.uscc)", RecordStatement<EnterpriseField>(source: .lineSystem, at: ClientHarness.start + 60, observations: [
                    Observation(.status, EnterpriseStatus.cancelled.rawValue, verified: true),
                ])),
            ])
            #expect(try await clerk.getEnterprise(path: .init(uscc: Self.uscc), query: .init(purpose: second.number)).ok.body.json.held.isEmpty)
            // The same read serves online offers and 我的材料.
            let records = BaseRecordRepository(database: app.services.cases.repository.database)
            #expect(try await records.held("uscc:\(Self.uscc)", code: Self.uscc, validOn: CivilDate("2026-09-28")!).vault.isEmpty)
            var late = Self.enterpriseIntake(licence: .init(name: "营业执照", received: false, reuse: true))
            late.outcome = .accept
            #expect(try await clerk.createCase(body: .json(late)).unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["materials[1]"])

            // Each read was logged under its case, naming what was read.
            let log = try await app.services.cases.repository.accessLog(caseNumber: first, limit: 10, offset: 0).entries
            #expect(log.contains { $0.purpose == "查阅法人基础信息（\(Self.uscc)）" && $0.actor.contains("C001") })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aRecordIsReadOnlyForACaseAboutItsHolder(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            // A line system vouches for a phone; the applicant says another at the window: both kept, shown as a conflict.
            let id = "44011320141005001X"
            try await BaseRecordRepository(database: app.services.cases.repository.database).append([
                try .init(holder: "resident-id:\(id)", RecordStatement<PersonField>(source: .lineSystem, at: ClientHarness.start - 86_400, observations: [
                    Observation(.phone, "13900139000", verified: true), Observation(.residenceAddress, "禅城区季华五路 1 号", verified: true),
                ])),
            ])
            let own = try await clerk.createCase(body: .json(TypedCaseTests.intake(id))).created.body.json._case.number
            let other = try await clerk.createCase(body: .json(Self.enterpriseIntake(licence: .init(name: "营业执照", received: true)))).created.body.json._case.number

            let person = try await clerk.getPerson(path: .init(id: id), query: .init(purpose: own)).ok.body.json
            let phone = try #require(person.fields.first { $0.field == "phone" })
            #expect(phone.current.value == "13900139000" && phone.current.source == .lineSystem && phone.conflict?.value == "13800138000")
            #expect(phone.conflict?.source == .window && phone.conflict?.verified == false && phone.history.count == 2)
            #expect(person.fields.first { $0.field == "gender" }?.current.value == "1")
            #expect(person.fields.first { $0.field == "name" }?.current.verified == true)

            // No purpose, a purpose that is no case, a case about someone else: refused, nothing logged.
            let before = try await app.services.cases.repository.accessLog(caseNumber: nil, limit: 100, offset: 0).total
            let none = try await clerk.getPerson(path: .init(id: id), query: .init(purpose: " ")).unprocessableContent.body.applicationProblemJson
            #expect(none.errors?.map(\.path) == ["purpose"])
            let made = try await clerk.getPerson(path: .init(id: id), query: .init(purpose: "核查")).unprocessableContent.body.applicationProblemJson
            #expect(made.errors?.first?.reason.contains("不是存在的办件编号") == true)
            #expect(try await clerk.getPerson(path: .init(id: id), query: .init(purpose: other)).forbidden.body.applicationProblemJson.status == 403)
            #expect(try await clerk.getEnterprise(path: .init(uscc: Self.uscc), query: .init(purpose: own)).forbidden.body.applicationProblemJson.status == 403)
            #expect(try await app.services.cases.repository.accessLog(caseNumber: nil, limit: 100, offset: 0).total == before)

            // An approver of the deciding department, and a supervisor, may; the clerk of another hall may not.
            let undertaker = try await ClientHarness.signedIn(client, "undertaker")
            #expect(try await undertaker.getPerson(path: .init(id: id), query: .init(purpose: own)).ok.body.json.key == "resident-id:\(id)")
            let supervisor = try await ClientHarness.signedIn(client, "supervisor")
            _ = try await supervisor.getPerson(path: .init(id: id), query: .init(purpose: own)).ok
            _ = try await app.auth.createAccount(StaffAccount(username: "zm-clerk", displayName: "祖庙窗口", staffNumber: "ZM001", role: .clerk, hall: "ZM"),
                                                 password: "password-zm-clerk", by: .system)
            let townClerk = try await ClientHarness.signedIn(client, "zm-clerk")
            #expect(try await townClerk.getPerson(path: .init(id: id), query: .init(purpose: own)).forbidden.body.applicationProblemJson.status == 403)
            // A citizen is not staff.
            #expect(try await Client.router(client).getPerson(path: .init(id: id), query: .init(purpose: own)).unauthorized.body.applicationProblemJson.status == 401)
        }
    }

    /// The vault also learns what a case receives later (容缺, 补正) and the result it concludes
    /// in when that is a paper of the applicant's (here the food licence, not issued electronically
    /// in the fixture), each in the step's own transaction.
    @Test(arguments: TestDatabaseKind.available)
    func laterMaterialsAndTheResultGoToTheVault(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            // 补齐补正: the 营业执照 missing, then brought.
            var body = Self.enterpriseIntake(licence: .init(name: "营业执照", received: false, defect: "未提供"))
            body.outcome = .requestCorrection
            let number = try await clerk.createCase(body: .json(body)).created.body.json._case.number
            let vault = VaultRepository(database: app.services.cases.repository.database)
            let today = CivilDate("2026-09-28")!
            #expect(try await vault.entries(holders: ["uscc:\(Self.uscc)"], validOn: today).isEmpty)
            _ = try await clerk.caseAction(path: .init(number: number, action: .completeCorrection),
                                           body: .json(.init(materials: [.init(name: "营业执照", received: true, original: true, pages: 1)]))).ok
            #expect(try await vault.entries(holders: ["uscc:\(Self.uscc)"], validOn: today).map(\.type) == ["BIZ-LICENCE"])
            var revision = 2
            for (person, action, step) in [("undertaker", Operations.CaseAction.Input.Path.ActionPayload.undertake, Components.Schemas.CaseActionBody(opinion: "拟准予")),
                                           ("reviewer", .review, .init(opinion: "同意")), ("decider", .decide, .init(opinion: "准予许可", granted: true)),
                                           ("decider", .conclude, .init(opinion: "已制证"))] {
                var step = step
                step.revision = revision
                revision = try await ClientHarness.signedIn(client, person).caseAction(path: .init(number: number, action: action), body: .json(step))
                    .ok.body.json._case.revision
            }
            let kept = try await vault.entries(holders: ["uscc:\(Self.uscc)"], validOn: today)
            #expect(kept.map(\.type) == ["FOOD-LICENCE", "BIZ-LICENCE"] && kept.first?.source == .platform && kept.first?.caseNumber == number)
            // Offered to the next intake as what it is.
            let record = try await clerk.getEnterprise(path: .init(uscc: Self.uscc), query: .init(purpose: number)).ok.body.json
            #expect(record.held.contains { $0.label.hasPrefix("食品经营许可证") && $0.label.contains("办理结果") })
        }
    }
}
