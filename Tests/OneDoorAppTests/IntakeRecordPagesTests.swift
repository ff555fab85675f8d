import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The intake form with the applicant's base record (issue 16 §1, §2): called up by number, it
/// shows each field with its source, the values that disagree first, and the materials already
/// held with a consent tick; ticked, the case takes the material by reference.
@Suite struct IntakeRecordPagesTests {
    static let uscc = "91440604MA4UJ5678" + String(USCC.checkCharacter(for: "91440604MA4UJ5678")!)

    static func fields(licence: [(String, String)]) -> [(String, String)] {
        [("item", CasePagesTests.food), ("applicantType", "enterprise"), ("enterpriseName", "佛山市禅城区好味餐饮有限公司"), ("uscc", uscc),
         ("legalRepresentative", "陈美玲"), ("enterprisePhone", "0757-83001234"), ("m0.received", "on"), ("m0.pages", "2"),
         ("m2.received", "on"), ("outcome", "accept"), ("window", "1")] + licence
    }

    @Test(arguments: TestDatabaseKind.available)
    func theClerkSeesTheRecordItsConflictsAndWhatIsHeld(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            // The registration system vouches for the enterprise's phone before it ever comes here.
            try await BaseRecordRepository(database: app.cases.repository.database).append([
                try .init(holder: "uscc:\(Self.uscc)", RecordStatement<EnterpriseField>(source: .lineSystem, at: 1_790_000_000, observations: [
                    Observation(.phone, "0757-83009999", verified: true), Observation(.registeredCapital, "100", verified: true),
                ])),
            ])
            let clerk = try await client.signIn(.clerk)
            #expect(try await client.post("/cases", clerk, Self.fields(licence: [("m1.received", "on")])).status == .seeOther)

            let form = String(buffer: try await client.page("/cases/new?item=\(CasePagesTests.food)&lookup=\(Self.uscc)", clerk).body)
            #expect(form.contains("申请人基础信息") && form.contains("有 1 项与此前记录不一致"))
            // The registration system's phone is in use; what the applicant said at the window is beside it.
            #expect(form.contains("0757-83009999") && form.contains("<strong>0757-83001234（窗口采集"))
            #expect(form.contains("部门业务系统") && form.contains("注册资本（万元）"))
            // The 营业执照 seen in the original is offered, unticked until the applicant agrees.
            #expect(form.contains("申请人已有 1 项材料可免提交"))
            #expect(form.contains(#"name="m1.reuse">"#) && form.contains("营业执照（") && form.contains("办件 CC-20260928-00001"))

            let created = try await client.post("/cases", clerk, Self.fields(licence: [("m1.reuse", "on"), ("m1.offer", "营业执照")]))
            #expect(created.status == .seeOther)
            let record = try #require(try await app.cases.repository.find("CC-20260928-00002"))
            #expect(record.materials[1].received && record.materials[1].reused?.contains("CC-20260928-00001") == true)
            // The case page says how it was given.
            let page = String(buffer: try await client.page("/cases/CC-20260928-00002", clerk).body)
            #expect(page.contains("已有材料免提交：营业执照"))

            // From the case, the staff who work on it open the applicant's record, logged under the case.
            #expect(page.contains("/cases/CC-20260928-00002/applicant-record"))
            let before = try await app.cases.repository.accessLog(caseNumber: "CC-20260928-00002", limit: 10, offset: 0).total
            let held = String(buffer: try await client.page("/cases/CC-20260928-00002/applicant-record", clerk).body)
            #expect(held.contains("<strong>0757-83001234（窗口采集") && held.contains("营业执照（") && held.contains("B 级"))
            #expect(try await app.cases.repository.accessLog(caseNumber: "CC-20260928-00002", limit: 10, offset: 0).entries.first?.purpose
                == "查阅申请人基础信息（\(Self.uscc)）")
            #expect(try await app.cases.repository.accessLog(caseNumber: "CC-20260928-00002", limit: 10, offset: 0).total == before + 1)

