import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Codes are typed (ADR 0019) and parsed at the edge: what is not one is unknown there.
@Suite struct CodeEdgeTests {
    /// A case number that is not one is refused at the edge as unknown (404), on every entrance.
    @Test(arguments: TestDatabaseKind.available)
    func malformedCaseNumbersAreUnknown(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let token = try await client.token(.supervisor)
            for bad in ["nope", "CC-2026-1", "CC-20260928-00001%27%3B", "%E7%A6%85-20260928-00001"] {
                #expect(try await client.json("/api/v1/cases/\(bad)", token: token).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/progress/\(bad)?code=123456").status == .notFound, "\(bad)")
                #expect(try await client.page("/cases/\(bad)", try await client.signIn(.supervisor)).status == .notFound, "\(bad)")
            }
        }
    }

    /// A hall or department code that is not one is unknown (404) in every path that names one,
    /// for pages and the API alike, while a well-formed unknown one is unknown too.
    @Test(arguments: TestDatabaseKind.available)
    func malformedHallAndDepartmentCodesAreUnknown(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let admin = try await client.signIn(.admin)
            let token = try await client.token(.admin)
            for bad in ["%E7%A6%85%E5%9F%8E", "CC%27%3B", "CC%20CC", String(repeating: "A", count: 41), "NOSUCHHALL"] {
                #expect(try await client.json("/api/v1/halls/\(bad)/queues").status == .notFound, "\(bad)")
                #expect(try await client.page("/halls/\(bad)/screen", nil).status == .notFound, "\(bad)")
                #expect(try await client.page("/admin/halls/\(bad)/edit", admin).status == .notFound, "\(bad)")
                #expect(try await client.page("/admin/departments/\(bad)/edit", admin).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/halls/\(bad)/kiosks", token: token).status == .notFound, "\(bad)")
            }
            let clerk = try await client.token(.clerk)
            for bad in ["%E4%B8%89", "1%27", "12345678901"] {
                #expect(try await client.json("/api/v1/windows/\(bad)/tickets", token: clerk).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/windows/\(bad)/call-next", method: .post, token: clerk).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/halls/CC/windows/\(bad)", method: .delete, token: token).status == .notFound, "\(bad)")
            }
            #expect(try await client.json("/api/v1/windows/1/tickets", token: clerk).status == .ok)
            #expect(try await client.json("/api/v1/halls/CC/queues").status == .ok)
            #expect(try await client.page("/admin/departments/SCJG/edit", admin).status == .ok)
        }
    }

    /// A supervisor's case list filtered by a hall or department that does not exist says so,
    /// instead of listing nothing as if the hall had no cases.
    @Test(arguments: TestDatabaseKind.available)
    func anUnknownHallOrDepartmentFilterIsNamed(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let supervisor = try await client.signIn(.supervisor)
            let page = String(buffer: try await client.page("/cases?hall=NOPE&department=%E7%A6%85", supervisor).body)
            #expect(page.contains("服务中心“NOPE”不存在") && page.contains("部门“禅”不存在"))
            let known = String(buffer: try await client.page("/cases?hall=CC&department=SCJG", supervisor).body)
            #expect(!known.contains("不存在"))
        }
    }

    /// An item code that is not an implementation code is unknown on the guide pages and the API.
    @Test(arguments: TestDatabaseKind.available)
    func malformedItemCodesAreUnknown(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let admin = try await client.signIn(.admin)
            let token = try await client.token(.admin)
            for bad in ["nope", "11440604MB2D05611X2000141000000%27", "%E9%A3%9F%E5%93%81", "11440604MB2D05611X2000141000009"] {
                #expect(try await client.page("/items/\(bad)", nil).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/items/\(bad)").status == .notFound, "\(bad)")
                #expect(try await client.page("/admin/items/\(bad)/edit", admin).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/items/\(bad)/versions", token: token).status == .notFound, "\(bad)")
            }
        }
    }
}
