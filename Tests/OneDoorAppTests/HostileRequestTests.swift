import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Synchronization
import Testing

/// What a hostile or careless client sends: numbers at the edge of `Int`, addresses that leave
/// the site, odd `Host` headers, acts on cases of other departments. Each test here failed
/// before its fix (issue 13 §1).
@Suite struct HostileRequestTests {
    static let hostilePages = ["9223372036854775807", "184467440737095517", "-9223372036854775808", "-1", "0", "99999999999999999999999", "abc", "1e9", "%20"]

    @Test(arguments: TestDatabaseKind.available)
    func everyListSurvivesEveryPageNumber(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            _ = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake())
            let sessions: [Role: WebSession] = [
                .clerk: try await client.signIn(.clerk), .approver: try await client.signIn(.approver),
                .supervisor: try await client.signIn(.supervisor), .admin: try await client.signIn(.admin),
            ]
            let pageLists: [(String, Role?)] = [
                ("/cases", .clerk), ("/cases", .approver), ("/cases", .supervisor), ("/admin/audit", .supervisor),
                ("/admin/access-log", .supervisor), ("/items", nil), ("/admin", .admin),
            ]
            for page in Self.hostilePages {
                for (path, role) in pageLists {
                    let response = try await client.page("\(path)?page=\(page)", role.flatMap { sessions[$0] })
                    #expect(response.status.code < 500, "\(path)?page=\(page) as \(role?.rawValue ?? "public") gave \(response.status)")
                    // Staff lists show the nearest page that exists rather than an error.
                    if path != "/items" { #expect(response.status == .ok, "\(path)?page=\(page) gave \(response.status)") }
                }
            }
            let tokens: [Role: String] = [.approver: try await client.token(.approver), .supervisor: try await client.token(.supervisor),
                                          .clerk: try await client.token(.clerk)]
            let apiLists: [(String, Role)] = [
                ("/api/v1/items", .clerk), ("/api/v1/departments/SCJG/cases", .approver), ("/api/v1/halls/CC/cases", .clerk),
                ("/api/v1/personal-data-access", .supervisor), ("/api/v1/audit", .supervisor),
            ]
            for value in Self.hostilePages {
                for (path, role) in apiLists {
                    for parameter in ["page", "pageSize"] {
                        let response = try await client.json("\(path)?\(parameter)=\(value)", token: tokens[role])
                        #expect(response.status.code < 500, "\(path)?\(parameter)=\(value) gave \(response.status)")
                        #expect(response.status == .badRequest, "\(path)?\(parameter)=\(value) gave \(response.status)")
                    }
                }
            }
            // Date ranges of the statistics at the ends of the calendar.
            for (from, to) in [("0001-01-01", "9999-12-31"), ("9999-12-31", "0001-01-01"), ("2026-13-45", "2026-02-30"), ("-2026-01-01", "99999-01-01")] {
                let page = try await client.page("/halls/CC/statistics?from=\(from)&to=\(to)", sessions[.supervisor])
                #expect(page.status.code < 500, "statistics \(from)…\(to) gave \(page.status)")
                let api = try await client.json("/api/v1/halls/CC/queue-statistics?from=\(from)&to=\(to)", token: tokens[.supervisor])
                #expect(api.status.code < 500, "API statistics \(from)…\(to) gave \(api.status)")
            }
            // Numbers at the edge of Int in bodies and paths: refused, never a trap.
            let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: tokens[.clerk], body: CaseAPITests.intake()).body)
            let number = (created["case"] as? [String: Any])?["number"] as? String ?? "x"
            let admin = try await client.token(.admin)
            for extreme in ["9223372036854775807", "-9223372036854775808"] {
                let calls: [(String, HTTPRequest.Method, String?, String?)] = [
                    ("/api/v1/cases/\(number)/actions/extend", .post, tokens[.approver], #"{"days":\#(extreme),"approvedBy":"局长","opinion":"x"}"#),
                    ("/api/v1/cases/\(number)/actions/start-special-procedure", .post, tokens[.approver], #"{"kind":"hearing","expectedDays":\#(extreme),"opinion":"x"}"#),
                    ("/api/v1/cases/\(number)/actions/undertake", .post, tokens[.approver], #"{"revision":\#(extreme),"opinion":"x"}"#),
                    ("/api/v1/halls/CC/queues/social", .put, admin, #"{"name":"社会","prefix":"A","firstNumber":\#(extreme),"lastNumber":\#(extreme),"targetWaitMinutes":\#(extreme)}"#),
                    ("/api/v1/calendar/deadline?from=2026-09-28&days=\(extreme)&unit=working", .get, nil, nil),
                    ("/api/v1/calendar/working-days?from=2026-09-28&to=2026-10-28", .get, nil, nil),
                    ("/api/v1/calendar/years/\(extreme)", .get, admin, nil),
                ]
                for (uri, method, token, body) in calls {
                    let response = try await client.json(uri, method: method, token: token, body: body)
                    #expect(response.status.code < 500, "\(method) \(uri) with \(extreme) gave \(response.status)")
                }
            }
            // The server is still up.
            #expect(try await client.page("/cases", sessions[.clerk]).status == .ok)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signInNeverSendsPeopleToAnotherSite(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let hostile = ["%2F%09%2Fevil.example%2F", "%2F%2Fevil.example", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example", "%2F%0A%2Fevil.example",
                           "%20%2F%2Fevil.example", "javascript%3Aalert(1)"]
            for next in hostile {
                let form = String(buffer: try await client.page("/login?next=\(next)", nil).body)
                #expect(form.contains(#"name="next" value="""#), "the form kept next=\(next)")
                let decoded = next.removingPercentEncoding!
                let login = try await client.login([("username", "clerk"), ("password", TestApp.password(.clerk)), ("next", decoded)])
                #expect(login.status == .seeOther)
                #expect(login.headers[.location] == "/workstation", "next=\(next) sent the browser to \(login.headers[.location] ?? "")")
            }
            let login = try await client.login([("username", "clerk"), ("password", TestApp.password(.clerk)), ("next", "/cases?page=2")])
            #expect(login.headers[.location] == "/cases?page=2")
        }
    }

    /// Staff pages speak Chinese: no field paths, action codes or queue codes in what people read
    /// (paths stay in `data-path` for programs and tests).
    @Test(arguments: TestDatabaseKind.available)
    func staffPagesShowLabelsNotCodes(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let supervisor = try await client.signIn(.supervisor)
            let audit = String(buffer: try await client.page("/admin/audit", supervisor).body)
            #expect(audit.contains("<td>登录</td>") && !audit.contains("session.signIn"))
            let clerk = try await client.signIn(.clerk)
            let bad = String(buffer: try await client.post("/cases", clerk, CasePagesTests.intakeFields().filter { $0.0 != "m0.received" } + [("m1.pages", "三")]).body)
            #expect(bad.contains(#"data-path="materials[1].pages""#) && !bad.contains("<code>"))
            let admin = try await client.signIn(.admin)
            let queues = String(buffer: try await client.page("/admin/halls/CC/queues", admin).body)
            #expect(!queues.contains("保存 social") && queues.contains("保存“A 社会民生类”"))
        }
    }

    /// Staff land on their work: the clerk at the workstation, approvers and supervisors at the
    /// cases (by deadline, or all of them), the administrator at administration.
    @Test(arguments: TestDatabaseKind.available)
    func staffLandOnTheirWork(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let expected: [Role: String] = [.clerk: "/workstation", .approver: "/cases", .supervisor: "/cases", .admin: "/admin"]
            for role in Role.allCases {
                let login = try await client.login([("username", TestApp.usernames[role]!), ("password", TestApp.password(role))])
                #expect(login.headers[.location] == expected[role], "\(role) landed on \(login.headers[.location] ?? "")")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anApproverOfAnotherDepartmentLearnsNothingFromAStaleRevision(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let created = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake())
            let number = try #require((try JSON.object(created.body)["case"] as? [String: Any])?["number"] as? String)
            let other = StaffAccount(username: "wsjk", displayName: "卫健审批", staffNumber: "WS001", role: .approver, department: "WSJK")
            _ = try await app.auth.createAccount(other, password: "password-wsjk", by: .system)
            let token = try JSON.object(try await client.json("/api/v1/session", method: .post, body: #"{"username":"wsjk","password":"password-wsjk"}"#).body)["token"] as! String
            // A wrong revision and a right one give the same answer: forbidden, without the case's state.
            for revision in [1, 99] {
                let response = try await CaseAPITests.act(client, number, "undertake", token, #"{"opinion":"拟准予","revision":\#(revision)}"#)
                #expect(response.status == .forbidden, "revision \(revision) gave \(response.status)")
                #expect(!String(buffer: response.body).contains("刚被他人办理"))
            }
            // The same through the pages.
            let wsjk = try await client.login([("username", "wsjk"), ("password", "password-wsjk")])
            let cookie = String(try #require(wsjk.headers[.setCookie]).split(separator: ";")[0])
            let html = String(buffer: try await client.execute(uri: "/admin", method: .get, headers: [.cookie: cookie]).body)
            let csrf = try #require(csrfToken(in: html))
            let page = try await client.post("/cases/\(number)/actions/undertake", WebSession(cookie: cookie, csrf: csrf), [("revision", "99"), ("opinion", "x")])
            #expect(page.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func intakeRefusesAWindowTheHallDoesNotHave(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let body = CaseAPITests.intake().replacingOccurrences(of: #""window":"1""#, with: #""window":"99""#)
            let response = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: body)
            #expect(response.status == .unprocessableContent)
            let errors = try JSON.object(response.body)["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["path"] as? String == "window" && ($0["reason"] as? String ?? "").contains("没有 99 号窗口") })
            #expect(try await app.cases.repository.hallCases("CC", limit: 5).total == 0)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func personalDataIsNeverCached(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let created = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake())
            #expect(created.headers[.cacheControl] == "no-store")
            let number = try #require((try JSON.object(created.body)["case"] as? [String: Any])?["number"] as? String)
            let page = try await client.page("/cases/\(number)", try await client.signIn(.clerk))
            #expect(page.status == .ok && page.headers[.cacheControl] == "no-store")
            #expect(try await client.page("/static/site.css", nil).headers[.cacheControl] == "public, max-age=3600")
        }
    }

    /// The request log names the route of an identifier check, never the number checked.
    @Test(arguments: TestDatabaseKind.available)
    func identifierChecksKeepNumbersOutOfTheLog(_ kind: TestDatabaseKind) async throws {
        let lines = LogCapture()
        var logger = Logger(label: "onedoor.test") { _ in lines }
        logger.logLevel = .info
        try await TestApp.run(kind, logger: logger) { client, _ in
            let person = try await client.json("/api/v1/identifiers/resident-id/44011320141005001X")
            let enterprise = try await client.json("/api/v1/identifiers/uscc/91440604MA4UJ8XF3K")
            #expect(person.status == .ok && enterprise.status.code < 500)
        }
        let logged = lines.lines.joined(separator: "\n")
        #expect(logged.contains("/api/v1/identifiers/resident-id/{value}"))
        #expect(!logged.contains("44011320141005001X") && !logged.contains("91440604MA4UJ8XF3K"))
    }

    /// Metrics only for this machine, or with the token; the client behind a trusted proxy is the
    /// one the proxy names, and a client that is not a proxy cannot name itself.
    /// The bearer scheme in any case and spaces around the token are accepted; anything else
    /// is no token (the request is anonymous, so a staff-only call is 401).
    @Test func bearerTokensAreReadStrictly() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            let token = try await client.token(.supervisor)
            func status(_ authorization: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/api/v1/accounts", method: .get, headers: [.accept: "application/json", .authorization: authorization], body: nil).status
            }
            for good in ["Bearer \(token)", "bearer \(token)", "BEARER   \(token)  ", "Bearer \t\(token)"] {
                #expect(try await status(good) == .ok, "\(good.prefix(12))")
            }
            for bad in ["Bearer", "Bearer ", "Bearerx\(token)", "Basic \(token)", "Bearer \(token)x", "Bearer    "] {
                let got = try await status(bad)
                #expect(got == .unauthorized, "\(bad.debugDescription.prefix(14)) gave \(got)")
            }
        }
    }

    @Test func metricsOnlyForThisMachineOrWithTheToken() async throws {
        let token = "metrics-token-0123456789"
        try await TestApp.run(.sqlite, live: true, configure: { $0.trustedProxies = ["127.0.0.1"]; $0.metricsToken = token }) { client, _ in
            func status(_ headers: HTTPFields) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/metrics", method: .get, headers: headers).status
            }
            let outside: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9"]
            var withToken = outside
            withToken[.authorization] = "Bearer \(token)"
            var wrongToken = outside
            wrongToken[.authorization] = "Bearer \(token)x"
            let answers = (try await status([:]), try await status(outside), try await status(withToken), try await status(wrongToken))
            #expect(answers == (.ok, .forbidden, .ok, .forbidden))
        }
        // Without trusted proxies, the header is not believed: the socket (loopback) counts.
        try await TestApp.run(.sqlite, live: true) { client, _ in
            let answer = try await client.execute(uri: "/metrics", method: .get, headers: [.init("X-Forwarded-For")!: "203.0.113.9"])
            #expect(answer.status == .ok)
        }
    }

    /// A long or odd `Host` once gave 500 on every page with a QR code (the address grew past
    /// what a QR code holds); now it is refused as a bad request.
    @Test(arguments: TestDatabaseKind.available)
    func oddHostHeadersAreRefusedNotFatal(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind, live: true) { client, _ in
            let port = try #require(client.port)
            let clerk = try await client.signIn(.clerk)
            let created = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            let location = try #require(created.headers[.location])
            let number = String(location.dropFirst("/cases/".count).prefix { $0 != "?" })
            let path = "/cases/\(number)/notices/acceptance"
            let good = try RawHTTP.get(port: port, path: path, host: "127.0.0.1:\(port)", cookie: clerk.cookie)
            #expect(good.status == 200 && good.body.contains("http://127.0.0.1:\(port)/progress/\(number)"))
            for host in [String(repeating: "a", count: 200) + ".example", "evil.example/x?y=", "evil\"><script>"] {
                let response = try RawHTTP.get(port: port, path: path, host: host, cookie: clerk.cookie)
                #expect(response.status == 400, "Host \(host.prefix(20))… gave \(response.status)")
                #expect(!response.body.contains("evil"))
            }
        }
    }
}

/// Keeps every log line, for tests that check what reaches the log.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let stored = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var lines: [String] { stored.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = "\(event.message) \(event.metadata ?? [:])"
        stored.withLock { $0.append(text) }
    }
}

/// One HTTP/1.1 request over a plain socket, with a `Host` header of the test's choosing (the
/// test clients always send their own).
enum RawHTTP {
    struct Answer {
        var status: Int
        var body: String
    }

    static func get(port: Int, path: String, host: String, cookie: String) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect failed") }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nCookie: \(cookie)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: data, as: UTF8.self)
        let statusLine = text.prefix { $0 != "\r" }.split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestFailure("no status line in \(text.prefix(80))") }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return Answer(status: status, body: body)
    }
}