            // The clerk checks the new phone with the applicant and takes it: now the checked value, no conflict, audited.
            #expect(held.contains(#"action="/cases/CC-20260928-00002/applicant-record/fields/phone""#))
            let supervisor = try await client.signIn(.supervisor)
            #expect(try await client.post("/cases/CC-20260928-00002/applicant-record/fields/phone", supervisor, [("choice", "new")]).status == .forbidden)
            #expect(try await client.post("/cases/CC-20260928-00002/applicant-record/fields/phone", clerk, [("choice", "maybe")]).status == .unprocessableContent)
            let settled = try await client.post("/cases/CC-20260928-00002/applicant-record/fields/phone", clerk, [("choice", "new")])
            #expect(settled.status == .seeOther)
            let phone = try #require(try await BaseRecordRepository(database: app.cases.repository.database).record("uscc:\(Self.uscc)", as: EnterpriseField.self)?.fields[.phone])
            #expect(phone.current.value == "0757-83001234" && phone.current.verified && phone.current.source == .window && phone.conflict == nil)
            #expect(try await client.post("/cases/CC-20260928-00002/applicant-record/fields/phone", clerk, [("choice", "new")]).status == .conflict)
            let audit = try await app.services.audit.recent(action: "record.settle", limit: 5, by: Identity(account: StaffAccount(
                username: "s", displayName: "s", staffNumber: "S", role: .supervisor), sessionTokenHash: "", csrfToken: ""))
            #expect(audit.first?.detail == "核实联系电话：采信新值" && audit.first?.target == "CC-20260928-00002")

            // A tick for a material not held: the form comes back naming it, with the tick kept, and nothing stored.
            let wrong = try await client.post("/cases", clerk, Self.fields(licence: [("m1.received", "on")]).filter { $0.0 != "m0.received" } + [("m0.reuse", "on")])
            #expect(wrong.status == .unprocessableContent)
            let html = String(buffer: wrong.body)
            #expect(html.contains("“食品经营许可申请书”没有可直接使用的已有材料"))
            #expect(try await app.cases.repository.hallCases("CC", limit: 5).total == 2)
        }
    }

    /// A 即办件 whose result is a licence: the form asks for the licence's face, filled from the
    /// applicant called up; concluded on the spot, the case is stored with its licence.
    @Test func anImmediateLicenceItemAsksForTheFaceAtIntake() async throws {
        try await TestApp.run(.sqlite) { client, app in
            let guide = Fixtures.immediateFoodLicence()
            let code = ItemCode(rawValue: guide.implementationCode)
            let current = try #require(try await app.catalog.item(code: code, version: nil, staff: true))
            _ = try await app.catalog.update(guide, expectedVersion: current.latestVersion, by: .system)
            try await app.catalog.publish(code: code, by: .system)
            let clerk = try await client.signIn(.clerk)
            #expect(try await client.post("/cases", clerk, Self.fields(licence: [("m1.received", "on")])).status == .seeOther)
            let form = String(buffer: try await client.page("/cases/new?item=\(code.rawValue)&lookup=\(Self.uscc)", clerk).body)
            #expect(form.contains("当场办结时颁发电子证照：食品经营许可证") && form.contains(#"name="licence.fields.operator" value="佛山市禅城区好味餐饮有限公司""#))
            var fields = Self.fields(licence: [("m1.received", "on")]).filter { $0.0 != "outcome" } + [("outcome", "accept-and-conclude")]
            for (key, value) in [("operator", "佛山市禅城区好味餐饮有限公司"), ("legalRepresentative", "陈美玲"), ("address", "佛山市禅城区祖庙路 1 号"),
                                 ("mainBusiness", "餐饮服务经营者（小型餐馆）"), ("items", "热食类食品制售")] {
                fields.append(("licence.fields.\(key)", value))
            }
            let concluded = try await client.post("/cases", clerk, fields)
            #expect(concluded.status == .seeOther && concluded.headers[.location]?.contains("done=concluded") == true)
            #expect(try await app.services.licences.repository.issued(by: "CC-20260928-00002")?.licence.holder.code == Self.uscc)
        }
    }
}
