import Foundation
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import OpenAPIRuntime
import Testing

/// 已有，免提交 over the API on both databases (issue 16 §2): an enterprise whose 营业执照 is an
/// electronic licence in force is offered it for the food licence's "营业执照", gives it by
/// reference with its representative's consent, and the case takes it as received — recorded as
/// a use of its data; once the licence is revoked it is neither offered nor accepted.
@Suite struct TypedReuseTests {
    static let uscc = TypedLicenceIssueTests.uscc

    /// The enterprise's 营业执照, issued by the market regulator (as 企业设立登记 concludes).
    static func businessLicence(_ app: OneDoorApplication) async throws -> Licence {
        let keys = app.services.cases.licenceKeys
        try await keys.prepare("SCJG")
        let type = try #require(LicenceTypes.find("SCJG01"))
        let draft = LicenceDraft(fields: ["name": "佛山市某某餐饮有限公司", "type": "有限责任公司", "legalRepresentative": "张三", "capital": "100 万元",
                                          "established": "2026年9月1日", "address": "佛山市禅城区祖庙路 1 号", "scope": "餐饮服务"])
        let applicant = Applicant.enterprise(Enterprise(name: "佛山市某某餐饮有限公司", uscc: uscc, legalRepresentative: "张三"))
        let licence = try LicenceIssuing.licence(type, draft: draft, applicant: applicant,
                                                 issuer: LicenceIssuer(department: "SCJG", code: Fixtures.marketUSCC, name: "禅城区市场监督管理局"),
                                                 caseNumber: nil, today: CivilDate("2026-09-01")!)
        return try await app.services.licences.repository.database.write { db in
            try await LicenceRepository.issue(licence, at: ClientHarness.start, actor: .system, signer: keys, in: db)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aLicenceInForceIsGivenByReferenceWithConsentAndNeverOnceRevoked(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let licence = try await Self.businessLicence(app)
            let representative = try await TypedApplicationTests.citizen("13800138000", client, app)
            _ = try await representative.registerEnterprise(body: .json(.init(uscc: Self.uscc, name: "佛山市某某餐饮有限公司"))).created
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            _ = try await clerk.verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13800138000"))).ok

            // 我的材料: the enterprise's 营业执照 (A); no identity card until a clerk has seen it.
            let mine = try await representative.listMyMaterials().ok.body.json.items
            #expect(mine.map(\.reference) == [licence.identifier] && mine.first?.grade == .a && mine.first?._type == "BIZ-LICENCE")
            _ = try await clerk.verifyCitizen(body: .json(.init(phone: "13800138000", name: "张三", documentType: .residentId,
                                                                documentNumber: "44011320141005001X"))).ok
            let verified = try await representative.listMyMaterials().ok.body.json.items
            #expect(verified.map(\._type) == ["BIZ-LICENCE", "ID-CARD"] && verified.last?.reference == "4401**********001X")

            func apply() async throws -> String {
                let id = try await representative.createApplication(body: .json(.init(item: TypedApplicationTests.food, enterprise: Self.uscc))).created.body.json.id
                _ = try await TypedApplicationTests.upload(representative, id, material: 0, name: "申请书.pdf", TypedApplicationTests.pdf).created
                _ = try await TypedApplicationTests.upload(representative, id, material: 2, name: "平面图.pdf", TypedApplicationTests.pdf + [1]).created
                _ = try await representative.setApplicationDelivery(path: .init(id: id), body: .json(.init(method: .electronic))).ok
                return id
            }
            let id = try await apply()
            // The 营业执照 is offered (A, the electronic licence); the application form is not.
            let detail = try await representative.getApplication(path: .init(id: id)).ok.body.json
            #expect(detail.materials[1].offered?.reference == licence.identifier && detail.materials[1].offered?.grade == .a)
            #expect(detail.materials[0].offered == nil && detail.materials[2].offered == nil)
            // Without consent nothing is taken: the material is still missing.
            let missing = try await representative.submitApplication(path: .init(id: id), body: .json(.init())).unprocessableContent.body.applicationProblemJson
            #expect(missing.errors?.map(\.path) == ["materials[1]"])
            let refused = try await representative.setApplicationMaterialReuse(path: .init(id: id, index: 0), body: .json(.init(consent: true)))
                .unprocessableContent.body.applicationProblemJson
            #expect(refused.errors?.map(\.path) == ["materials[0]"])
            let chosen = try await representative.setApplicationMaterialReuse(path: .init(id: id, index: 1), body: .json(.init(consent: true))).ok.body.json
            #expect(chosen.materials[1].reused?.reference == licence.identifier && chosen.materials[1].files.isEmpty)
            #expect(chosen.history.last?.step == "同意调用已有材料：营业执照")
            _ = try await representative.submitApplication(path: .init(id: id), body: .json(.init())).ok

            // Accepted: the case has it as received, by reference, and the use is recorded against the case.
            let accepted = try await clerk.decidePreReview(path: .init(id: id), body: .json(.init(decision: .accept))).ok.body.json
            let number = try #require(accepted.caseNumber)
            let caseNumber = try #require(CaseNumber(parsing: number))
            let record = try #require(try await app.services.cases.repository.find(caseNumber))
            #expect(record.materials[1].received && record.materials[1].reused?.contains(licence.identifier) == true)
            #expect(record.materials[1].receivedPhrase.hasPrefix("已有材料免提交：营业执照"))
            let log = try await app.services.cases.repository.accessLog(caseNumber: number, limit: 20, offset: 0).entries
            #expect(log.contains { $0.purpose.contains("受理时调用已有材料：营业执照") && $0.purpose.contains("申请人已同意") })
            // …and the enterprise's representative sees who used it in 我的: unit, staff number, why — no names.
            _ = try await clerk.getCase(path: .init(number: number)).ok
            let uses = try await representative.listMyDataUse().ok.body.json.items
            #expect(uses.contains { $0.purpose.contains("受理时调用已有材料：营业执照") && $0.staffNumber == "C001" && $0.caseNumber == number })
            #expect(uses.first?.purpose == "查看办件" && uses.allSatisfy { !$0.unit.contains("窗口一号") && $0.unit != "系统" })

            // A second application chooses it too; then the department revokes the licence.
            let second = try await apply()
            _ = try await representative.setApplicationMaterialReuse(path: .init(id: second, index: 1), body: .json(.init(consent: true))).ok
            _ = try await representative.submitApplication(path: .init(id: second), body: .json(.init())).ok
            _ = try await ClientHarness.signedIn(client, "decider").licenceAction(path: .init(identifier: licence.identifier, action: .revoke),
                                                                                 body: .json(.init(reason: "依法吊销"))).ok
            // Never accepted on a revoked licence; never offered again.
            let lapsed = try await clerk.decidePreReview(path: .init(id: second), body: .json(.init(decision: .accept))).unprocessableContent.body.applicationProblemJson
            #expect(lapsed.errors?.map(\.path) == ["materials[1]"] && lapsed.errors?.first?.reason.contains("已失效") == true)
            let third = try await apply()
            #expect(try await representative.getApplication(path: .init(id: third)).ok.body.json.materials[1].offered == nil)
            _ = try await representative.setApplicationMaterialReuse(path: .init(id: third, index: 1), body: .json(.init(consent: true))).unprocessableContent
        }
    }
}
