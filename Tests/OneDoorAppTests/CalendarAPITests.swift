import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// What the typed client cannot send (TypedCalendarTests has the rest): values outside the
/// document's enums.
@Suite struct CalendarAPITests {
    @Test(arguments: TestDatabaseKind.available)
    func anUnknownUnitIsRefused(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let lunar = try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=5&unit=lunar")
            #expect(lunar.status == .badRequest)
            #expect(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=5.5").status == .badRequest)
        }
    }
}
