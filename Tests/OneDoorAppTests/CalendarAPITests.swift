import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The checks anyone can call: deadlines, working-day counts, ID numbers and USCCs.
@Suite struct CalendarAPITests {
    @Test(arguments: TestDatabaseKind.available)
    func deadlinesAndCounts(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let working = try JSON.object(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=5&unit=working").body)
            #expect(working["deadline"] as? String == "2026-10-10")
            let plain = try JSON.object(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=5").body)
            #expect(plain["deadline"] as? String == "2026-10-10")
            let calendarDays = try JSON.object(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=3&unit=calendar").body)
            #expect(calendarDays["deadline"] as? String == "2026-10-08")
            let count = try JSON.object(try await client.json("/api/v1/calendar/working-days?from=2026-09-28&to=2026-10-10").body)
            #expect(count["workingDays"] as? Int == 6)

            let unknown = try await client.json("/api/v1/calendar/deadline?from=2026-12-15&days=30")
            #expect(unknown.status == .unprocessableContent)
            #expect((try JSON.object(unknown.body)["detail"] as? String)?.contains("2027 年的节假日安排尚未加载") == true)

            let bad = try await client.json("/api/v1/calendar/working-days?from=2026-13-01&to=tomorrow")
            #expect(bad.status == .badRequest)
            let paths = Set(((try JSON.object(bad.body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
            #expect(paths == ["from", "to"])
            #expect(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=-1").status == .badRequest)
            #expect(try await client.json("/api/v1/calendar/deadline?from=2026-09-28&days=5&unit=lunar").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func administratorsLoadAYear(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let years = try JSON.object(try await client.json("/api/v1/calendar/years").body)
            #expect((years["items"] as? [[String: Any]])?.compactMap { $0["year"] as? Int } == [2024, 2025, 2026])
            let first = (years["items"] as? [[String: Any]])?.last
            #expect((first?["holidays"] as? [String])?.contains("2026-10-01/2026-10-07") == true)
            #expect(first?["shipped"] as? Bool == true)

            let token = try await client.token(.admin)
            let bad = try await client.json("/api/v1/calendar/years/2027", method: .put, token: token,
                                            body: #"{"year":2027,"holidays":["2027-02-30"],"workdays":["2027-03-03"]}"#)
            #expect(bad.status == .unprocessableContent)
            let paths = ((try JSON.object(bad.body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
            #expect(paths == ["holidays[0]", "workdays[0]"])

            let good = try await client.json("/api/v1/calendar/years/2027", method: .put, token: token,
                                             body: #"{"year":2027,"source":"测试安排","holidays":["2027-01-01"],"workdays":[]}"#)
            #expect(good.status == .ok)
            #expect(try JSON.object(good.body)["shipped"] as? Bool == false)
            let deadline = try JSON.object(try await client.json("/api/v1/calendar/deadline?from=2026-12-15&days=30").body)
            #expect(deadline["deadline"] as? String == "2027-01-27")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func identifierChecks(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let id = try JSON.object(try await client.json("/api/v1/identifiers/resident-id/11010519491231002x").body)
            #expect(id["valid"] as? Bool == true)
            #expect(id["normalized"] as? String == "11010519491231002X")
            #expect(id["birthDate"] as? String == "1949-12-31")
            #expect(id["gender"] as? String == "female")
            #expect(id["regionCode"] as? String == "110105")
            let old = try JSON.object(try await client.json("/api/v1/identifiers/resident-id/610104620927690").body)
            #expect(old["normalized"] as? String == "610104196209276908" && old["upgradedFrom15"] as? Bool == true)
            let wrong = try JSON.object(try await client.json("/api/v1/identifiers/resident-id/36042619910102009X").body)
            #expect(wrong["valid"] as? Bool == false)
            #expect(wrong["problems"] as? [String] == ["校验位应为“3”，实为“X”"])
            #expect(wrong["birthDate"] == nil)

            let uscc = try JSON.object(try await client.json("/api/v1/identifiers/uscc/91350100M000100Y43").body)
            #expect(uscc["valid"] as? Bool == true)
            let pilot = try JSON.object(try await client.json("/api/v1/identifiers/uscc/91350100M0001TGQXM").body)
            #expect(pilot["valid"] as? Bool == false && pilot["onlyChecksumFailed"] as? Bool == true)
        }
    }
}
