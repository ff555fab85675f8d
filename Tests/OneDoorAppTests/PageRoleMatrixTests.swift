import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Every staff page and form, called by every role and signed out: the roles with the page's
/// permission get through, other roles get 403, and visitors are sent to sign in (GET) or get
/// 401 (POST). Form posts carry a valid CSRF token, so a 403 means the role, not the token.
@Suite struct PageRoleMatrixTests {
    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var permission: Permission
        var description: String { "\(method) \(path)" }
    }

    static let food = Fixtures.foodLicence().implementationCode

    /// Every staff route the web layer registers (OneDoorWeb/Routes).
    static let routes: [Route] = [
        Route(method: .get, path: "/admin", permission: .readCatalogInternals),
        Route(method: .get, path: "/admin/items/new", permission: .editCatalog),
        Route(method: .post, path: "/admin/items", permission: .editCatalog),
        Route(method: .get, path: "/admin/items/\(food)/edit", permission: .editCatalog),
        Route(method: .post, path: "/admin/items/\(food)", permission: .editCatalog),
        Route(method: .post, path: "/admin/items/\(food)/publish", permission: .editCatalog),
        Route(method: .post, path: "/admin/items/\(food)/suspend", permission: .editCatalog),
        Route(method: .get, path: "/admin/catalog", permission: .exportCatalog),
        Route(method: .get, path: "/admin/catalog/export.json", permission: .exportCatalog),
        Route(method: .post, path: "/admin/catalog/import", permission: .editCatalog),
        Route(method: .get, path: "/admin/organisation", permission: .readCatalogInternals),
        Route(method: .get, path: "/admin/departments/new", permission: .manageOrganisation),
        Route(method: .get, path: "/admin/departments/SCJG/edit", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/departments", permission: .manageOrganisation),
        Route(method: .get, path: "/admin/halls/new", permission: .manageOrganisation),
        Route(method: .get, path: "/admin/halls/CC/edit", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/CC/windows", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/CC/windows/1", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/ZM/windows/1/delete", permission: .manageOrganisation),
        Route(method: .get, path: "/admin/accounts", permission: .readAccounts),
        Route(method: .post, path: "/admin/accounts", permission: .manageAccounts),
        Route(method: .get, path: "/admin/accounts/clerk", permission: .manageAccounts),
        Route(method: .post, path: "/admin/accounts/clerk", permission: .manageAccounts),
        Route(method: .post, path: "/admin/accounts/clerk/password", permission: .manageAccounts),
        Route(method: .get, path: "/admin/audit", permission: .readAuditLog),
        Route(method: .get, path: "/admin/calendar", permission: .readCatalogInternals),
        Route(method: .get, path: "/admin/access-log", permission: .readAuditLog),
        Route(method: .post, path: "/admin/calendar", permission: .manageCalendar),
    ]

    @Test(arguments: TestDatabaseKind.available)
    func everyStaffPageAgainstEveryRole(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            var sessions: [Role: WebSession] = [:]
            for role in Role.allCases { sessions[role] = try await client.signIn(role) }
            for route in Self.routes {
                let anonymous = route.method == .get ? try await client.page(route.path, nil) : try await client.post(route.path, nil)
                if route.method == .get {
                    #expect(anonymous.status == .seeOther, "\(route) signed out")
                    #expect(anonymous.headers[.location]?.hasPrefix("/login?next=") == true, "\(route) signed out")
                } else {
                    #expect(anonymous.status == .unauthorized, "\(route) signed out gave \(anonymous.status)")
                }
                // Refused roles first: allowed posts change data (e.g. disable the clerk).
                for role in Role.allCases.sorted(by: { $0.may(route.permission) == false && $1.may(route.permission) }) {
                    let session = sessions[role]!
                    let response = route.method == .get ? try await client.page(route.path, session) : try await client.post(route.path, session)
                    if role.may(route.permission) {
                        #expect(response.status != .forbidden && response.status != .unauthorized && response.status.code < 500,
                                "\(route) should allow \(role), got \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(route) should refuse \(role), got \(response.status)")
                    }
                }
            }
        }
    }
}
