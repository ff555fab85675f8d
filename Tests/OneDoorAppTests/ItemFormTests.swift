import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Creating and editing items through the administration form.
@Suite struct ItemFormTests {
    static func signIn(_ client: any TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        let session = try await client.signIn(.admin)
        return (session.cookie, session.csrf)
    }

    static func encode(_ fields: [(String, String)]) -> String { FormEncoding.encode(fields) }

    static func fields(csrf: String, name: String, basicCode: String, promised: String = "5", expectedVersion: Int = 0) -> [(String, String)] {
        [
            ("_csrf", csrf), ("expectedVersion", String(expectedVersion)), ("name", name), ("basicCode", basicCode),
            ("itemType", "XK"), ("department", "SCJG"), ("level", "4"), ("windowCategory", "business"),
            ("legalBasis", "《中华人民共和国食品安全法》第三十五条"), ("conditions", "有固定经营场所\n有健康证明"),
            ("handlingForms", "window"), ("handlingForms", "online"), ("caseKind", "promised"),
            ("legalDays", "20"), ("legalUnit", "working-days"), ("promisedDays", promised), ("promisedUnit", "working-days"),
            ("trips", "1"), ("onlineDepth", "3"), ("scope", "district"), ("specialProcedures", ""),
            ("procedure", "受理：窗口核验材料\n审查\n决定"), ("location", "禅城区行政服务中心"), ("hours", "工作日 9:00–17:00"),
            ("consultation", "0757-83000001"), ("complaint", "12345"), ("resultName", "食品小作坊登记证"), ("resultType", "证照"),
            ("aliases", "开作坊"), ("tags", ""),
            ("m0.name", "登记申请表"), ("m0.type", "form"), ("m0.form", "paper"), ("m0.originals", "1"), ("m0.copies", "0"),
            ("m0.necessity", "required"), ("m0.source", "applicant"), ("m0.notes", ""),
            ("m1.name", ""), ("m1.type", "certificate"), ("m1.form", "paper"), ("m1.originals", "1"), ("m1.copies", "0"),
            ("m1.necessity", "required"), ("m1.source", "applicant"), ("m1.notes", ""),
        ]
    }

