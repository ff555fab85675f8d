import Foundation
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// 一件事受理 at a window in the browser's terms (issue 17 §2): the questions, one form with the
/// merged list, every problem shown on the form again, the theme case page, a waiting child's page.
@Suite struct ThemeCasePagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func aClerkAcceptsARestaurantWithOneForm(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let clerk = try await client.signIn(.clerk)
            // The guide offers the window's intake to a clerk.
            let guide = String(buffer: try await client.page("/themes/YJS001?sign=no&area=80", clerk).body)
            #expect(guide.contains("id=\"theme-intake\"") && guide.contains("/themes/YJS001/intake?area=80&amp;sign=no"))
            let questions = String(buffer: try await client.page("/themes/YJS001/intake", clerk).body)
            #expect(questions.contains("name=\"answered\"") && !questions.contains("id=\"theme-intake-form\""))
            let form = String(buffer: try await client.page("/themes/YJS001/intake?answered=1&sign=no&area=80", clerk).body)
            #expect(form.contains("id=\"theme-intake-form\"") && form.contains("name=\"a.sign\" value=\"no\""))
            #expect(form.contains("待“企业设立登记”办结后开始") && form.contains("营业执照：由“企业设立登记”办结后自动转交"))
            let names = ThemeIntakePageNames.names(app)
            #expect(!names.isEmpty && !names.contains("营业执照"))

            let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)
            var fields: [(String, String)] = [("theme", "YJS001"), ("a.sign", "no"), ("a.area", "80"), ("applicantType", "enterprise"),
                                              ("enterpriseName", "佛山市禅城区好味餐饮有限公司"), ("uscc", uscc), ("legalRepresentative", "陈大文"),
                                              ("enterprisePhone", "13800138000"), ("pickUp", "together")]
            // Nothing received: the form again with every problem, nothing stored.
            let refused = try await client.post("/theme-cases", clerk, fields)
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("缺少必要材料"))
            #expect(try await app.cases.repository.hallCases("CCZX", limit: 5).total == 0)

            for i in names.indices { fields.append(("m\(i).received", "on")) }
            let accepted = try await client.post("/theme-cases", clerk, fields)
            #expect(accepted.status == .seeOther)
            let location = try #require(accepted.headers[.location])
            let page = String(buffer: try await client.page(location, clerk).body)
            #expect(page.contains("已一次受理 4 个事项") && page.contains("data-stage=\"running\""))
            #expect(page.contains("企业设立登记") && page.contains("等待前置事项") && page.contains("待“企业设立登记”办结"))
            // A waiting child's page says why nothing can be done yet, and links back.
            let waiting = try #require(try await app.cases.repository.hallCases("CCZX", limit: 10).cases.first { $0.listing.state == .waiting }?.listing)
            let child = String(buffer: try await client.page("/cases/\(waiting.number)", clerk).body)
            #expect(child.contains("id=\"theme-case-link\"") && child.contains("待前置事项办结后自动开始办理"))
            #expect(!child.contains("action=\"/cases/\(waiting.number)/actions/undertake\""))

            // One acceptance notice: every item with its department and date or what it waits for,
            // the one query code and the QR code of the theme's progress.
            let themePath = location.components(separatedBy: "?")[0]
            let notice = String(buffer: try await client.page(themePath + "/notice", clerk).body)
            #expect(notice.contains("一件事受理通知书") && notice.contains("id=\"theme-notice-items\"") && notice.contains("<svg"))
            #expect(notice.contains("食品经营许可（") && notice.contains("待“企业设立登记”办结后开始，承诺 5 个工作日"))
            #expect(notice.contains("/progress/\(themePath.dropFirst("/theme-cases/".count))?code="))

            // The applicant's one code opens the theme's progress with every item, and each child's.
            let themeNumber = CaseNumber(rawValue: String(location.components(separatedBy: "?")[0].dropFirst("/theme-cases/".count)))
            let code = try #require(try await app.cases.themeCases.find(themeNumber)).theme.queryCode
            let progress = String(buffer: try await client.execute(uri: "/progress/\(themeNumber)?code=\(code)", method: .get).body)
            #expect(progress.contains("我要开餐馆") && progress.contains("id=\"progress-children\"") && progress.contains("各部门办理中（已办结 0 / 4）"))
            #expect(progress.contains("食品经营许可</a> · 等待前置事项"))
            let childProgress = String(buffer: try await client.execute(uri: "/progress/\(waiting.number)?code=\(code)", method: .get).body)
            #expect(childProgress.contains("id=\"progress-theme\""))
            #expect(try await client.execute(uri: "/progress/\(themeNumber)?code=000000", method: .get).status == .notFound || code == "000000")

            // The lead department's coordinator sees it running, each child on the timeline.
            let coordination = String(buffer: try await client.page("/theme-cases/running", try await client.signIn(.approver)).body)
            #expect(coordination.contains(themeNumber.rawValue) && coordination.contains("<svg class=\"chart timeline\""))
            #expect(coordination.contains("class=\"span waiting\"") && coordination.contains("class=\"span running\"") && coordination.contains("本部门牵头"))

            // Nothing ready to collect yet; the applicant changes their mind: withdrawn whole.
            #expect(!page.contains("id=\"deliver-all\"") && page.contains("id=\"withdraw\""))
            let empty = try await client.post(location.components(separatedBy: "?")[0] + "/actions/withdraw", clerk, [("revision", "1"), ("opinion", "")])
            #expect(empty.status == .unprocessableContent && String(buffer: empty.body).contains("撤回说明"))
            let withdrawn = try await client.post(location.components(separatedBy: "?")[0] + "/actions/withdraw", clerk,
                                                  [("revision", "1"), ("opinion", "申请人决定暂不开业")])
            #expect(withdrawn.status == .seeOther)
            let after = String(buffer: try await client.page(try #require(withdrawn.headers[.location]), clerk).body)
            #expect(after.contains("data-stage=\"closed\"") && after.contains("已撤回") && !after.contains("id=\"withdraw\""))
            // A withdrawn theme is no longer running.
            #expect(!String(buffer: try await client.page("/theme-cases/running", clerk).body).contains(themeNumber.rawValue))
        }
    }
}

