import OneDoorCore
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Single-record writes to departments, halls and windows, on both databases.
@Suite struct OrganisationRepositoryTests {
    let admin = AuditActor(accountID: nil, name: "tester", client: "test")

    @Test(arguments: TestDatabaseKind.available)
    func departmentsAreCreatedAndEditedInPlace(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
            let civil = Department(code: "MZ", name: "禅城区民政局", uscc: "114406040070000387", region: "440604", phone: "0757-83000003")
            try await repository.saveDepartment(civil, by: admin, at: 1_100)
            var renamed = Fixtures.departments[0]
            renamed.phone = "0757-83999999"
            try await repository.saveDepartment(renamed, by: admin, at: 1_200)

            let departments = try await repository.organisation().departments
            // The edited department keeps its place; the new one goes last.
            #expect(departments.map(\.code) == ["SCJG", "WSJK", "MZ"])
            #expect(departments[0].phone == "0757-83999999")
            #expect(departments[2] == civil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aDepartmentWithItemsKeepsItsUSCC(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(), by: admin, at: 1_000)
            var changed = Fixtures.departments[0]
            changed.uscc = Fixtures.healthUSCC
            changed.region = "000000"
            let error = await #expect(throws: ValidationFailed.self) {
                try await repository.saveDepartment(changed, by: admin, at: 1_100)
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["uscc", "region"])
            #expect(try await repository.organisation().departments[0] == Fixtures.departments[0])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func hallsAndWindowsAreManagedOneByOne(_ kind: TestDatabaseKind) async throws {
        try await withTestDatabase(kind) { database in
            let repository = CatalogRepository(database: database)
            _ = try await repository.replace(with: Fixtures.document(items: []), by: admin, at: 1_000)
            var hall = Fixtures.halls[1]
            hall.openingHours.append(OpeningPeriod(weekday: 6, opens: "09:00", closes: "12:00"))
            try await repository.saveHall(hall, by: admin, at: 1_100)
            try await repository.saveWindow(ServiceWindow(hall: "ZM", number: "2", categories: ["business"]), by: admin, at: 1_200)
            try await repository.saveWindow(ServiceWindow(hall: "ZM", number: "1", categories: ["business", "social"]), by: admin, at: 1_300)

            var organisation = try await repository.organisation()
            #expect(organisation.halls[1].openingHours.count == 6)
            #expect(organisation.windows.filter { $0.hall == "ZM" } == [
                ServiceWindow(hall: "ZM", number: "1", categories: ["business", "social"]),
                ServiceWindow(hall: "ZM", number: "2", categories: ["business"]),
            ])

            try await repository.deleteWindow(hall: "ZM", number: "2", by: admin, at: 1_400)
            organisation = try await repository.organisation()
            #expect(organisation.windows.filter { $0.hall == "ZM" }.map(\.number) == ["1"])
            await #expect(throws: OrganisationError.windowNotFound(hall: "ZM", number: "2")) {
                try await repository.deleteWindow(hall: "ZM", number: "2", by: admin, at: 1_500)
            }

            let error = await #expect(throws: ValidationFailed.self) {
                try await repository.saveWindow(ServiceWindow(hall: "XX", number: "", categories: ["nope"]), by: admin, at: 1_600)
            }
            #expect(Set(error?.problems.map(\.path) ?? []) == ["hall", "number", "categories[0]"])

            let actions = try await AuditRepository(database: database).list(PageRequest(page: 1, pageSize: 10)).0.map(\.action)
            #expect(actions.prefix(4) == ["window.delete", "window.update", "window.create", "hall.update"])
        }
    }
}
