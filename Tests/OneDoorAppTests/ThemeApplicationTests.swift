import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 一件事 applied for online (issue 17 §2, ADR 0039), on SQLite and PostgreSQL: one application
/// for 我要开餐馆 whose checklist is the theme's merged list; every question must be answered;
/// pre-review's 补齐补正 names what is missing across the whole theme at once; acceptance opens the
/// theme case and its children (the first running, the licence waiting), each child receiving
/// the uploads of its own checklist; the applicant follows it on the theme's progress page.
@Suite struct ThemeApplicationTests {
    static func object(_ response: TestResponse) throws -> [String: Any] { try JSON.object(response.body) }

    static func citizenToken(_ client: any TestClientProtocol, _ app: OneDoorApplication, phone: String) async throws -> String {
        _ = try await client.json("/api/v1/citizen/codes", method: .post, body: #"{"phone":"\#(phone)"}"#)
        let messages = try await app.services.notifications.repository.list(limit: 50, offset: 0).messages
        let sms = try #require(messages.first { $0.message.recipient == phone && $0.message.template == "citizen-code" })
        let code = String(sms.message.body.filter(\.isNumber).prefix(6))
        let session = try await client.json("/api/v1/citizen/session", method: .post, body: #"{"phone":"\#(phone)","code":"\#(code)"}"#)
        let token = try #require(try object(session)["token"] as? String)
        _ = try await client.json("/api/v1/me/real-name", method: .put, token: token,
                                  body: #"{"name":"李四","documentType":"resident-id","documentNumber":"11010519491231002X"}"#)
        return token
    }

    /// A PDF uploaded by the citizen to material `index` of their application (its bytes differ by `tag`).
    static func upload(_ client: any TestClientProtocol, _ id: String, material index: Int, token: String, name: String? = nil, tag: UInt8? = nil)
        async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/applications/\(id)/materials/\(index)/files?name=\(name ?? "m\(index).pdf")", method: .post,
                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                                 body: ByteBuffer(bytes: CaseFilePagesTests.pdf + [tag ?? UInt8(truncatingIfNeeded: index)]))
    }

    @Test(arguments: TestDatabaseKind.available)
    func aRestaurantAppliedForOnlineBecomesOneThemeCase(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let token = try await Self.citizenToken(client, app, phone: "13700137101")
            // Every question answered, or nothing is started; bad answers named by path.
            let unanswered = try await client.json("/api/v1/applications", method: .post, token: token, body: #"{"theme":"YJS001","answers":{"sign":"maybe"}}"#)
            #expect(unanswered.status == .unprocessableContent)
            let paths = try #require(try Self.object(unanswered)["errors"] as? [[String: Any]]).compactMap { $0["path"] as? String }
            #expect(Set(paths) == ["answers.sign", "answers.area"])
            let both = try await client.json("/api/v1/applications", method: .post, token: token, body: #"{"item":"x","theme":"YJS001"}"#)
            #expect(both.status == .unprocessableContent)

            let created = try await client.json("/api/v1/applications", method: .post, token: token,
                                                body: #"{"theme":"YJS001","answers":{"sign":"no","area":"120"},"pickUp":"together"}"#)
            #expect(created.status == .created)
            let id = try #require(try Self.object(created)["id"] as? String)
            let theme = try #require(try Self.object(created)["theme"] as? [String: Any])
            let entry = try #require(app.catalog.snapshot.themesByCode["YJS001"])
            let selected = entry.theme.selected(["sign": "no", "area": "120"])
            let itemName = try Self.object(created)["itemName"] as? String
            #expect((theme["items"] as? [String])?.count == selected.count && itemName == "我要开餐馆")

            // The checklist is the theme's one list: fewer lines than the items ask one by one.
            let detail = try Self.object(try await client.json("/api/v1/applications/\(id)", token: token))
            let materials = try #require(detail["materials"] as? [[String: Any]])
            let snapshot = app.catalog.snapshot
            let separately = selected.reduce(0) { $0 + (snapshot.itemsByCode[$1.item]?.guide.materials.count ?? 0) }
            #expect(materials.count == OnlineApplying.themeChecklist(entry, answers: ["sign": "no", "area": "120"], items: snapshot.itemsByCode).count)
            #expect(materials.count < separately && !materials.isEmpty)
            let required = materials.filter { $0["necessity"] as? String == "required" }.compactMap { $0["index"] as? Int }
            for index in required {
                #expect(try await Self.upload(client, id, material: index, token: token).status == .created)
            }
            _ = try await client.json("/api/v1/applications/\(id)/delivery", method: .put, token: token, body: #"{"method":"pickup"}"#)
            #expect(try await client.json("/api/v1/applications/\(id)/submission", method: .post, token: token, body: "{}").status == .ok)

            // 补齐补正 once for the whole theme: the reviewer's defect and every unprovided required line.
            let clerk = try await client.token(.clerk)
            let defect = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: clerk,
                                               body: #"{"decision":"correction","defects":[{"material":\#(required[0]),"problem":"未签字"}]}"#)
            #expect(defect.status == .ok)
            let corrected = try #require(try Self.object(defect)["application"] as? [String: Any])
            #expect(corrected["state"] as? String == "correction" && (corrected["defects"] as? [[String: Any]])?.count == 1)
            let fixed = try await Self.upload(client, id, material: required[0], token: token, name: "signed.pdf", tag: 200)
            #expect(fixed.status == .created)
            #expect(try await client.json("/api/v1/applications/\(id)/submission", method: .post, token: token, body: "{}").status == .ok)

            // The 容缺 lines not uploaded are accepted with a date to hand them in, as at a window.
            let deferred = materials.filter { $0["necessity"] as? String == "deferrable" }.compactMap { $0["index"] as? Int }
            #expect(!deferred.isEmpty)
            let dates = deferred.map { #"{"material":\#($0),"date":"2026-10-30"}"# }.joined(separator: ",")
            let accepted = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: clerk,
                                                 body: #"{"decision":"accept","dueDates":[\#(dates)]}"#)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            let numberText = try #require(try Self.object(accepted)["caseNumber"] as? String)
            let number = try #require(CaseNumber(parsing: numberText))
            let (themeCase, children) = try #require(try await app.services.cases.themeCases.find(number))
            #expect(themeCase.themeCode == "YJS001" && themeCase.pickUp == .together && children.count == selected.count)
            #expect(children.allSatisfy { $0.application == id && $0.queryCode == themeCase.queryCode })
            #expect(children.allSatisfy { ($0.trips ?? 0) == 0 })
            #expect(children[0].state == .accepted && children.contains { $0.state == .waiting })
            // Each child holds the uploads of its own checklist's lines.
            let food = try #require(children.first { $0.itemName == "食品经营许可" })
            let files = try await app.services.caseFiles.repository.files(of: food.number)
            #expect(!files.isEmpty && files.allSatisfy { food.materials.indices.contains($0.materialIndex) })
            // A 容缺 line carries its date into the child that asks for it.
            #expect(children.flatMap(\.materials).contains { $0.necessity == .deferrable && !$0.received && $0.dueDate == CivilDate("2026-10-30") })

            // The applicant follows the whole on the theme's one progress page.
            let citizen = try #require(try await app.services.citizens.authenticate(token: token))
            let mine = try await app.services.cases.citizenTheme(number, by: citizen)
            #expect(mine?.number == number)
        }
    }
}

extension ThemeApplicationTests {
    /// The web entrance: the theme's guide offers 网上申报 once every question is answered; signed
    /// out it leads to the sign-in and back with the answers; the start page lists the items
    /// and the one list's size; starting opens the application page with the theme's items;
    /// a theme number under 我的 leads to the theme's progress page.
    @Test func theGuideLeadsToOneApplicationForTheTheme() async throws {
        try await TestApp.run(.sqlite, catalog: try DemoData.catalog(), clerkHall: "CCZX") { client, app in
            let unanswered = String(buffer: try await client.page("/themes/YJS001", nil).body)
            #expect(!unanswered.contains("id=\"theme-apply\""))
            let answered = String(buffer: try await client.page("/themes/YJS001?sign=yes&area=400", nil).body)
            #expect(answered.contains("href=\"/me/themes/YJS001/apply?area=400&amp;sign=yes\""))
            let away = try await client.page("/me/themes/YJS001/apply?area=400&sign=yes", nil)
            #expect(away.status == .seeOther && away.headers[.location]?.hasPrefix("/citizen/login?next=") == true)

            var citizen = try await client.citizenSignIn("13800138111", app)
            _ = try await client.post("/me/real-name", citizen, [("name", "张三"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            let start = String(buffer: try await client.page("/me/themes/YJS001/apply?area=400&sign=yes", citizen).body)
            let entry = try #require(app.catalog.snapshot.themesByCode["YJS001"])
            let names = entry.theme.selected(["sign": "yes", "area": "400"]).compactMap { app.catalog.snapshot.itemsByCode[$0.item]?.guide.name }
            #expect(names.count == 6 && names.allSatisfy(start.contains) && start.contains("name=\"answer.sign\" value=\"yes\""))
            // A question left out is named before anything starts.
            let partial = try await client.post("/me/themes/YJS001/apply", citizen, [("answer.sign", "yes"), ("hall", "CCZX"), ("key", "key-theme-0001")])
            #expect(partial.status == .unprocessableContent && String(buffer: partial.body).contains("请回答“经营场所建筑面积（平方米）”"))
            let started = try await client.post("/me/themes/YJS001/apply", citizen, [("answer.sign", "yes"), ("answer.area", "400"), ("hall", "CCZX"),
                                                                                    ("pickUp", "each"), ("key", "key-theme-0002")])
            let path = ApplicationPagesTests.location(started)
            #expect(started.status == .seeOther && path.hasPrefix("/me/applications/WS"))
            let page = String(buffer: try await client.page(path, citizen).body)
            #expect(page.contains("id=\"theme-items\"") && page.contains("共 6 项") && page.contains("我要开餐馆"))
            citizen = WebSession(cookie: citizen.cookie, csrf: try #require(csrfToken(in: page)))
            let id = String(path.split(separator: "/").last ?? "")
            let application = try #require(try await app.services.applications.repository.find(id)).0
            #expect(application.theme?.pickUp == .each && application.theme?.answers == ["sign": "yes", "area": "400"])
        }
    }
}
