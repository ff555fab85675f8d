import Foundation
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorTestSupport
import Testing

/// A choice field that is missing or holds an unknown value is refused with its name, and
/// nothing is saved — before, a missing intake outcome became 受理, an unknown document type a
/// resident ID, an unknown role a clerk and an unknown hall level a village.
@Suite struct FormChoiceTests {
    @Test(arguments: TestDatabaseKind.available)
    func intakeWithoutAKnownOutcomeOrDocumentTypeIsRefused(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await client.signIn(.clerk)
            let fields = CasePagesTests.intakeFields()
            let missing = try await client.post("/cases", clerk, fields.filter { $0.0 != "outcome" })
            #expect(missing.status == .unprocessableContent)
            #expect(String(buffer: missing.body).contains("请选择受理结果"))
            let unknown = try await client.post("/cases", clerk, fields.map { $0.0 == "outcome" ? ($0.0, "approve") : $0 })
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("受理结果“approve”不是可选的值"))
            let document = try await client.post("/cases", clerk, fields.map { $0.0 == "documentType" ? ($0.0, "driving-licence") : $0 })
            #expect(document.status == .unprocessableContent)
            #expect(String(buffer: document.body).contains("证件类型“driving-licence”不是可选的值"))
            #expect(try await app.cases.repository.hallCases("CC", limit: 5).total == 0)
            // The same form with its outcome is accepted.
            #expect(try await client.post("/cases", clerk, fields).status == .seeOther)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func accountWithAnUnknownRoleIsNotCreated(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let account: [(String, String)] = [
                ("username", "xinren"), ("displayName", "新人"), ("staffNumber", "C099"), ("hall", "CC"),
                ("password", "Chuangkou-2026-xinren"),
            ]
            for role in [nil, "superuser"] {
                let response = try await client.post("/admin/accounts", admin, account + (role.map { [("role", $0)] } ?? []))
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains(role == nil ? "请选择角色" : "角色“superuser”不是可选的值"))
            }
            #expect(try await app.auth.accounts.find(username: "xinren") == nil)
            #expect(try await client.post("/admin/accounts", admin, account + [("role", "clerk")]).status == .ok)
            #expect(try await app.auth.accounts.find(username: "xinren")?.account.role == .clerk)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func hallWithoutALevelIsNotSaved(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.signIn(.admin)
            let hall: [(String, String)] = [
                ("code", "ZM"), ("existing", "1"), ("name", "祖庙街道便民服务中心"), ("region", "440604001"),
                ("address", "佛山市禅城区祖庙路 2 号"), ("phone", ""), ("hours", "周一至周五 9:00-17:00"),
            ]
            let response = try await client.post("/admin/halls", admin, hall + [("level", "hamlet")])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("服务中心层级“hamlet”不是可选的值"))
            #expect(app.catalog.snapshot.hallsByCode["ZM"]?.level == .town)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func kioskTicketWithAnUnknownDocumentTypeIsNotIssued(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let device = try await client.kioskBrowser()
            let before = try await app.services.queues.overview(hall: "CC").map(\.waiting).reduce(0, +)
            let response = try await client.post("/halls/CC/kiosk", device, [
                ("queue", "A"), ("documentType", "library-card"), ("documentNumber", "44011320141005001X"),
            ])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("证件类型“library-card”不是可选的值"))
            let priority = try await client.post("/halls/CC/kiosk", device, [
                ("queue", "A"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X"), ("priority", "vip"),
            ])
            #expect(priority.status == .unprocessableContent)
            #expect(try await app.services.queues.overview(hall: "CC").map(\.waiting).reduce(0, +) == before)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anItemWithAnUnknownHandlingFormOrHallLevelIsNotSaved(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let (cookie, csrf) = try await ItemFormTests.signIn(client)
            let fields = ItemFormTests.fields(csrf: csrf, name: "食品小作坊登记", basicCode: "000117079000")
                + [("handlingForms", "telepathy"), ("hallLevels", "town"), ("hallLevels", "planet")]
            let response = try await client.execute(uri: "/admin/items", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                    body: ByteBuffer(string: ItemFormTests.encode(fields)))
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains("办理形式“telepathy”不是可选的值") && html.contains("可办理的服务中心层级“planet”不是可选的值"))
            #expect(try await app.catalog.repository.items(latest: true).count == 2)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCaseListFilterWithAnUnknownStateIsNamed(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let page = String(buffer: try await client.page("/cases?state=approved&late=purple", try await client.signIn(.clerk)).body)
            #expect(page.contains("办件状态“approved”不是可选的值") && page.contains("时限灯“purple”不是可选的值"))
        }
    }
}
