import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Tickets and kiosk check-ins need a kiosk registered to the hall (issue 13 §1.2, §1.5): from
/// anywhere else nobody takes a place in a queue, nor learns whether a person has one.
@Suite struct KioskTests {
    @Test(arguments: TestDatabaseKind.available)
    func onlyARegisteredKioskOfTheHallGivesTickets(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let body = QueueAPITests.ticketBody()
            let anonymous = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: body)
            #expect(anonymous.status == .unauthorized)
            #expect(try JSON.object(anonymous.body)["type"] as? String == "/problems/kiosk-required")
            #expect(try await client.json("/api/v1/halls/CC/check-ins", method: .post,
                                          body: #"{"documentType":"resident-id","documentNumber":"44011320141005001X"}"#).status == .unauthorized)
            // Staff are no kiosk, nor is a made-up token.
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: try await client.token(.clerk), body: body).status == .forbidden)
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: "kiosk_made-up", body: body).status == .unauthorized)
            // A town hall's kiosk cannot take tickets for the district centre.
            let town = try await client.kioskToken(hall: "ZM")
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: town, body: body).status == .forbidden)

            let kiosk = try await client.kioskToken()
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: body).status == .created)
            // Listed for administrators and supervisors; revoked at once.
            let admin = try await client.token(.admin)
            let list = try JSON.object(try await client.json("/api/v1/halls/CC/kiosks", token: try await client.token(.supervisor)).body)
            let kiosks = try #require(list["kiosks"] as? [[String: Any]])
            #expect(kiosks.count == 1 && kiosks[0]["active"] as? Bool == true && kiosks[0]["name"] as? String == "一楼大厅入口")
            let id = try #require(kiosks[0]["id"] as? String)
            #expect(try await client.json("/api/v1/halls/CC/kiosks/\(id)", method: .delete, token: try await client.token(.clerk)).status == .forbidden)
            #expect(try await client.json("/api/v1/halls/CC/kiosks/\(id)", method: .delete, token: admin).status == .noContent)
            #expect(try await client.json("/api/v1/halls/CC/kiosks/\(id)", method: .delete, token: admin).status == .notFound)
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody("E1234567", type: "passport")).status == .unauthorized)
            // Registering needs a name; the audit log has both changes.
            #expect(try await client.json("/api/v1/halls/CC/kiosks", method: .post, token: admin, body: #"{"name":" "}"#).status == .unprocessableContent)
            let audit = String(buffer: try await client.json("/api/v1/audit?pageSize=100", token: try await client.token(.supervisor)).body)
            #expect(audit.contains("kiosk.register") && audit.contains("kiosk.revoke"))
        }
    }

    /// One address took 60 tickets in 0.7 s; a kiosk gives at most 60 a minute.
    @Test(arguments: TestDatabaseKind.available)
    func aKioskIsLimitedPerMinute(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let kiosk = try await client.kioskToken()
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<61 {
                // Different people: the per-person limits do not come first.
                statuses.append(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk,
                                                      body: QueueAPITests.ticketBody(Fixtures.residentID(1_000 + n))).status)
            }
            #expect(statuses.prefix(60).allSatisfy { $0 != .tooManyRequests })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theKioskPageIsForARegisteredDeviceOnly(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let page = try await client.page("/halls/CC/kiosk", nil)
            #expect(page.status == .unauthorized && String(buffer: page.body).contains("本设备尚未登记为取号机"))
            let post = try await client.post("/halls/CC/kiosk", nil, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            #expect(post.status == .unauthorized)
            #expect(try await app.services.queues.overview(hall: "CC").allSatisfy { $0.waiting == 0 })

            // The administrator enters the token once on the device; the cookie does the rest.
            let token = try await client.kioskToken()
            let wrong = try await client.post("/halls/CC/kiosk/register", nil, [("token", "kiosk_wrong")])
            #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains("令牌不正确"))
            #expect(try await client.post("/halls/ZM/kiosk/register", nil, [("token", token)]).status == .unauthorized)
            let registered = try await client.post("/halls/CC/kiosk/register", nil, [("token", token)])
            #expect(registered.status == .seeOther && registered.headers[.location] == "/halls/CC/kiosk")
            let cookie = try #require(registered.headers[.setCookie])
            #expect(cookie.contains("Path=/halls/CC/") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let device = WebSession(cookie: String(cookie.split(separator: ";")[0]), csrf: "")
            #expect(try await client.page("/halls/CC/kiosk", device).status == .ok)
            let issued = try await client.post("/halls/CC/kiosk", device, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            #expect(issued.status == .seeOther && (issued.headers[.location] ?? "").hasPrefix("/tickets/"))
        }
    }

    /// Without presence, booking is the only remote way in; one document number books at most six
    /// times a day, so nobody books and cancels under a victim's number all day.
    @Test(arguments: TestDatabaseKind.available)
    func oneDocumentBooksAtMostSixTimesADay(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for attempt in 0..<7 {
                let booked = try await client.json("/api/v1/halls/CC/appointments", method: .post, body: AppointmentAPITests.body(77, start: "1\(attempt % 2):00"))
                statuses.append(booked.status)
                if booked.status == .created, let id = try JSON.object(booked.body)["id"] as? String {
                    _ = try await client.json("/api/v1/appointments/\(id)/cancel", method: .post, body: #"{"documentNumber":"\#(Fixtures.residentID(77))"}"#)
                }
            }
            #expect(statuses.prefix(6).allSatisfy { $0 == .created }, "\(statuses)")
            #expect(statuses.last == .tooManyRequests)
            // Another person is not affected.
            #expect(try await client.json("/api/v1/halls/CC/appointments", method: .post, body: AppointmentAPITests.body(78)).status == .created)
        }
    }

    /// Kiosk mode: no site navigation, the citizen finds the matter (smart routing to its queue),
    /// and after a ticket the page goes back to the kiosk's start by itself.
    @Test(arguments: TestDatabaseKind.available)
    func theKioskRoutesTheMatterToItsQueue(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let device = try await client.kioskBrowser()
            let start = String(buffer: try await client.page("/halls/CC/kiosk", device).body)
            #expect(!start.contains(#"<header class="site">"#) && !start.contains("/login") && start.contains(#"data-idle-seconds="60""#))
            #expect(start.contains(#"<script src="/static/kiosk.js" defer>"#))
            // 食品经营许可 is a 经营许可 (business) item: its queue is B.
            let found = String(buffer: try await client.page("/halls/CC/kiosk?q=%E9%A3%9F%E5%93%81", device).body)
            let link = try #require(found.range(of: #"<a class="matter" href=""#).map { String(found[$0.upperBound...].prefix { $0 != "\"" }) })
            #expect(found.contains("食品经营许可") && link.contains("queue=business") && link.contains("item=\(CasePagesTests.food)"))
            let chosen = String(buffer: try await client.page(link.replacingOccurrences(of: "&amp;", with: "&"), device).body)
            #expect(chosen.contains(#"id="chosen-matter">食品经营许可<"#) && chosen.contains(#"value="business" required checked"#))
            let none = String(buffer: try await client.page("/halls/CC/kiosk?q=zzzzqqq", device).body)
            #expect(none.contains("没有找到“zzzzqqq”"))
            #expect(String(buffer: try await client.page("/halls/CC/kiosk?idle=1", device).body).contains(#"data-idle-seconds="5""#))

            let issued = try await client.post("/halls/CC/kiosk", device, [("queue", "business"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            let ticket = try #require(issued.headers[.location])
            #expect(ticket.hasSuffix("?print=1&kiosk=1"))
            let printed = String(buffer: try await client.page(ticket, nil).body)
            #expect(printed.contains(#"<meta http-equiv="refresh" content="20;url=/halls/CC/kiosk">"#))
            #expect(try await client.page("/static/kiosk.js", nil).status == .ok)
        }
    }
}