/// The merged list's line names for 我要开餐馆 with a small room and no sign, as the form numbers them.
enum ThemeIntakePageNames {
    static func names(_ app: OneDoorApplication) -> [String] {
        let snapshot = app.catalog.snapshot
        guard let theme = snapshot.themesByCode["YJS001"]?.theme else { return [] }
        return ThemeMaterials.merged(theme.selected(["sign": "no", "area": "80"]), guides: snapshot.guides(of: theme)).filter(\.asked).map(\.name)
    }
}

extension ThemeCasePagesTests {
    /// 补齐补正 of the whole theme in the browser's terms: the form's second button gives one
    /// notice; the theme case page lists it and offers the merged list again; the printed notice
    /// is the 补齐补正告知书; completing accepts every item at once.
    @Test func theFormGivesOneCorrectionNoticeAndAcceptsOnItLater() async throws {
        try await TestApp.run(.sqlite, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let clerk = try await client.signIn(.clerk)
            let names = ThemeIntakePageNames.names(app)
            let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)
            var fields: [(String, String)] = [("theme", "YJS001"), ("a.sign", "no"), ("a.area", "80"), ("applicantType", "enterprise"),
                                              ("enterpriseName", "佛山市禅城区好味餐饮有限公司"), ("uscc", uscc), ("legalRepresentative", "陈大文"),
                                              ("enterprisePhone", "13800138000"), ("pickUp", "together"), ("outcome", "request-correction")]
            for i in names.indices.dropFirst() { fields.append(("m\(i).received", "on")) }
            let form = String(buffer: try await client.page("/themes/YJS001/intake?answered=1&sign=no&area=80", clerk).body)
            #expect(form.contains("id=\"theme-request-correction\""))
            let given = try await client.post("/theme-cases", clerk, fields)
            #expect(given.status == .seeOther)
            let path = try #require(given.headers[.location]).components(separatedBy: "?")[0]
            let page = String(buffer: try await client.page(path, clerk).body)
            #expect(page.contains("data-stage=\"correction\"") && page.contains("id=\"theme-correction\"") && page.contains("\(names[0])：未提交"))
            #expect(page.contains("id=\"complete-correction\"") && page.contains("一件事补齐补正告知书（打印）"))
            let notice = String(buffer: try await client.page(path + "/notice", clerk).body)
            #expect(notice.contains("<h1>一件事补齐补正告知书</h1>") && notice.contains("id=\"theme-notice-correction\""))

            let revision = String(page.components(separatedBy: "name=\"revision\" value=\"").dropFirst().first?.prefix { $0.isNumber } ?? "")
            var completion: [(String, String)] = [("revision", revision)]
            for i in names.indices { completion.append(("m\(i).received", "on")) }
            let done = try await client.post(path + "/actions/complete-correction", clerk, completion)
            #expect(done.status == .seeOther)
            let after = String(buffer: try await client.page(path, clerk).body)
            #expect(after.contains("data-stage=\"running\"") && !after.contains("id=\"complete-correction\""))
        }
    }
}

