import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// The appointment API end to end (先预约、后办理): slots from the hours and the holiday
/// calendar, every problem of a booking named, parallel bookings never over-filling a slot,
/// cancel and reschedule with the holder's ID, and the kiosk check-in called first.
@Suite struct AppointmentAPITests {
    static func body(_ n: Int, day: String = "2026-09-29", start: String = "10:00", queue: String = "social") -> String {
        #"{"queue":"\#(queue)","day":"\#(day)","start":"\#(start)","documentType":"resident-id","documentNumber":"\#(Fixtures.residentID(n))"}"#
    }

    @Test(arguments: TestDatabaseKind.available)
    func bookCancelRescheduleAndCheckIn(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, _ in
            let kiosk = try await client.kioskToken()
            // Slots: 16 half hours on Tuesday; none on National Day; today's 09:00 has begun.
            let tuesday = try JSON.object(try await client.json("/api/v1/halls/CC/appointment-slots?queue=social&day=2026-09-29").body)
            let slots = try #require(tuesday["slots"] as? [[String: Any]])
            #expect(slots.count == 16 && slots[0]["start"] as? String == "09:00" && slots[0]["remaining"] as? Int == 4)
            #expect(slots.allSatisfy { $0["bookable"] as? Bool == true })
            let holiday = try JSON.object(try await client.json("/api/v1/halls/CC/appointment-slots?queue=social&day=2026-10-01").body)
            #expect(holiday["isOpen"] as? Bool == false && (holiday["slots"] as? [Any])?.isEmpty == true)
            let today = try JSON.object(try await client.json("/api/v1/halls/CC/appointment-slots?queue=social&day=2026-09-28").body)
            #expect((today["slots"] as? [[String: Any]])?.first?["bookable"] as? Bool == false)

            // Every problem of a booking at once, with its path.
            let bad = try await client.json("/api/v1/halls/CC/appointments", method: .post,
                                            body: #"{"queue":"nope","day":"2026-09-29","start":"9h","documentType":"resident-id","documentNumber":"440113201410050010"}"#)
            #expect(bad.status == .unprocessableContent)
            let paths = (try JSON.object(bad.body)["errors"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(Set(paths) == ["queue", "start", "documentNumber"])
            let closed = try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(1, day: "2026-10-01"))
            #expect(closed.status == .unprocessableContent)
            #expect(String(buffer: closed.body).contains("2026年10月1日不办公，不能预约"))

            // Ten people book the same 4-place slot at once: four get it, six are told it is full.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 1...10 {
                    group.addTask { try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(n)).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 4 && statuses.filter { $0 == .conflict }.count == 6)
            let after = try JSON.object(try await client.json("/api/v1/halls/CC/appointment-slots?queue=social&day=2026-09-29").body)
            let ten = (after["slots"] as? [[String: Any]])?.first { $0["start"] as? String == "10:00" }
            #expect(ten?["remaining"] as? Int == 0 && ten?["bookable"] as? Bool == false)
            let full = try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(11))
            #expect(try JSON.object(full.body)["detail"] as? String == "2026年9月29日 10:00–10:30 已约满，请选择其他时段")

            // Person 20 books 11:00, moves it to 14:00 with their ID (not with another's), then cancels.
            let booked = try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(20, start: "11:00"))
            #expect(booked.status == .created)
            let appointment = try JSON.object(booked.body)
            let id = try #require(appointment["id"] as? String)
            #expect(appointment["state"] as? String == "booked" && appointment["documentNumberMasked"] as? String == "4406**********" + String(Fixtures.residentID(20).suffix(4)))
            #expect(!String(buffer: booked.body).contains(Fixtures.residentID(20)))
            let wrong = try await client.json("/api/v1/appointments/\(id)/reschedule", method: .post,
                                              body: #"{"documentNumber":"\#(Fixtures.residentID(21))","day":"2026-09-29","start":"14:00"}"#)
            #expect(wrong.status == .notFound)
            let moved = try await client.json("/api/v1/appointments/\(id)/reschedule", method: .post,
                                              body: #"{"documentNumber":"\#(Fixtures.residentID(20).lowercased())","day":"2026-09-29","start":"14:00"}"#)
            #expect(moved.status == .ok)
            #expect(try JSON.object(moved.body)["start"] as? String == "14:00")
            let cancelled = try await client.json("/api/v1/appointments/\(id)/cancel", method: .post, body: #"{"documentNumber":"\#(Fixtures.residentID(20))"}"#)
            #expect(try JSON.object(cancelled.body)["state"] as? String == "cancelled")
            let again = try await client.json("/api/v1/appointments/\(id)/cancel", method: .post, body: #"{"documentNumber":"\#(Fixtures.residentID(20))"}"#)
            #expect(again.status == .conflict)
            #expect(try JSON.object(try await client.json("/api/v1/appointments/\(id)").body)["stateLabel"] as? String == "已取消")

            // Check-in: person 30 booked 09:30 today. At 09:00 it is too early; at 09:20 the
            // ticket is called before the one taken at 09:00.
            #expect(try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(30, day: "2026-09-28", start: "09:30")).status == .created)
            let checkIn = #"{"documentType":"resident-id","documentNumber":"\#(Fixtures.residentID(30))"}"#
            let early = try await client.json("/api/v1/halls/CC/check-ins", method: .post, token: kiosk, body: checkIn)
            #expect(early.status == .conflict)
            #expect(try JSON.object(early.body)["detail"] as? String == "您预约的是 09:30–10:00，请于 09:15 后签到")
            let none = try await client.json("/api/v1/halls/CC/check-ins", method: .post, token: kiosk, body: #"{"documentType":"resident-id","documentNumber":"\#(Fixtures.residentID(31))"}"#)
            #expect((try JSON.object(none.body)["detail"] as? String)?.contains("没有待签到的预约") == true)
            let walkIn = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody())
            #expect(walkIn.status == .created)
            clock.advance(by: 20 * 60)
            let ticket = try await client.json("/api/v1/halls/CC/check-ins", method: .post, token: kiosk, body: checkIn)
            #expect(ticket.status == .created)
            let checked = try JSON.object(ticket.body)
            #expect(checked["number"] as? String == "A002" && checked["appointment"] as? String != nil && checked["ahead"] as? Int == 0)
            let clerk = try await client.token(.clerk)
            let called = try JSON.object(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).body)
            #expect(called["number"] as? String == "A002")
            #expect(try await client.json("/api/v1/halls/CC/check-ins", method: .post, token: kiosk, body: checkIn).status == .conflict)

            // The hall's list for its staff, masked.
            let list = try await client.json("/api/v1/halls/CC/appointments?day=2026-09-29", token: clerk)
            let items = try #require(try JSON.object(list.body)["items"] as? [[String: Any]])
            #expect(items.count == 5 && items.filter { $0["state"] as? String == "booked" }.count == 4)
            #expect(!String(buffer: list.body).contains(Fixtures.residentID(1)))
        }
    }

    @Test func bookingsFromOneAddressAreLimited() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for n in 1...21 {
                statuses.append(try await client.json("/api/v1/halls/CC/appointments", method: .post, body: Self.body(n, start: "15:00")).status)
            }
            // 20 a minute from one address: four booked, the rest of the twenty full, then refused.
            #expect(statuses.prefix(4).allSatisfy { $0 == .created } && statuses[4..<20].allSatisfy { $0 == .conflict })
            #expect(statuses[20] == .tooManyRequests)
        }
    }
}
