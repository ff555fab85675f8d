import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// Electronic licences on the pages (issue 16 §3), on both databases: the conclusion form asks
/// for the licence's face (pre-filled from the case), the case links the licence issued, the
/// issuing department prints it with its QR code and downloads the signed file, revokes it with a
/// reason, and the public verification page says so; administrators rotate keys.
@Suite struct LicencePagesTests {
    static let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)

    /// A decided food-licence case whose item issues the 食品经营许可证.
    static func decidedCase(_ client: any TestClientProtocol, _ app: OneDoorApplication) async throws -> String {
        var guide = Fixtures.foodLicence()
        guide.result.licenceType = "SCJG02"
        let code = ItemCode(rawValue: guide.implementationCode)
        let current = try #require(try await app.catalog.item(code: code, version: nil, staff: true))
        _ = try await app.catalog.update(guide, expectedVersion: current.latestVersion, by: .system)
        try await app.catalog.publish(code: code, by: .system)
        let all = #"[{"name":"食品经营许可申请书","received":true,"pages":2},{"name":"营业执照","received":true,"original":false},{"name":"经营场所平面图","received":true,"pages":1}]"#
        let opened = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake(materials: all))
        let number = try #require(try JSON.object(opened.body)["case"] as? [String: Any])["number"] as? String
        let caseNumber = try #require(number)
        for (action, user, body) in [("undertake", "approver", #"{"opinion":"拟准予"}"#), ("review", "reviewer", #"{"opinion":"同意"}"#),
                                     ("decide", "decider", #"{"granted":true,"opinion":"准予"}"#)] {
            let token = user == "approver" ? try await client.token(.approver) : try await client.token(user)
            #expect(try await CaseAPITests.act(client, caseNumber, action, token, body).status == .ok, "\(action)")
        }
        return caseNumber
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDepartmentIssuesPrintsAndRevokesAndThePublicPageSaysSo(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let number = try await Self.decidedCase(client, app)
            let decider = try await client.signIn("decider")
            let form = String(buffer: try await client.page("/cases/\(number)", decider).body)
            #expect(form.contains("颁发电子证照：食品经营许可证") && form.contains(#"name="licence.holderCode""#))
            #expect(form.contains(#"name="licence.fields.operator" value="张三""#) && form.contains(#"name="licence.fields.items" value="""#))

            // A face left half empty: nothing concluded, every problem listed on the page again.
            let incomplete = try await client.post("/cases/\(number)/actions/conclude", decider, [
                ("revision", "4"), ("licence.holderCode", Self.uscc), ("licence.holderName", "佛山市某某餐饮有限公司"), ("licence.fields.operator", "佛山市某某餐饮有限公司"),
            ])
            #expect(incomplete.status == .unprocessableContent && String(buffer: incomplete.body).contains("请填写照面项“经营项目”"))
            let concluded = try await client.post("/cases/\(number)/actions/conclude", decider, [
                ("revision", "4"), ("opinion", "已制证"), ("licence.holderCode", Self.uscc), ("licence.holderName", "佛山市某某餐饮有限公司"),
                ("licence.fields.operator", "佛山市某某餐饮有限公司"), ("licence.fields.legalRepresentative", "张三"), ("licence.fields.address", "祖庙路 1 号"),
                ("licence.fields.mainBusiness", "小型餐馆"), ("licence.fields.items", "热食类食品制售"),
            ])
            #expect(concluded.status == .seeOther, "\(String(buffer: concluded.body).components(separatedBy: "error").dropFirst().first?.prefix(600) ?? "")")
            let record = try #require(try await app.services.licences.repository.issued(by: number))
            let id = record.licence.identifier
            #expect(String(buffer: try await client.page("/cases/\(number)", decider).body).contains("已颁发电子证照"))

            // The printable licence: the face, the seal, the QR code of the public page, the actions open now.
            let printed = String(buffer: try await client.page("/department/licences/\(id)", decider).body)
            #expect(printed.contains("<svg") && printed.contains("/licences/\(id)") && printed.contains("热食类食品制售") && printed.contains("电子签章"))
            #expect(printed.contains("/actions/suspend") && printed.contains("/actions/revoke") && !printed.contains("/actions/restore"))
            let file = try await client.page("/department/licences/\(id)?download=1", decider)
            #expect(file.headers[.contentType] == "application/jose" && String(buffer: file.body) == record.token)
            // The register lists it; a clerk does not see it.
            #expect(String(buffer: try await client.page("/department/licences", decider).body).contains(id))
            #expect(try await client.page("/department/licences/\(id)", try await client.signIn(.clerk)).status == .forbidden)

            // Anyone verifies it, again and again (answers and pages are replayed while nothing changes).
            var pagesSeen: Set<String> = []
            var answersSeen: Set<String> = []
            for _ in 0..<3 {
                pagesSeen.insert(String(buffer: try await client.page("/licences/\(id)", nil).body))
                answersSeen.insert(String(buffer: try await client.json("/api/v1/licences/\(id)/verification").body))
            }
            #expect(pagesSeen.count == 1 && answersSeen.count == 1)
            let anyone = try #require(pagesSeen.first)
            #expect(anyone.contains(#"<span id="licence-standing">有效</span>"#) && anyone.contains("佛山市某某餐饮有限公司") && anyone.contains(Self.uscc))
            #expect(answersSeen.first?.contains(#""standing":"valid""#) == true)

            // Revoked with a reason (without one the page says so), and the public page follows at once.
            #expect(try await client.post("/department/licences/\(id)/actions/revoke", decider, [("reason", "")]).status == .unprocessableContent)
            #expect(try await client.post("/department/licences/\(id)/actions/revoke", decider, [("reason", "依法吊销")]).status == .seeOther)
            let after = String(buffer: try await client.page("/licences/\(id)", nil).body)
            #expect(after.contains(#"<span id="licence-standing">已注销（吊销）</span>"#) && after.contains("依法吊销"))
            #expect(String(buffer: try await client.json("/api/v1/licences/\(id)/verification").body).contains(#""standing":"revoked""#))
            #expect(!String(buffer: try await client.page("/department/licences/\(id)", decider).body).contains("/actions/"))

            // A mistyped identifier: the check character says so.
            let wrong = try await client.page("/licences/\(String(id.dropLast()))Z", nil)
            #expect(wrong.status == .unprocessableContent && String(buffer: wrong.body).contains("校验位"))

            // Administrators see and rotate the keys.
            let admin = try await client.signIn(.admin)
            #expect(String(buffer: try await client.page("/admin/licence-keys", admin).body).contains("SCJG-"))
            let rotated = try await client.post("/admin/licence-keys/SCJG/rotate", admin)
            #expect(rotated.status == .ok && String(buffer: rotated.body).contains("已为 SCJG 启用新密钥"))
            #expect(try await app.services.licences.keys.keys().filter { $0.owner == "SCJG" }.count == 2)
        }
    }
}