extension ThemeCasePagesTests {
    /// 一次采集、反复使用 on the theme's one form: an applicant stored by an earlier case is called
    /// up by their number and fills the shared fields once for every item; an unknown number says so.
    @Test func theOneFormIsFilledFromTheStoredApplicant() async throws {
        try await TestApp.run(.sqlite, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let person = Person(name: "罗新", documentType: .residentID, documentNumber: PushTests.id("1990-04-05", female: false), phone: "13800138092")
            // An earlier case saw the original of the applicant's ID card (the vault keeps it).
            _ = try await PushTests.intake(app, "居住证", person: person, outcome: .accept)
            let clerk = try await client.signIn(.clerk)
            let base = "/themes/YJS009/intake?answered=1&flexible=no&rent=no&school=no"
            let filled = String(buffer: try await client.page(base + "&lookup=\(person.documentNumber)", clerk).body)
            #expect(filled.contains("已调出该申请人此前登记的信息") && filled.contains("value=\"罗新\"") && filled.contains("value=\"13800138092\""))
            #expect(filled.contains("id=\"theme-lookup\"") && filled.contains("name=\"flexible\" value=\"no\""))
            let unknown = String(buffer: try await client.page(base + "&lookup=\(PushTests.id("1991-01-01", female: true))", clerk).body)
            #expect(unknown.contains("未找到该申请人的记录") && !unknown.contains("value=\"罗新\""))

            // The ID card received by the earlier case is offered for the one list's line; taken
            // with the applicant's consent, it is not collected again, in every child that asks.
            let offered = try #require(filled.range(of: #"name="m(\d+)\.reuse""#, options: .regularExpression).map { String(filled[$0]) })
            let index = try #require(Int(offered.dropFirst(#"name="m"#.count).prefix { $0.isNumber }))
            let newcomers = try #require(app.catalog.snapshot.themesByCode["YJS009"]?.theme)
            let names = ThemeMaterials.merged(newcomers.selected(["flexible": "no", "rent": "no", "school": "no"]),
                                              guides: app.catalog.snapshot.guides(of: newcomers)).filter(\.asked).map(\.name)
            var fields: [(String, String)] = [("theme", "YJS009"), ("a.flexible", "no"), ("a.rent", "no"), ("a.school", "no"), ("applicantType", "person"),
                                              ("name", person.name), ("documentType", "resident-id"), ("documentNumber", person.documentNumber),
                                              ("phone", person.phone), ("pickUp", "together"), ("m\(index).reuse", "on")]
            for i in names.indices where i != index { fields.append(("m\(i).received", "on")) }
            let accepted = try await client.post("/theme-cases", clerk, fields)
            #expect(accepted.status == .seeOther, "\(String(buffer: accepted.body).prefix(2000))")
            let number = CaseNumber(rawValue: String(try #require(accepted.headers[.location]).dropFirst("/theme-cases/".count).prefix { $0 != "?" }))
            let (_, children) = try #require(try await app.cases.themeCases.find(number))
            let key = ThemeMaterials.key(of: names[index])
            let lines = children.flatMap(\.materials).filter { ThemeMaterials.key(of: $0.name) == key }
            #expect(!lines.isEmpty && lines.allSatisfy { $0.received && $0.reused?.isEmpty == false })
        }
    }
}
