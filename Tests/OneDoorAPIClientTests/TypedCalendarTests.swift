import Foundation
import OneDoorTestSupport
import Testing

/// The checks anyone can call — deadlines, working-day counts, ID numbers and USCCs — and the
/// calendar years administrators load, through the generated client.
@Suite struct TypedCalendarTests {
    @Test(arguments: TestDatabaseKind.available)
    func deadlinesAndCounts(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            // National Day week: five working days from Monday 28 September end on Saturday 10 October (调休).
            #expect(try await api.calendarDeadline(query: .init(from: "2026-09-28", days: 5, unit: .working)).ok.body.json.deadline == "2026-10-10")
            let plain = try await api.calendarDeadline(query: .init(from: "2026-09-28", days: 5)).ok.body.json
            #expect(plain.deadline == "2026-10-10" && plain.unit == .working)
            #expect(try await api.calendarDeadline(query: .init(from: "2026-09-28", days: 3, unit: .calendar)).ok.body.json.deadline == "2026-10-08")
            #expect(try await api.calendarWorkingDays(query: .init(from: "2026-09-28", to: "2026-10-10")).ok.body.json.workingDays == 6)

            let unknown = try await api.calendarDeadline(query: .init(from: "2026-12-15", days: 30)).unprocessableContent.body.applicationProblemJson
            #expect(unknown.detail.contains("2027 年的节假日安排尚未加载"))
            let bad = try await api.calendarWorkingDays(query: .init(from: "2026-13-01", to: "tomorrow")).badRequest.body.applicationProblemJson
            #expect(Set(bad.errors?.map(\.path) ?? []) == ["from", "to"])
            _ = try await api.calendarDeadline(query: .init(from: "2026-09-28", days: -1)).badRequest
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func administratorsLoadAYear(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let years = try await Client.router(client).listCalendarYears().ok.body.json.items
            #expect(years.map(\.year) == [2024, 2025, 2026])
            #expect(years.last?.holidays.contains("2026-10-01/2026-10-07") == true && years.last?.shipped == true)

            let admin = try await ClientHarness.signedIn(client, "admin")
            let bad = try await admin.loadCalendarYear(path: .init(year: 2027), body: .json(.init(year: 2027, holidays: ["2027-02-30"], workdays: ["2027-03-03"])))
            #expect(try bad.unprocessableContent.body.applicationProblemJson.errors?.map(\.path) == ["holidays[0]", "workdays[0]"])

            let good = try await admin.loadCalendarYear(path: .init(year: 2027), body: .json(.init(year: 2027, source: "测试安排", holidays: ["2027-01-01"], workdays: [])))
            #expect(try good.ok.body.json.shipped == false)
            #expect(try await admin.calendarDeadline(query: .init(from: "2026-12-15", days: 30)).ok.body.json.deadline == "2027-01-27")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func identifierChecks(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let api = Client.router(client)
            let id = try await api.checkResidentID(path: .init(value: "11010519491231002x")).ok.body.json
            #expect(id.valid && id.normalized == "11010519491231002X" && id.birthDate == "1949-12-31" && id.gender == .female && id.regionCode == "110105")
            let old = try await api.checkResidentID(path: .init(value: "610104620927690")).ok.body.json
            #expect(old.normalized == "610104196209276908" && old.upgradedFrom15)
            let wrong = try await api.checkResidentID(path: .init(value: "36042619910102009X")).ok.body.json
            #expect(!wrong.valid && wrong.problems == ["校验位应为“3”，实为“X”"] && wrong.birthDate == nil)

            #expect(try await api.checkUSCC(path: .init(value: "91350100M000100Y43")).ok.body.json.valid)
            let pilot = try await api.checkUSCC(path: .init(value: "91350100M0001TGQXM")).ok.body.json
            #expect(!pilot.valid && pilot.onlyChecksumFailed)
        }
    }
}
