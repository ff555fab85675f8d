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
            let queues = try JSON.object(try await client.json("/api/v1/halls/CC/queues").body)
            let list = try #require(queues["queues"] as? [[String: Any]])
            #expect(list.map { $0["prefix"] as? String } == ["A", "B"])
            #expect(list[0]["windows"] as? [String] == ["1"])
            #expect(list[0]["waiting"] as? Int == 0)
            // The kiosk promises what the ticket will then say: one 8-minute service at one window.
            #expect(list[0]["estimatedWaitMinutes"] as? Int == 8)

            // Bad input: every problem named, with its path.
            let bad = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody("440113201410050010", queue: "nope"))
            #expect(bad.status == .unprocessableContent)
            let problems = try JSON.object(bad.body)["errors"] as? [[String: Any]] ?? []
            #expect(Set(problems.compactMap { $0["path"] as? String }) == ["queue", "documentNumber"])
            #expect(try await client.json("/api/v1/halls/XX/tickets", method: .post, body: Self.ticketBody()).status == .notFound)

            let issued = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody())
            #expect(issued.status == .created)
            let ticket = try JSON.object(issued.body)
            #expect(ticket["number"] as? String == "A001")
            #expect(ticket["documentNumberMasked"] as? String == "4401**********001X")
            #expect(!String(buffer: issued.body).contains(Self.person))
            #expect(ticket["ahead"] as? Int == 0 && ticket["estimatedWaitMinutes"] as? Int == 8)
            let id = try #require(ticket["id"] as? String)
            #expect(id.count == 12)

            // The same person again in the same queue: refused, with why.
            let twice = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody())
            #expect(twice.status == .conflict)
            #expect((try JSON.object(twice.body)["detail"] as? String)?.contains("已有一个未办结的号") == true)
            // Somebody else queues behind.
            let second = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody("E1234567", type: "passport")).body)
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

    @Test func theKioskRefusesOutsideOpeningHoursAndOnHolidays() async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(.sqlite, clock: clock) { client, _ in
            clock.advance(by: 8 * 3600) // 17:00: closed
            let late = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody())
            #expect(late.status == .conflict)
            #expect((try JSON.object(late.body)["detail"] as? String)?.contains("09:00–17:00") == true)
            clock.advance(by: 3 * 86_400 - 8 * 3600 + 3600) // Thursday 1 October, 10:00: National Day
            let holiday = try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody())
            #expect((try JSON.object(holiday.body)["detail"] as? String)?.contains("今天不办公") == true)
            clock.advance(by: 9 * 86_400) // Saturday 10 October: a 调休 working day
            #expect(try await client.json("/api/v1/halls/CC/tickets", method: .post, body: Self.ticketBody()).status == .created)
        }
    }
}
