import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// The queue API where the typed flows (TypedQueueTests) do not reach: another hall's window,
/// a ticket's case in one transaction, opening a case from the called ticket, opening hours.
@Suite struct QueueAPITests {
    static let person = "44011320141005001X"
    static func ticketBody(_ number: String = person, queue: String = "social", type: String = "resident-id") -> String {
        #"{"queue":"\#(queue)","documentType":"\#(type)","documentNumber":"\#(number)"}"#
    }

    /// A window of another hall finds no such ticket: the store looks only in the acting
    /// hall (it decides nothing about permissions; the service names the hall), and nothing moves.
    @Test(arguments: TestDatabaseKind.available)
    func anotherHallsWindowCannotTouchATicket(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let kiosk = try await client.kioskToken()
            let ticket = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody()).body)
            let id = try #require(ticket["id"] as? String)
            #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: try await client.token(.clerk)).status == .ok)
            let zm = StaffAccount(username: "zmclerk", displayName: "祖庙窗口", staffNumber: "ZM-1", role: .clerk, hall: "ZM")
            _ = try await app.auth.createAccount(zm, password: "password-zmclerk", by: .system)
            let other = try await client.token("zmclerk")
            for action in ["recall", "start", "park"] {
                let response = try await client.json("/api/v1/tickets/\(id)/actions/\(action)", method: .post, token: other, body: #"{"window":"1"}"#)
                #expect(response.status == .notFound, "\(action)")
            }
            #expect(try JSON.object(try await client.json("/api/v1/tickets/\(id)").body)["state"] as? String == "called")
        }
    }

    /// Starting the ticket and storing its case are one transaction: when the case cannot be
    /// stored, the ticket is still called, not left being served with no case (before, the
    /// ticket was started in a transaction of its own first).
    @Test(arguments: TestDatabaseKind.available)
    func aCaseThatCannotBeStoredLeavesItsTicketCalled(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let kiosk = try await client.kioskToken()
            let clerk = try await client.token(.clerk)
            let ticket = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody()).body)
            let id = try #require(ticket["id"] as? String)
            #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).status == .ok)
            // A case stored first, then the day's counter turned back: the next case number is
            // taken, so storing the ticket's case fails at its insert.
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake(id: "11010519491231002X")).status == .created)
            try await app.cases.repository.database.write { db in try await db.execute("UPDATE case_counters SET next = 0") }
            let body = CaseAPITests.intake(id: "44011320141005001x").dropLast() + #","ticket":"\#(id)"}"#
            let failed = try await client.json("/api/v1/cases", method: .post, token: clerk, body: String(body))
            #expect(failed.status != .created)
            #expect(try JSON.object(try await client.json("/api/v1/tickets/\(id)").body)["state"] as? String == "called")
            #expect(try await app.services.queues.repository.events(ticket: id).map(\.kind) == [.issued, .called])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theClerkOpensACaseFromTheCalledTicket(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let kiosk = try await client.kioskToken()
            let clerk = try await client.token(.clerk)
            let first = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody()).body)
            let second = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody("E1234567", type: "passport")).body)
            let id = try #require(first["id"] as? String)
            func intake(ticket: String, holder: String = "44011320141005001x") async throws -> TestResponse {
                let body = CaseAPITests.intake(id: holder).dropLast() + #","ticket":"\#(ticket)"}"#
                return try await client.json("/api/v1/cases", method: .post, token: clerk, body: String(body))
            }
            func ticketState(_ id: String) async throws -> String? {
                try JSON.object(try await client.json("/api/v1/tickets/\(id)").body)["state"] as? String
            }

            // Not before it is called.
            let early = try await intake(ticket: id)
            #expect(early.status == .conflict)
            #expect((try JSON.object(early.body)["detail"] as? String) == "排队号 A001 当前为“等候中”，须叫号到窗口后才能受理")
            clock.advance(by: 754)
            #expect(try JSON.object(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).body)["id"] as? String == id)
            clock.advance(by: 60)

            // Someone else's ticket, or none: problems of the form; nothing is stored, the ticket stays called.
            let stranger = try await intake(ticket: id, holder: "11010519491231002X")
            #expect(stranger.status == .unprocessableContent)
            #expect((try JSON.object(stranger.body)["errors"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["ticket"])
            let unknown = try await intake(ticket: "nope")
            #expect((try JSON.object(unknown.body)["errors"] as? [[String: Any]])?.first?["reason"] as? String == "排队号“nope”不存在")
            #expect(try await ticketState(id) == "called")
            #expect(try JSON.object(try await client.json("/api/v1/halls/CC/cases", token: clerk).body)["total"] as? Int == 0)

            // The holder's case: it keeps the ticket, the queue and the wait; the ticket is now served and names the case.
            let opened = try await intake(ticket: id)
            #expect(opened.status == .created)
            let record = try #require(try JSON.object(opened.body)["case"] as? [String: Any])
            let visit = try #require(record["visit"] as? [String: Any])
            #expect(visit["number"] as? String == "A001" && visit["queue"] as? String == "social" && visit["ticket"] as? String == id)
            #expect(visit["waitSeconds"] as? Int == 754)
            #expect(record["window"] as? String == "1")
            let number = try #require(record["number"] as? String)
            let atWindow = try JSON.object(try await client.json("/api/v1/windows/1/tickets", token: clerk).body)["items"] as? [[String: Any]]
            #expect(atWindow?.first?["state"] as? String == "serving" && atWindow?.first?["caseNumber"] as? String == number)
            let events = try await app.services.queues.repository.events(ticket: id)
            #expect(events.map(\.kind) == [.issued, .called, .started])

            // Finished tickets open no more cases; the waiting one was never touched.
            #expect(try await client.json("/api/v1/tickets/\(id)/actions/finish", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            #expect(try await intake(ticket: id).status == .conflict)
            #expect(try await ticketState(second["id"] as! String) == "waiting")
        }
    }

    @Test func theKioskRefusesOutsideOpeningHoursAndOnHolidays() async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(.sqlite, clock: clock) { client, _ in
            let kiosk = try await client.kioskToken()
            clock.advance(by: 8 * 3600) // 17:00: closed
            let late = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody())
            #expect(late.status == .conflict)
            #expect((try JSON.object(late.body)["detail"] as? String)?.contains("09:00–17:00") == true)
            clock.advance(by: 3 * 86_400 - 8 * 3600 + 3600) // Thursday 1 October, 10:00: National Day
            let holiday = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody())
            #expect((try JSON.object(holiday.body)["detail"] as? String)?.contains("今天不办公") == true)
            clock.advance(by: 9 * 86_400) // Saturday 10 October: a 调休 working day
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody()).status == .created)
        }
    }
}
