import Foundation
import OneDoorServices
import OneDoorTestSupport
import Testing

/// The appointment API end to end (先预约、后办理) through the generated client: slots from the
/// hours and the holiday calendar, every problem of a booking named, parallel bookings never
/// over-filling a slot, cancel and reschedule with the holder's ID, and the kiosk check-in
/// called first.
@Suite struct TypedAppointmentTests {
    static func booking(_ n: Int, day: String = "2026-09-29", start: String = "10:00", queue: String = "social") -> Components.Schemas.AppointmentBody {
        .init(queue: queue, day: day, start: start, documentType: .residentId, documentNumber: Fixtures.residentID(n))
    }

    @Test(arguments: TestDatabaseKind.available)
    func bookCancelRescheduleAndCheckIn(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(ClientHarness.start) // Monday 28 September 2026, 09:00
        try await ClientHarness.run(kind, clock: clock) { client, _ in
            let api = Client.router(client)
            let kiosk = try await ClientHarness.kiosk(client)
            func slots(_ day: String) async throws -> Components.Schemas.AppointmentSlotList {
                try await api.listAppointmentSlots(path: .init(code: "CC"), query: .init(queue: "social", day: day)).ok.body.json
            }
            // Slots: 16 half hours on Tuesday; none on National Day; today's 09:00 has begun.
            let tuesday = try await slots("2026-09-29")
            #expect(tuesday.slots.count == 16 && tuesday.slots[0].start == "09:00" && tuesday.slots[0].remaining == 4)
            #expect(tuesday.slots.allSatisfy { $0.bookable })
            let holiday = try await slots("2026-10-01")
            #expect(!holiday.isOpen && holiday.slots.isEmpty)
            #expect(try await slots("2026-09-28").slots.first?.bookable == false)

            // Every problem of a booking at once, with its path.
            let bad = try await api.bookAppointment(path: .init(code: "CC"), body: .json(.init(
                queue: "nope", day: "2026-09-29", start: "9h", documentType: .residentId, documentNumber: "440113201410050010"
            )))
            #expect(Set(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) ?? []) == ["queue", "start", "documentNumber"])
            let closed = try await api.bookAppointment(path: .init(code: "CC"), body: .json(Self.booking(1, day: "2026-10-01")))
            #expect(try closed.unprocessableContent.body.applicationProblemJson.detail.contains("2026年10月1日不办公，不能预约"))

            // Ten people book the same 4-place slot at once: four get it, six are told it is full.
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 1...10 {
                    group.addTask {
                        switch try await api.bookAppointment(path: .init(code: "CC"), body: .json(Self.booking(n))) {
                        case .created: true
                        case .conflict: false
                        default: throw Unexpected(description: "a booking was neither made nor refused as full")
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 4 && outcomes.filter { !$0 }.count == 6)
            let ten = try await slots("2026-09-29").slots.first { $0.start == "10:00" }
            #expect(ten?.remaining == 0 && ten?.bookable == false)
            let full = try await api.bookAppointment(path: .init(code: "CC"), body: .json(Self.booking(11))).conflict
            #expect(try full.body.applicationProblemJson.detail == "2026年9月29日 10:00–10:30 已约满，请选择其他时段")

            // Person 20 books 11:00, moves it to 14:00 with their ID (not with another's), then cancels.
            let booked = try await api.bookAppointment(path: .init(code: "CC"), body: .json(Self.booking(20, start: "11:00"))).created.body.json
            #expect(booked.state == .booked && booked.documentNumberMasked == "4406**********" + String(Fixtures.residentID(20).suffix(4)))
            _ = try await api.rescheduleAppointment(path: .init(id: booked.id),
                                                   body: .json(.init(documentNumber: Fixtures.residentID(21), day: "2026-09-29", start: "14:00"))).notFound
            let moved = try await api.rescheduleAppointment(path: .init(id: booked.id),
                                                           body: .json(.init(documentNumber: Fixtures.residentID(20).lowercased(), day: "2026-09-29", start: "14:00")))
            #expect(try moved.ok.body.json.start == "14:00")
            #expect(try await api.cancelAppointment(path: .init(id: booked.id), body: .json(.init(documentNumber: Fixtures.residentID(20)))).ok.body.json.state == .cancelled)
            _ = try await api.cancelAppointment(path: .init(id: booked.id), body: .json(.init(documentNumber: Fixtures.residentID(20)))).conflict
            #expect(try await api.getAppointment(path: .init(id: booked.id)).ok.body.json.stateLabel == "已取消")

            // Check-in: person 30 booked 09:30 today. At 09:00 it is too early; at 09:20 the
            // ticket is called before the one taken at 09:00.
            _ = try await api.bookAppointment(path: .init(code: "CC"), body: .json(Self.booking(30, day: "2026-09-28", start: "09:30"))).created
            let checkIn = Components.Schemas.CheckInBody(documentType: .residentId, documentNumber: Fixtures.residentID(30))
            let early = try await kiosk.checkInAppointment(path: .init(code: "CC"), body: .json(checkIn)).conflict
            #expect(try early.body.applicationProblemJson.detail == "您预约的是 09:30–10:00，请于 09:15 后签到")
            let none = try await kiosk.checkInAppointment(path: .init(code: "CC"), body: .json(.init(documentType: .residentId, documentNumber: Fixtures.residentID(31))))
            #expect(try none.conflict.body.applicationProblemJson.detail.contains("没有待签到的预约"))
            _ = try await kiosk.issueTicket(path: .init(code: "CC"), body: .json(.init(queue: "social", documentType: .residentId, documentNumber: "44011320141005001X"))).created
            clock.advance(by: 20 * 60)
            let ticket = try await kiosk.checkInAppointment(path: .init(code: "CC"), body: .json(checkIn)).created.body.json
            #expect(ticket.number == "A002" && ticket.appointment != nil && ticket.ahead == 0)
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            #expect(try await clerk.callNext(path: .init(window: "1")).ok.body.json.number == "A002")
            _ = try await kiosk.checkInAppointment(path: .init(code: "CC"), body: .json(checkIn)).conflict

            // The hall's list for its staff, masked.
            let list = try await clerk.listAppointments(path: .init(code: "CC"), query: .init(day: "2026-09-29")).ok.body.json.items
            #expect(list.count == 5 && list.filter { $0.state == .booked }.count == 4)
            #expect(!list.contains { $0.documentNumberMasked.contains(Fixtures.residentID(1)) })
        }
    }
}

struct Unexpected: Error, CustomStringConvertible {
    var description: String
}
