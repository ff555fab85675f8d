import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// Booking online, the appointment's page with its cancel and reschedule forms, and the
/// kiosk's check-in, as pages without JavaScript.
@Suite struct AppointmentPagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func bookMoveCheckInAndCancelOnThePages(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, _ in
            let kioskBrowser = try await client.kioskBrowser()
            let person = Fixtures.residentID(40)
            // Today is the first open day; its 09:00 slot has begun and cannot be picked.
            let page = String(buffer: try await client.page("/halls/CC/appointments", nil).body)
            #expect(page.contains("9月28日 周一") && page.contains("10月1日 周四 休"))
            #expect(page.contains(#"value="09:00" required disabled"#) && page.contains(#"value="09:30" required "#))
            let tuesday = String(buffer: try await client.page("/halls/CC/appointments?queue=business&day=2026-09-29", nil).body)
            #expect(tuesday.contains(#"name="queue" value="business""#) && tuesday.contains("9月29日 周二 的时段") && tuesday.contains("余 4"))

            // Every problem named on the page, the form kept.
            let bad = try await client.post("/halls/CC/appointments", nil, [("queue", "social"), ("day", "2026-09-28"), ("documentType", "resident-id"), ("documentNumber", "123")])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"data-path="start""#) && badHTML.contains(#"data-path="documentNumber""#) && badHTML.contains(#"value="123""#))

            let booked = try await client.post("/halls/CC/appointments", nil, [
                ("queue", "social"), ("day", "2026-09-28"), ("start", "09:30"), ("documentType", "resident-id"), ("documentNumber", person),
            ])
            #expect(booked.status == .seeOther)
            let location = try #require(booked.headers[.location])
            #expect(location.hasPrefix("/appointments/") && location.hasSuffix("?done=booked"))
            let id = String(location.dropFirst("/appointments/".count).prefix(12))
            let shown = String(buffer: try await client.page(location, nil).body)
            #expect(shown.contains("预约成功") && shown.contains("9月28日 周一 09:30–10:00") && shown.contains("已预约"))
            #expect(shown.contains("请于 09:15–09:45") && shown.contains("<svg") && !shown.contains(person))

            // Moved to 10:30 with the holder's number; a wrong number is told, nothing moves.
            let wrong = try await client.post("/appointments/\(id)/reschedule", nil, [("day", "2026-09-28"), ("start", "10:30"), ("documentNumber", Fixtures.residentID(41))])
            #expect(wrong.status == .notFound && String(buffer: wrong.body).contains("证件号码与预约不符"))
            let moved = try await client.post("/appointments/\(id)/reschedule", nil, [("day", "2026-09-28"), ("start", "10:30"), ("documentNumber", person)])
            #expect(moved.status == .seeOther)
            let movedHTML = String(buffer: try await client.page(try #require(moved.headers[.location]), nil).body)
            #expect(movedHTML.contains(#"id="appointment-time">9月28日 周一 10:30–11:00<"#) && movedHTML.contains("已改约"))

            // Check-in at the kiosk at 10:20: a ticket marked as an appointment.
            clock.advance(by: 80 * 60)
            let checkIn = try await client.post("/halls/CC/kiosk/check-in", kioskBrowser, [("documentType", "resident-id"), ("documentNumber", person)])
            #expect(checkIn.status == .seeOther)
            let ticket = String(buffer: try await client.page(try #require(checkIn.headers[.location]), nil).body)
            #expect(ticket.contains("A001") && ticket.contains("优先（预约）"))
            let after = String(buffer: try await client.page("/appointments/\(id)", nil).body)
            #expect(after.contains("已签到取号") && after.contains("查看排队号") && !after.contains("取消预约</button>"))
            // Nobody else has one today: the kiosk says so.
            let none = try await client.post("/halls/CC/kiosk/check-in", kioskBrowser, [("documentType", "resident-id"), ("documentNumber", Fixtures.residentID(42))])
            #expect(none.status == .conflict && String(buffer: none.body).contains("没有待签到的预约"))

            // Another booking, cancelled on its page.
            let second = try await client.post("/halls/CC/appointments", nil, [
                ("queue", "business"), ("day", "2026-09-29"), ("start", "14:00"), ("documentType", "resident-id"), ("documentNumber", person),
            ])
            let secondID = String(try #require(second.headers[.location]).dropFirst("/appointments/".count).prefix(12))
            let cancel = try await client.post("/appointments/\(secondID)/cancel", nil, [("documentNumber", person)])
            #expect(cancel.headers[.location] == "/appointments/\(secondID)?done=cancelled")
            let cancelled = String(buffer: try await client.page("/appointments/\(secondID)?done=cancelled", nil).body)
            #expect(cancelled.contains("预约已取消") && cancelled.contains("已取消"))
            #expect(try await client.page("/appointments/nope", nil).status == .notFound)
        }
    }
}
