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
        /// The roles that get through.
        var allowed: Set<Role>
        var description: String { "\(method) \(path)" }

        init(method: HTTPRequest.Method, path: String, permission: Permission) {
            self.init(method: method, path: path, roles: Set(Role.allCases.filter { $0.may(permission) }))
        }

        init(method: HTTPRequest.Method, path: String, roles: Set<Role>) {
            self.method = method
            self.path = path
            self.allowed = roles
        }

        /// Whether this concrete request is one of `pattern` ("GET /cases/{number}", as the router describes it).
        func matches(_ pattern: String) -> Bool {
            let parts = pattern.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0] == method.rawValue else { return false }
            let want = parts[1].split(separator: "/"), have = path.split(separator: "?")[0].split(separator: "/")
            return want.count == have.count && zip(want, have).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Who works with cases: everyone but the centre's administrator.
    static let caseWorkers: Set<Role> = [.clerk, .approver, .supervisor]
    /// Anyone signed in.
    static let everyone = Set(Role.allCases)

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
        Route(method: .get, path: "/admin/outbox", permission: .readOutbox),
        Route(method: .get, path: "/admin/templates", permission: .manageTemplates),
        Route(method: .get, path: "/admin/templates/case-accepted", permission: .manageTemplates),
        Route(method: .post, path: "/admin/templates/case-accepted", permission: .manageTemplates),
        Route(method: .get, path: "/admin/calendar", permission: .readCatalogInternals),
        Route(method: .get, path: "/admin/access-log", permission: .readAuditLog),
        Route(method: .post, path: "/admin/calendar", permission: .manageCalendar),
        Route(method: .get, path: "/admin/halls/CC/queues", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/CC/queues", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/CC/queues/social", permission: .manageOrganisation),
        Route(method: .post, path: "/admin/halls/CC/windows/1/queues", permission: .manageOrganisation),
        Route(method: .get, path: "/cases", roles: caseWorkers),
        Route(method: .get, path: "/cases/new", roles: [.clerk]),
        Route(method: .post, path: "/cases", roles: [.clerk]),
        Route(method: .get, path: "/themes/YJS900/intake", roles: [.clerk]),
        Route(method: .post, path: "/theme-cases", roles: [.clerk]),
        Route(method: .get, path: "/theme-cases/running", roles: caseWorkers),
        Route(method: .get, path: "/rectifications", roles: caseWorkers),
        Route(method: .get, path: "/rectifications/1", roles: caseWorkers),
        Route(method: .post, path: "/rectifications/1/actions/verify", roles: caseWorkers),
        Route(method: .get, path: "/theme-cases/CC-20260928-00001/notice", roles: caseWorkers),
        Route(method: .get, path: "/theme-cases/CC-20260928-00001", roles: caseWorkers),
        Route(method: .post, path: "/theme-cases/CC-20260928-00001/actions/withdraw", roles: caseWorkers),
        Route(method: .post, path: "/theme-cases/CC-20260928-00001/fees", roles: [.clerk]),
        Route(method: .get, path: "/cases/CC-20260928-00001", roles: caseWorkers),
        Route(method: .get, path: "/cases/CC-20260928-00001/notices/acceptance", roles: caseWorkers),
        Route(method: .post, path: "/cases/CC-20260928-00001/actions/undertake", roles: caseWorkers),
        Route(method: .post, path: "/cases/CC-20260928-00001/materials/0/files", roles: [.clerk]),
        Route(method: .get, path: "/cases/CC-20260928-00001/files/1", roles: caseWorkers),
        Route(method: .get, path: "/cases/CC-20260928-00001/applicant-record", roles: caseWorkers),
        Route(method: .post, path: "/cases/CC-20260928-00001/applicant-record/fields/phone", roles: [.clerk, .approver]),
        Route(method: .get, path: "/workstation", roles: [.clerk]),
        Route(method: .post, path: "/workstation/call-next", roles: [.clerk]),
        Route(method: .post, path: "/workstation/tickets/nope/start", roles: [.clerk]),
        Route(method: .get, path: "/halls/CC/statistics", roles: [.clerk, .admin, .supervisor]),
        Route(method: .get, path: "/halls/CC/statistics.csv", roles: [.clerk, .admin, .supervisor]),
        Route(method: .get, path: "/pre-reviews", roles: [.clerk, .approver]),
        Route(method: .get, path: "/results", roles: [.clerk]),
        Route(method: .get, path: "/statistics/trips", roles: [.admin, .supervisor]),
        Route(method: .get, path: "/statistics/pushes", permission: .readAuditLog),
        Route(method: .get, path: "/statistics/fees", permission: .readAuditLog),
        Route(method: .get, path: "/statistics/staffing", roles: [.admin, .supervisor, .clerk]),
        Route(method: .get, path: "/supervision", permission: .supervise),
        Route(method: .get, path: "/supervision/orders", roles: caseWorkers),
        Route(method: .post, path: "/supervision/orders/1/answer", roles: caseWorkers),
        Route(method: .post, path: "/cases/CC-20260928-00001/supervision", permission: .supervise),
        Route(method: .post, path: "/rectifications/1/supervision", permission: .supervise),
        Route(method: .get, path: "/complaints", roles: caseWorkers),
        Route(method: .get, path: "/statistics/cases", permission: .readQueueStatistics),
        Route(method: .get, path: "/statistics/cases.csv", permission: .readQueueStatistics),
        Route(method: .get, path: "/performance", permission: .readQueueStatistics),
        Route(method: .get, path: "/performance/staff.csv", permission: .readQueueStatistics),
        Route(method: .get, path: "/performance/departments.csv", permission: .readQueueStatistics),
        Route(method: .get, path: "/performance/me", roles: Set(Role.allCases)),
        Route(method: .get, path: "/performance/staff/N-clerk", roles: [.clerk, .supervisor, .admin]),
        Route(method: .get, path: "/complaints/record", roles: [.clerk, .supervisor]),
        Route(method: .post, path: "/complaints/record", roles: [.clerk, .supervisor]),
        Route(method: .get, path: "/complaints/1", roles: caseWorkers),
        Route(method: .post, path: "/complaints/1/actions/reply", roles: caseWorkers),
        Route(method: .post, path: "/complaints/1/actions/assign", permission: .supervise),
        Route(method: .post, path: "/complaints/1/supervision", permission: .supervise),
        Route(method: .get, path: "/pre-reviews/WS20260928AAAAAAAAAA", roles: [.clerk, .approver]),
        Route(method: .post, path: "/pre-reviews/WS20260928AAAAAAAAAA", roles: [.clerk, .approver]),
        Route(method: .get, path: "/pre-reviews/WS20260928AAAAAAAAAA/files/1", roles: [.clerk, .approver]),
        Route(method: .get, path: "/pre-reviews/WS20260928AAAAAAAAAA/files/1/thumbnail", roles: [.clerk, .approver]),
        Route(method: .get, path: "/citizens/verify", roles: [.clerk]),
        Route(method: .post, path: "/enterprises/verify", roles: [.clerk]),
        Route(method: .post, path: "/citizens/verify", roles: [.clerk]),
        Route(method: .get, path: "/department/licences", roles: [.approver, .supervisor]),
        Route(method: .get, path: "/department/licences/1.2.156.3005.2.X", roles: [.approver, .supervisor]),
        Route(method: .post, path: "/department/licences/1.2.156.3005.2.X/actions/revoke", roles: [.approver]),
        Route(method: .get, path: "/admin/licence-keys", permission: .manageSigningKeys),
        Route(method: .post, path: "/admin/licence-keys/SCJG/rotate", permission: .manageSigningKeys),
        Route(method: .get, path: "/account/password", roles: everyone),
        Route(method: .post, path: "/account/password", roles: everyone),
    ]

    /// What anyone may reach signed out: the public site, sign-in, the kiosk and call screens,
    /// appointments (checked by the appointment's own id), the API (its own matrix is
    /// RoleMatrixTests) and the machine endpoints.
    static let publicRoutes: [String] = [
        "GET /", "GET /items", "GET /items/{code}", "GET /items/{code}/print", "GET /themes", "GET /themes/{code}", "GET /departments", "GET /halls",
        "GET /progress", "GET /progress/{number}", "GET /ratings", "GET /open-data", "GET /open-data/{id}", "GET /outcomes", "GET /login", "POST /login", "POST /logout",
        "GET /halls/{code}/screen", "GET /halls/{code}/events", "GET /halls/{code}/kiosk", "POST /halls/{code}/kiosk",
        "POST /halls/{code}/kiosk/register", "POST /halls/{code}/kiosk/check-in", "GET /halls/{code}/windows/{window}/evaluator",
        "POST /halls/{code}/windows/{window}/evaluator", "GET /tickets/{id}",
        "GET /halls/{code}/appointments", "POST /halls/{code}/appointments", "GET /appointments/{id}",
        "POST /appointments/{id}/cancel", "POST /appointments/{id}/reschedule",
        "GET /static/site.css", "GET /static/queue.js", "GET /static/kiosk.js",
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/openapi.json",
        "GET /licences/{identifier}", "GET /complaints/new", "POST /complaints", "GET /complaints/follow", "POST /complaints/follow/rate",
        "GET /citizen/login", "POST /citizen/login", "POST /citizen/code", "POST /citizen/logout", "GET /citizen/oidc", "GET /citizen/oidc/callback",
    ]

    /// A citizen's own pages (我的): no member of staff, of any role, reaches them with a staff
    /// session; they are sent to the citizens' sign-in (CitizenPagesTests signs a citizen in).
    static let citizenRoutes: [String] = [
        "GET /me", "GET /me/cases/{number}", "POST /me/real-name", "POST /me/email", "GET /me/apply/{code}", "POST /me/apply/{code}",
        "GET /me/applications/{id}", "POST /me/applications/{id}/materials/{index}/files", "GET /me/applications/{id}/files/{file}",
        "POST /me/applications/{id}/files/{file}/delete", "POST /me/applications/{id}/delivery", "POST /me/applications/{id}/submit",
        "POST /me/applications/{id}/withdraw", "POST /me/enterprises", "POST /me/enterprises/{uscc}/agents",
        "POST /me/enterprises/{uscc}/agents/{phone}/revoke", "GET /me/cases/{number}/notices/{kind}", "GET /me/cases/{number}/files/{file}",
        "POST /me/addresses", "POST /me/addresses/{id}/delete", "POST /me/notifications", "GET /me/licences", "GET /me/licences/{identifier}", "GET /me/data-use", "GET /me/materials",
        "POST /me/applications/{id}/materials/{index}/reuse", "GET /me/recommendations/{id}", "POST /me/push-settings",
        "GET /me/themes/{code}/apply", "POST /me/themes/{code}/apply", "POST /me/cases/{number}/rating", "POST /me/ratings/{id}/answer", "POST /me/applications/{id}/rating",
    ]

    @Test func citizenPagesAreForCitizensOnly() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            for role in Role.allCases {
                let session = try await client.signIn(role)
                for path in ["/me", "/me/cases/CC-20260928-00001", "/me/apply/\(Self.food)", "/me/applications/WS20260928AAAAAAAAAA",
                             "/me/applications/WS20260928AAAAAAAAAA/files/1", "/me/cases/CC-20260928-00001/notices/acceptance",
                             "/me/cases/CC-20260928-00001/files/1", "/me/licences", "/me/licences/1.2.156.3005.2.X", "/me/materials",
                             "/me/themes/YJS001/apply?sign=no&area=10"] {
                    let response = try await client.page(path, session)
                    #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/citizen/login") == true, "\(role) \(path)")
                }
                for path in ["/me/real-name", "/me/email", "/me/apply/\(Self.food)", "/me/applications/WS20260928AAAAAAAAAA/submit",
                             "/me/applications/WS20260928AAAAAAAAAA/delivery", "/me/applications/WS20260928AAAAAAAAAA/materials/0/files",
                             "/me/addresses", "/me/addresses/1/delete", "/me/notifications", "/me/themes/YJS001/apply"] {
                    #expect(try await client.post(path, session, [("email", "a@example.cn")]).status == .unauthorized, "\(role) \(path)")
                }
            }
        }
    }

    /// No route escapes the matrix: every route the router serves is a public one or in `routes`.
    @Test func everyRouteIsPublicOrInTheMatrix() async throws {
        try await TestApp.run(.sqlite) { _, app in
            let staff = app.routes.filter { !$0.contains(" /api/v1") && !Self.publicRoutes.contains($0) && !Self.citizenRoutes.contains($0) }
            #expect(staff.count > 40)
            let unmatched = staff.filter { pattern in !Self.routes.contains { $0.matches(pattern) } }
            #expect(unmatched.isEmpty, "routes missing from the role matrix: \(unmatched)")
            let stale = Self.publicRoutes.filter { !app.routes.contains($0) }
            #expect(stale.isEmpty, "listed as public but not served: \(stale)")
        }
    }

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
                for role in Role.allCases.sorted(by: { !route.allowed.contains($0) && route.allowed.contains($1) }) {
                    let session = sessions[role]!
                    let response = route.method == .get ? try await client.page(route.path, session) : try await client.post(route.path, session)
                    if route.allowed.contains(role) {
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
