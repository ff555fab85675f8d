import Foundation
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// An appointment's text messages (issue 15 §5): booked at once, a reminder at 18:00 the day
/// before, cancelled — written with the booking's own transaction; a cancellation or a move
/// withdraws the reminder that has not gone out.
@Suite struct TypedAppointmentMessageTests {
    @Test(arguments: TestDatabaseKind.available)
    func bookedRemindedMovedAndCancelled(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(ClientHarness.start) // Monday 28 September 2026, 09:00
        try await ClientHarness.run(kind, clock: clock) { client, app in
            let api = Client.router(client)
            let outbox = app.services.notifications.repository
            func messages() async throws -> [OutboxMessage] { try await outbox.list(limit: 50, offset: 0).messages }

            // A phone that is not a mobile number is named; nothing is booked or sent.
            var body = TypedAppointmentTests.booking(30, day: "2026-09-30", start: "10:00")
            body.phone = "0757-1234"
            let bad = try await api.bookAppointment(path: .init(code: "CC"), body: .json(body)).unprocessableContent.body.applicationProblemJson
            #expect(bad.errors?.map(\.path) == ["phone"])
            #expect(try await messages().isEmpty)

            body.phone = "139 0000 1111"
            let booked = try await api.bookAppointment(path: .init(code: "CC"), body: .json(body)).created.body.json
            var sent = try await messages()
            let confirmation = try #require(sent.first { $0.message.template == "appointment-booked" })
            #expect(confirmation.message.recipient == "13900001111" && confirmation.message.body.contains(booked.id) && confirmation.message.body.contains("10:00"))
            // The reminder waits for 18:00 on Tuesday 29 September (China time).
            let reminder = try #require(sent.first { $0.message.template == "appointment-reminder" })
            #expect(reminder.notBefore == 1_790_676_000 && reminder.state == .queued)

            // Moved to 14:00 the same day: the 10:00 reminder is withdrawn, one for 14:00 waits instead.
            _ = try await api.rescheduleAppointment(path: .init(id: booked.id), body: .json(.init(documentNumber: Fixtures.residentID(30), day: "2026-09-30",
                                                                                               start: "14:00"))).ok
            sent = try await messages()
            #expect(sent.first { $0.id == reminder.id }?.state == .cancelled)
            let reminders = sent.filter { $0.message.template == "appointment-reminder" && $0.state == .queued }
            #expect(reminders.count == 1 && reminders[0].message.body.contains("14:00") && reminders[0].notBefore == 1_790_676_000)

            // Cancelled: that reminder is withdrawn too, and the holder told.
            _ = try await api.cancelAppointment(path: .init(id: booked.id), body: .json(.init(documentNumber: Fixtures.residentID(30)))).ok
            sent = try await messages()
            #expect(sent.filter { $0.message.template == "appointment-reminder" }.allSatisfy { $0.state == .cancelled })
            #expect(sent.contains { $0.message.template == "appointment-cancelled" && $0.message.recipient == "13900001111" })

            // Booked after 18:00 the evening before: no reminder, only the confirmation.
            clock.advance(by: 10 * 3_600) // Monday 19:00
            var late = TypedAppointmentTests.booking(31, day: "2026-09-29", start: "09:00")
            late.phone = "13900002222"
            _ = try await api.bookAppointment(path: .init(code: "CC"), body: .json(late)).created
            sent = try await messages()
            #expect(sent.filter { $0.message.recipient == "13900002222" }.map(\.message.template) == ["appointment-booked"])
            // Without a phone: no message at all.
            _ = try await api.bookAppointment(path: .init(code: "CC"), body: .json(TypedAppointmentTests.booking(32, day: "2026-09-30"))).created
            #expect(try await messages().count == sent.count)
        }
    }
}