    @Test(arguments: TestDatabaseKind.available)
    func createThenEditThroughTheForm(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let (cookie, csrf) = try await Self.signIn(client)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let created = try await client.execute(uri: "/admin/items", method: .post, headers: headers,
                                                   body: ByteBuffer(string: Self.encode(Self.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117077000"))))
            #expect(created.status == .seeOther)
            let code = ItemCodes.implementationCode(uscc: Fixtures.marketUSCC, level: .county, basicCode: "000117077000")
            let item = try #require(try await app.catalog.repository.item(code: ItemCode(rawValue: code)))
            #expect(item.status == .draft)
            #expect(item.guide.conditions == ["有固定经营场所", "有健康证明"])
            #expect(item.guide.procedure.first == ProcedureStep(name: "受理", detail: "窗口核验材料"))
            #expect(item.guide.materials.map(\.name) == ["登记申请表"])  // the blank row is not saved

            let form = String(buffer: try await client.execute(uri: "/admin/items/\(code)/edit", method: .get, headers: [.cookie: cookie]).body)
            #expect(form.contains("value=\"食品小作坊登记\""))
            let edited = try await client.execute(uri: "/admin/items/\(code)", method: .post, headers: headers, body: ByteBuffer(string: Self.encode(
                Self.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117077000", promised: "3", expectedVersion: 1))))
            #expect(edited.status == .seeOther)
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: code), version: 2)?.guide.promisedLimit.days == 3)

            // The same edit again is stale: refused, nothing saved.
            let stale = try await client.execute(uri: "/admin/items/\(code)", method: .post, headers: headers, body: ByteBuffer(string: Self.encode(
                Self.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117077000", promised: "4", expectedVersion: 1))))
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("已被他人修改"))
            #expect(try await app.catalog.repository.versions(code: ItemCode(rawValue: code)).count == 2)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidFormNamesEveryProblemAndKeepsWhatWasTyped(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let (cookie, csrf) = try await Self.signIn(client)
            var fields = Self.fields(csrf: csrf, name: "坏的事项", basicCode: "000117078000", promised: "30")
            fields = fields.map { $0.0 == "trips" ? ("trips", "很多") : $0 }
            fields.append(("m2.name", "登记申请表"))
            fields.append(contentsOf: [("m2.type", "form"), ("m2.form", "paper"), ("m2.originals", "1"), ("m2.copies", "0"),
                                       ("m2.necessity", "required"), ("m2.source", "applicant"), ("m2.notes", "")])
            let response = try await client.execute(uri: "/admin/items", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                    body: ByteBuffer(string: Self.encode(fields)))
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("data-path=\"trips\""))
            #expect(html.contains("data-path=\"promisedLimit\""))
            #expect(html.contains("data-path=\"materials[1].name\""))
            #expect(html.contains("value=\"坏的事项\""))
            let code = ItemCodes.implementationCode(uscc: Fixtures.marketUSCC, level: .county, basicCode: "000117078000")
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: code)) == nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theFormRefusesForgedPosts(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let (cookie, _) = try await Self.signIn(client)
            let response = try await client.execute(uri: "/admin/items", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                    body: ByteBuffer(string: Self.encode(Self.fields(csrf: "forged", name: "伪造", basicCode: "000117079000"))))
            #expect(response.status == .forbidden)
            #expect(try await app.catalog.repository.items(latest: true).count == 2)
        }
    }

    /// 五公开 (issue 18 §7): a deployment's own entries, typed a line each in the item form, kept
    /// in the guide and shown under their headings (a link where one is given); a bad line is
    /// named and nothing saved. Editing through the form keeps what the form does not show — the
    /// result's licence type and the fee's fixed amounts — which saving the form once dropped.
    @Test(arguments: TestDatabaseKind.available)
    func ownDisclosuresAndWhatTheFormDoesNotShowSurviveAnEdit(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let (cookie, csrf) = try await Self.signIn(client)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            func post(_ uri: String, _ fields: [(String, String)]) async throws -> (status: HTTPResponse.Status, body: String) {
                let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: Self.encode(fields)))
                return (response.status, String(buffer: response.body))
            }
            #expect(try await post("/admin/items", Self.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117077000")).status == .seeOther)
            let code = ItemCode(rawValue: ItemCodes.implementationCode(uscc: Fixtures.marketUSCC, level: .county, basicCode: "000117077000"))
            // The department's own licence type and fee amounts, set outside the form.
            var guide = try #require(try await app.catalog.repository.item(code: code)).guide
            guide.result.licenceType = "SCJG02"
            guide.fee = Fee(charged: true, standard: "每件 50 元", basis: "粤价〔2026〕1 号", amounts: [FeeAmount(label: "每件", fen: 5_000)])
            _ = try await app.catalog.update(guide, expectedVersion: 1, by: .system)

            func edit(_ disclosures: String, version: Int) -> [(String, String)] {
                Self.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117077000", expectedVersion: version)
                    + [("feeCharged", "on"), ("feeStandard", "每件 50 元"), ("feeBasis", "粤价〔2026〕1 号"), ("disclosures", disclosures)]
            }
            let bad = try await post("/admin/items/\(code)", edit("其他公开｜标题｜内容\n执行公开｜许可公示｜内容｜ftp://example.org\n结果｜｜只有内容", version: 2))
            #expect(bad.status == .unprocessableContent)
            for path in ["disclosures[0].kind", "disclosures[1].url", "disclosures[2].title"] { #expect(bad.body.contains("data-path=\"\(path)\""), "\(path)") }
            #expect(try await app.catalog.repository.versions(code: code).count == 2)

            let lines = "决策公开｜收费标准论证｜2026 年 3 月经区发展改革局论证\n结果公开｜许可决定公示｜https://www.chancheng.gov.cn/xxgk/xzxk/"
            #expect(try await post("/admin/items/\(code)", edit(lines, version: 2)).status == .seeOther)
            let saved = try #require(try await app.catalog.repository.item(code: code, version: 3)).guide
            #expect(saved.disclosures == [
                DisclosureNote(kind: .decision, title: "收费标准论证", text: "2026 年 3 月经区发展改革局论证"),
                DisclosureNote(kind: .result, title: "许可决定公示", url: "https://www.chancheng.gov.cn/xxgk/xzxk/"),
            ])
            #expect(saved.result.licenceType == "SCJG02" && saved.fee.amounts == [FeeAmount(label: "每件", fen: 5_000)])
            // The form shows the entries as typed, for the next edit.
            let form = String(buffer: try await client.execute(uri: "/admin/items/\(code)/edit", method: .get, headers: [.cookie: cookie]).body)
            #expect(form.contains("结果公开｜许可决定公示｜https://www.chancheng.gov.cn/xxgk/xzxk/"))

            try await app.catalog.publish(code: code, by: .system)
            let page = String(buffer: try await client.page("/items/\(code)", nil).body)
            let decision = try #require(page.range(of: "id=\"disclosure-decision\"")), execution = try #require(page.range(of: "id=\"disclosure-execution\""))
            let result = try #require(page.range(of: "id=\"disclosure-result\""))
            #expect(page[decision.upperBound..<execution.lowerBound].contains("<dt>收费标准论证</dt><dd>2026 年 3 月经区发展改革局论证</dd>"))
            #expect(page[result.upperBound...].contains("<dt>许可决定公示</dt><dd><a href=\"https://www.chancheng.gov.cn/xxgk/xzxk/\">"))
        }
    }
}
