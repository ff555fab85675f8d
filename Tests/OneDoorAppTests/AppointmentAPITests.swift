import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// Bookings from one address are limited (the whole appointment flow through the generated
/// client is TypedAppointmentTests).
@Suite struct AppointmentAPITests {
    static func body(_ n: Int, day: String = "2026-09-29", start: String = "10:00", queue: String = "social") -> String {
        #"{"queue":"\#(queue)","day":"\#(day)","start":"\#(start)","documentType":"resident-id","documentNumber":"\#(Fixtures.residentID(n))"}"#
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
