import Foundation
import HTTPTypes
import Logging
import Hummingbird
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport

/// The application under test, on a fresh database with the fixture catalogue and one
/// account per role (password `password-<role>`), driven in-process.
struct TestApp {
    static func password(_ role: Role) -> String { "password-\(role.rawValue)" }
    /// Monday 28 September 2026, 09:00 in China: the tests' pinned "now" (National Day ahead).
    static let start: Int64 = 1_790_557_200
    static let usernames: [Role: String] = [.clerk: "clerk", .approver: "approver", .admin: "admin", .supervisor: "supervisor"]
    /// The approvers of SCJG who review and decide after `approver` has undertaken (password `password-<name>`).
    static let secondApprovers = ["reviewer", "decider"]

    /// Runs `body` with a client of the app built on `kind`.
    /// `clock`, when given, is the app's clock (tests that move time); it starts at ``start``.
    /// `configure` changes the configuration, `logger` receives the app's logs, and `live` serves
    /// on a real loopback socket instead of in-process.
    static func run(
        _ kind: TestDatabaseKind, clock: FixedClock? = nil, live: Bool = false, logger: Logger = quiet,
        catalog document: CatalogDocument = Fixtures.document(), clerkHall: HallCode = "CC",
        configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, OneDoorApplication) async throws -> Void
    ) async throws {
        try await withTestDatabase(kind) { database in
            let clock = clock ?? FixedClock(TestApp.start)
            var configuration = AppConfiguration(port: 0, bcryptCost: 4)
            configuration.maximumBodySize = 1 << 20
            configure(&configuration)
            let built = try await buildApplication(configuration: configuration, database: database, clock: clock, logger: logger)
            _ = try await built.catalog.importDocument(document, by: .system)
            for role in Role.allCases {
                let account = StaffAccount(
                    username: usernames[role]!, displayName: role.label, staffNumber: "N-\(role.rawValue)", role: role,
                    hall: role == .clerk ? clerkHall : nil, department: role == .approver ? "SCJG" : nil
                )
                _ = try await built.auth.createAccount(account, password: password(role), by: .system)
            }
            // Two more approvers of the same department: 承办, 审核 and 决定 are three people.
            for username in secondApprovers {
                let account = StaffAccount(username: username, displayName: username, staffNumber: "N-\(username)", role: .approver, department: "SCJG")
                _ = try await built.auth.createAccount(account, password: "password-\(username)", by: .system)
            }
            try await built.application.test(live ? .live : .router) { client in
                try await body(client, built)
            }
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "onedoor.test")
        logger.logLevel = .error
        return logger
    }()
}

extension TestClientProtocol {
    /// A bearer token for `role`, from the API's own sign-in.
    func token(_ role: Role) async throws -> String {
        let body = #"{"username":"\#(TestApp.usernames[role]!)","password":"\#(TestApp.password(role))"}"#
        let response = try await execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
        guard response.status == .created else { throw TestFailure("sign-in of \(role) gave \(response.status)") }
        return try JSON.object(response.body)["token"] as! String
    }

    /// A bearer token for one of ``TestApp/secondApprovers``.
    func token(_ username: String) async throws -> String {
        let response = try await json("/api/v1/session", method: .post, body: #"{"username":"\#(username)","password":"password-\#(username)"}"#)
        guard response.status == .created else { throw TestFailure("sign-in of \(username) gave \(response.status)") }
        return try JSON.object(response.body)["token"] as! String
    }

    /// Signs one of ``TestApp/secondApprovers`` in through the login form.
    func signIn(_ username: String) async throws -> WebSession {
        try await signIn(username: username, password: "password-\(username)")
    }

    /// Signs `role` in through the login form; returns the session cookie and the CSRF token
    /// that the pages' forms carry.
    func signIn(_ role: Role) async throws -> WebSession {
        try await signIn(username: TestApp.usernames[role]!, password: TestApp.password(role))
    }

    func signIn(username: String, password: String) async throws -> WebSession {
        let login = try await login([("username", username), ("password", password)])
        guard login.status == .seeOther, let setCookie = login.headers[.setCookie] else { throw TestFailure("sign-in of \(username) gave \(login.status)") }
        let cookie = String(setCookie.split(separator: ";")[0])
        let html = String(buffer: try await execute(uri: "/admin", method: .get, headers: [.cookie: cookie]).body)
        guard let csrf = csrfToken(in: html) else {
            throw TestFailure("no CSRF token on /admin")
        }
        return WebSession(cookie: cookie, csrf: csrf)
    }

    /// The device token of a kiosk newly registered to `hall` by the administrator.
    func kioskToken(hall: String = "CC") async throws -> String {
        let response = try await json("/api/v1/halls/\(hall)/kiosks", method: .post, token: try await token(.admin), body: #"{"name":"一楼大厅入口"}"#)
        guard response.status == .created, let token = try JSON.object(response.body)["token"] as? String else {
            throw TestFailure("registering a kiosk gave \(response.status)")
        }
        return token
    }

    /// The kiosk page's "session": its device cookie, as the registered kiosk's browser sends it.
    func kioskBrowser(hall: String = "CC") async throws -> WebSession {
        WebSession(cookie: "onedoor_kiosk=\(try await kioskToken(hall: hall))", csrf: "")
    }

    /// Posts the sign-in form as a browser does: the form first, for its token and cookie.
    func login(_ fields: [(String, String)]) async throws -> TestResponse {
        let form = try await execute(uri: "/login", method: .get)
        let html = String(buffer: form.body)
        guard let cookie = form.headers[values: .setCookie].first(where: { $0.hasPrefix("onedoor_login=") }).map({ String($0.split(separator: ";")[0]) }),
              let csrf = csrfToken(in: html)
        else { throw TestFailure("the sign-in form has no token") }
        return try await execute(
            uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
            body: ByteBuffer(string: FormEncoding.encode([("_csrf", csrf)] + fields))
        )
    }

    /// A page GET as `session` (nil: signed out).
    func page(_ uri: String, _ session: WebSession?) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: session.map { [.cookie: $0.cookie] } ?? [:])
    }

    /// A form post as `session`, with its CSRF token added.
    func post(_ uri: String, _ session: WebSession?, _ fields: [(String, String)] = []) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let session { headers[.cookie] = session.cookie }
        let all = (session.map { [("_csrf", $0.csrf)] } ?? []) + fields
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormEncoding.encode(all)))
    }

    func json(_ uri: String, method: HTTPRequest.Method = .get, token: String? = nil, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.accept: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

/// The first form's CSRF token on a page (`<input type="hidden" name="_csrf" value="…">`).
func csrfToken(in html: String) -> String? {
    html.range(of: #"name="_csrf" value=""#).map { String(html[$0.upperBound...].prefix { $0 != "\"" }) }
}

struct WebSession: Sendable {
    var cookie: String
    var csrf: String
}

enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        // ASCII only: CharacterSet.alphanumerics would let Chinese through unescaped.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum JSON {
    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else { throw TestFailure("not a JSON object") }
        return object
    }

    static func string(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    /// The field paths of a problem+json answer's `errors`.
    static func problemPaths(_ buffer: ByteBuffer) throws -> [String] {
        ((try object(buffer)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
    }
}

