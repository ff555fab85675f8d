import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// The queue API end to end: real-name tickets, their limits and errors, calling at a window,
/// window actions, the call list and opening hours.
@Suite struct QueueAPITests {
    static let person = "44011320141005001X"
    static func ticketBody(_ number: String = person, queue: String = "social", type: String = "resident-id") -> String {
        #"{"queue":"\#(queue)","documentType":"\#(type)","documentNumber":"\#(number)"}"#
    }

    @Test(arguments: TestDatabaseKind.available)
    func aTicketFromTheKioskToTheWindow(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let kiosk = try await client.kioskToken()
            let queues = try JSON.object(try await client.json("/api/v1/halls/CC/queues").body)
            let list = try #require(queues["queues"] as? [[String: Any]])
            #expect(list.map { $0["prefix"] as? String } == ["A", "B"])
            #expect(list[0]["windows"] as? [String] == ["1"])
            #expect(list[0]["waiting"] as? Int == 0)
            // The kiosk promises what the ticket will then say: one 8-minute service at one window.
            #expect(list[0]["estimatedWaitMinutes"] as? Int == 8)

            // Bad input: every problem named, with its path.
            let bad = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody("440113201410050010", queue: "nope"))
            #expect(bad.status == .unprocessableContent)
            let problems = try JSON.object(bad.body)["errors"] as? [[String: Any]] ?? []
            #expect(Set(problems.compactMap { $0["path"] as? String }) == ["queue", "documentNumber"])
            // A kiosk gives tickets of its own hall only.
            #expect(try await client.json("/api/v1/halls/XX/tickets", method: .post, token: kiosk, body: Self.ticketBody()).status == .forbidden)

