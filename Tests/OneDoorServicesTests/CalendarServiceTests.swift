import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

@Suite struct CalendarServiceTests {
    @Test func theProductShipsTheOfficialYears() {
        #expect(CalendarService.shippedYears.map(\.year) == [2024, 2025, 2026])
        #expect(CalendarService.shippedYears == CalendarFixtures.years)
    }

    @Test(arguments: TestDatabaseKind.available)
    func administratorsLoadTheNextYear(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let service = CalendarService(repository: CalendarRepository(database: database), clock: FixedClock(1_795_000_000))
            try await service.reload()
            #expect(service.calendar.loadedYears == 2024...2026)
            #expect(throws: CalendarNotLoaded.self) { try service.calendar.addingWorkingDays(30, to: CivilDate("2026-12-15")!) }

            // A gap is refused and nothing is stored.
            let gap = CalendarYear(year: 2028, holidays: [CivilDate("2028-01-01")!], workdays: [], source: "")
            let error = await #expect(throws: ValidationFailed.self) { try await service.load(gap, by: .system) }
            #expect(error?.problems.first?.reason.contains("应为 2027 年") == true)
            #expect(try await service.repository.years().isEmpty)

            // A made-up 2027 (the real one is published by the State Council): New Year's Day only.
            let next = CalendarYear(year: 2027, holidays: [CivilDate("2027-01-01")!], workdays: [], source: "测试")
            try await service.load(next, by: AuditActor(accountID: nil, name: "admin"))
            #expect(service.calendar.loadedYears == 2024...2027)
            // 15 December 2026 + 30 working days: 12 in December, 1 January off, the 18 others from 4 to 27 January.
            #expect(try service.calendar.addingWorkingDays(30, to: CivilDate("2026-12-15")!) == CivilDate("2027-01-27")!)
            #expect(service.years.last?.loadedBy == "admin")

            // The stored year survives a restart.
            let again = CalendarService(repository: CalendarRepository(database: database), clock: FixedClock(1_795_000_000))
            try await again.reload()
            #expect(again.calendar.loadedYears == 2024...2027)
        }
    }
}
