import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// "3 people ahead" (issue 15 §5): a holder who leaves a phone at the kiosk is told by SMS, once,
/// when a call leaves three or fewer waiting ahead; a bad number is named; nobody else is told.
@Suite struct TicketNearMessageTests {
    static func body(_ number: String, phone: String? = nil) -> String {
        #"{"queue":"social","documentType":"passport","documentNumber":"\#(number)"\#(phone.map { #","phone":"\#($0)""# } ?? "")}"#
    }

    @Test(arguments: TestDatabaseKind.available)
    func theHolderIsToldOnceWhenThreeWaitAhead(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let kiosk = try await client.kioskToken()
            let bad = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: Self.body("E0000000", phone: "12345"))
            #expect(bad.status == .unprocessableContent && String(buffer: bad.body).contains("\"phone\""))
            var ids: [String] = []
            for n in 1...6 {
                let issued = try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk,
                                                   body: Self.body("E000000\(n)", phone: n == 6 ? "138 0013 8006" : nil))
                #expect(issued.status == .created)
                ids.append(try #require(try JSON.object(issued.body)["id"] as? String))
            }
            let clerk = try await client.token(.clerk)
            func told() async throws -> [OutboxMessage] {
                try await app.services.notifications.repository.list(limit: 50, offset: 0).messages.filter { $0.message.template == "ticket-near" }
            }
            // Five ahead, then four: nothing yet.
            #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).status == .ok)
            #expect(try await told().isEmpty)
            // The second call leaves three ahead: told, at once, with the hall, number and queue.
            #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).status == .ok)
            let first = try await told()
            #expect(first.count == 1 && first[0].message.recipient == "13800138006" && first[0].message.urgent)
            #expect(first[0].message.body.contains("前面还有3人") && first[0].message.body.contains("禅城"))
            // Later calls do not tell again.
            for _ in 0..<3 { #expect(try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk).status == .ok) }
            #expect(try await told().count == 1)
            // The phone is the holder's: not on the ticket's public status.
            let status = String(buffer: try await client.page("/tickets/\(ids[5])", nil).body)
            #expect(!status.contains("13800138006") && !status.contains("138****8006"))
        }
    }

    /// At the kiosk: the number is optional, a wrong one is named and kept in the form to correct;
    /// a right one is on the ticket for the near message.
    @Test func theKioskTakesAPhoneForTheReminder() async throws {
        try await TestApp.run(.sqlite) { client, app in
            let device = try await client.kioskBrowser()
            let wrong = try await client.post("/halls/CC/kiosk", device, [
                ("queue", "social"), ("documentType", "passport"), ("documentNumber", "E7654321"), ("phone", "0757-1234"),
            ])
            let page = String(buffer: wrong.body)
            #expect(wrong.status == .unprocessableContent && page.contains("手机号码应为 11 位手机号") && page.contains("value=\"0757-1234\""))
            let issued = try await client.post("/halls/CC/kiosk", device, [
                ("queue", "social"), ("documentType", "passport"), ("documentNumber", "E7654321"), ("phone", "13800138007"),
            ])
            #expect(issued.status == .seeOther)
            let id = try #require(issued.headers[.location]?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            #expect(try await app.services.queues.repository.notifyPhone(ticket: id) == "13800138007")
        }
    }
}