            let issued = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody())
            #expect(issued.status == .created)
            let ticket = try JSON.object(issued.body)
            #expect(ticket["number"] as? String == "A001")
            #expect(ticket["documentNumberMasked"] as? String == "4401**********001X")
            #expect(!String(buffer: issued.body).contains(Self.person))
            #expect(ticket["ahead"] as? Int == 0 && ticket["estimatedWaitMinutes"] as? Int == 8)
            let id = try #require(ticket["id"] as? String)
            #expect(id.count == 12)

            // The same person again in the same queue: refused, with why.
            let twice = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody())
            #expect(twice.status == .conflict)
            #expect((try JSON.object(twice.body)["detail"] as? String)?.contains("已有一个未办结的号") == true)
            // Somebody else queues behind.
            let second = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody("E1234567", type: "passport")).body)
            #expect(second["number"] as? String == "A002" && second["ahead"] as? Int == 1 && second["estimatedWaitMinutes"] as? Int == 16)
            let after = try JSON.object(try await client.json("/api/v1/halls/CC/queues").body)["queues"] as? [[String: Any]]
            #expect(after?[0]["waiting"] as? Int == 2 && after?[0]["estimatedWaitMinutes"] as? Int == 24)

            // The window calls: the longest waiting first.
            let clerk = try await client.token(.clerk)
            let called = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            #expect(called.status == .ok)
            #expect(try JSON.object(called.body)["id"] as? String == id)
            #expect(try JSON.object(try await client.json("/api/v1/tickets/\(second["id"] as! String)").body)["ahead"] as? Int == 0)
            let calls = try JSON.object(try await client.json("/api/v1/halls/CC/calls").body)["calls"] as? [[String: Any]]
            #expect(calls?.first?["announcement"] as? String == "请 A001 号到 1 号窗口办理")

            // Window actions; a double finish is a conflict that says why.
            let act = { (action: String) in
                try await client.json("/api/v1/tickets/\(id)/actions/\(action)", method: .post, token: clerk, body: #"{"window":"1"}"#)
            }
            #expect(try await act("start").status == .ok)
            #expect(try JSON.object(try await act("finish").body)["state"] as? String == "finished")
            let again = try await act("finish")
            #expect(again.status == .conflict)
            #expect((try JSON.object(again.body)["detail"] as? String) == "A001 号当前为“已办结”，已结束，不能再办结")
            // Unknown window, unknown ticket, nobody left.
            #expect(try await client.json("/api/v1/windows/9/call-next", method: .post, token: clerk).status == .notFound)
            #expect(try await client.json("/api/v1/tickets/nope/actions/start", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .notFound)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            let empty = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            #expect(empty.status == .notFound)
            #expect(try JSON.object(empty.body)["type"] as? String == "/problems/queue-empty")
            let atWindow = try JSON.object(try await client.json("/api/v1/windows/1/tickets", token: clerk).body)["items"] as? [[String: Any]]
            #expect(atWindow?.map { $0["number"] as? String } == ["A002"])
        }
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

    @Test(arguments: TestDatabaseKind.available)
    func anAdministratorSetsUpQueuesAndWhatAWindowCalls(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let kiosk = try await client.kioskToken()
            let admin = try await client.token(.admin)
            let clerk = try await client.token(.clerk)
            func put(_ path: String, _ body: String, token: String? = nil) async throws -> TestResponse {
                try await client.json("/api/v1/halls/CC" + path, method: .put, token: token ?? admin, body: body)
            }
            func queue(_ code: String) async throws -> [String: Any]? {
                let list = try JSON.object(try await client.json("/api/v1/halls/CC/queues").body)["queues"] as? [[String: Any]]
                return list?.first { $0["code"] as? String == code }
            }

            // Every problem named; staff other than administrators may not.
            let bad = try await put("/queues/crj", #"{"name":"","prefix":"A","firstNumber":10,"lastNumber":5,"targetWaitMinutes":0}"#)
            #expect(bad.status == .unprocessableContent)
            let paths = (try JSON.object(bad.body)["errors"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
            #expect(Set(paths ?? []) == ["name", "prefix", "lastNumber", "targetWaitMinutes"])
            #expect(try await put("/queues/crj", #"{"name":"公安出入境","prefix":"C"}"#, token: clerk).status == .forbidden)

            // A new queue: numbered C…, called by no window until a profile lists it.
            let saved = try await put("/queues/crj", #"{"name":"公安出入境","prefix":"C","lastNumber":5000,"targetWaitMinutes":20}"#)
            #expect(saved.status == .ok)
            let crj = try #require(try await queue("crj"))
            #expect(crj["prefix"] as? String == "C" && crj["lastNumber"] as? Int == 5000 && crj["targetWaitMinutes"] as? Int == 20)
            #expect(crj["windows"] as? [String] == [])
            let ticket = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody(queue: "crj")).body)
            #expect(ticket["number"] as? String == "C001")
            #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).status == .notFound)

            // Window 1's profile: the new queue first, then its own; unknown queues are refused by position.
            let unknown = try await put("/windows/1/queues", #"{"queues":["nope","crj","crj"]}"#)
            #expect((try JSON.object(unknown.body)["errors"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["queues[0]", "queues[2]"])
            #expect(try await put("/windows/9/queues", #"{"queues":[]}"#).status == .notFound)
            let profile = try JSON.object(try await put("/windows/1/queues", #"{"queues":["crj","social"]}"#).body)
            #expect(profile["queues"] as? [String] == ["crj", "social"])
            #expect(try await queue("crj")?["windows"] as? [String] == ["1"])
            #expect(try JSON.object(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).body)["number"] as? String == "C001")
            // An empty profile returns the window to its categories' queues.
            #expect(try JSON.object(try await put("/windows/1/queues", #"{"queues":[]}"#).body)["queues"] as? [String] == ["social", "business"])

            // A smaller daily range takes effect at once: the third ticket finds the queue full.
            #expect(try await put("/queues/social", #"{"name":"社会民生类","prefix":"A","lastNumber":2}"#).status == .ok)
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody()).status == .created)
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody("E1234567", type: "passport")).status == .created)
            let full = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.ticketBody("E7654321", type: "passport"))
            #expect(full.status == .conflict)
            #expect((try JSON.object(full.body)["detail"] as? String)?.contains("号已经发完") == true)
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
