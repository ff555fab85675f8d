import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Organisation and account writes through the generated client.
@Suite struct TypedAdminTests {
    @Test(arguments: TestDatabaseKind.available)
    func organisationWrites(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let admin = try await ClientHarness.signedIn(client, "admin")
            // Every problem named, with its field.
            let bad = try await admin.saveDepartment(path: .init(code: "MZ"), body: .json(.init(name: "", uscc: "114406040070000388", region: "000000")))
            #expect(Set(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) ?? []) == ["name", "uscc", "region"])

            let saved = try await admin.saveDepartment(path: .init(code: "MZ"), body: .json(.init(
                name: "禅城区民政局", uscc: "114406040070000387", region: "440604", phone: "0757-83000003"
            ))).ok.body.json
            #expect(saved.code == "MZ" && saved.name == "禅城区民政局")
            #expect(try await admin.listDepartments().ok.body.json.total == 3)

            let hall = Components.Schemas.HallFields(
                name: "南庄镇便民服务中心", level: .town, region: "440604", address: "南庄大道 1 号",
                openingHours: [.init(weekday: 1, opens: "09:00", closes: "17:00")]
            )
            #expect(try await admin.saveHall(path: .init(code: "NZ"), body: .json(hall)).ok.body.json.level == .town)
            let unknownCategory = try await admin.saveWindow(path: .init(code: "NZ", number: "1"), body: .json(.init(categories: ["social", "nope"])))
            #expect(try unknownCategory.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["categories[1]"])
            #expect(try await admin.saveWindow(path: .init(code: "NZ", number: "1"), body: .json(.init(categories: ["social"]))).ok.body.json.number == "1")
            #expect(app.catalog.snapshot.organisation.windows.contains(ServiceWindow(hall: "NZ", number: "1", categories: ["social"])))
            _ = try await admin.deleteWindow(path: .init(code: "NZ", number: "1")).noContent
            _ = try await admin.deleteWindow(path: .init(code: "NZ", number: "1")).notFound
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func accountWrites(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let admin = try await ClientHarness.signedIn(client, "admin")
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let supervisor = try await ClientHarness.signedIn(client, "supervisor")
            #expect(try await supervisor.listAccounts().ok.body.json.items.contains { $0.username == "clerk" })

            let disabled = try await admin.updateAccount(path: .init(username: "clerk"), body: .json(.init(
                displayName: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC", disabled: true
            ))).ok.body.json
            #expect(disabled.disabled)
            // The disabled account's token is dead at once.
            _ = try await clerk.listHallCases(path: .init(code: "CC")).unauthorized

            // The last active administrator cannot disable themselves; an unknown account is unknown.
            _ = try await admin.updateAccount(path: .init(username: "admin"), body: .json(.init(
                displayName: "管理员", staffNumber: "M001", role: .admin, disabled: true
            ))).unprocessableContent
            _ = try await admin.updateAccount(path: .init(username: "ghost"), body: .json(.init(displayName: "x", staffNumber: "x", role: .admin))).notFound

            _ = try await admin.setAccountPassword(path: .init(username: "undertaker"), body: .json(.init(password: "short"))).unprocessableContent
            _ = try await admin.setAccountPassword(path: .init(username: "undertaker"), body: .json(.init(password: "another-password"))).noContent
            let session = try await Client.router(client).createSession(body: .json(.init(username: "undertaker", password: "another-password")))
            #expect(try session.created.body.json.token.isEmpty == false)
        }
    }
}
