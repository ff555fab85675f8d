import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// 绩效考核 (issue 18 §4), on SQLite and PostgreSQL: a clerk's month — a visit served (and rated
/// 差评 at the window), a case accepted and sent back by the back office, a complaint about them
/// found true — and their department's; everyone's for supervisors (page, CSV, API), one's own
/// for the clerk.
@Suite struct PerformanceTests {
    @Test(arguments: TestDatabaseKind.available)
    func aClerksMonthAndTheirDepartments(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerk = try await client.token(.clerk), kiosk = try await client.kioskToken()
            // A visit served at window 1, rated 差评 there.
            let issued = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody()).body)
            let ticket = try #require(issued["id"] as? String)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            #expect(try await client.json("/api/v1/tickets/\(ticket)/actions/start", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            clock.advance(by: 300)
            #expect(try await client.json("/api/v1/tickets/\(ticket)/actions/finish", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            _ = try await app.services.ratings.rateTicket(ticket, hall: "CC", window: "1", RatingInput(level: 2, reasons: ["slow"], channel: .window))
            // A case accepted, then sent back to 受理 by the department; a second one refused.
            let opened = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake()).body)
            let number = try #require((opened["case"] as? [String: Any])?["number"] as? String)
            _ = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk),
                                      body: CaseAPITests.intake().replacingOccurrences(of: #""outcome":"accept""#, with: #""outcome":"refuse","refusal":"不属于本机关职权范围""#))
            let approver = try await client.token(.approver)
            #expect(try await CaseAPITests.act(client, number, "undertake", approver, #"{"opinion":"拟准予"}"#).status == .ok)
            #expect(try await CaseAPITests.act(client, number, "send-back", approver, #"{"opinion":"营业执照复印件未核对原件"}"#).status == .ok)
            // A complaint about the clerk, found true.
            let supervisorToken = try await client.token(.supervisor)
            let filed = try JSON.object(try await client.json("/api/v1/complaints", method: .post, body: #"""
                {"kind":"complaint","category":"attitude","content":"1号窗口工作人员态度生硬","name":"李四","phone":"13900139000","hall":"CC","window":"1","staffNumber":"N-clerk"}
                """#).body)
            let complaint = try #require(filed["number"] as? String)
            #expect(try await client.json("/api/v1/complaints/\(complaint)/actions/assign", method: .post, token: supervisorToken,
                                          body: #"{"category":"attitude","hall":"CC"}"#).status == .ok)
            #expect(try await client.json("/api/v1/complaints/\(complaint)/actions/reply", method: .post, token: try await client.token(.clerk),
                                          body: #"{"reply":"经核实属实，已批评教育","finding":"upheld"}"#).status == .ok)

            // Supervisors: everyone's month, by API, page and CSV.
            let staff = try JSON.object(try await client.json("/api/v1/performance/staff?month=2026-09", token: supervisorToken).body)
            let row = try #require((staff["staff"] as? [[String: Any]])?.first { $0["staffNumber"] as? String == "N-clerk" })
            #expect(row["ticketsServed"] as? Int == 1 && row["averageServiceSeconds"] as? Double == 300, "\(row)")
            #expect(row["casesReceived"] as? Int == 2 && row["casesAccepted"] as? Int == 1 && row["sentBack"] as? Int == 1, "\(row)")
            #expect(row["ratings"] as? Int == 1 && row["negative"] as? Int == 1 && row["complaintsUpheld"] as? Int == 1, "\(row)")
            let departments = try JSON.object(try await client.json("/api/v1/performance/departments?month=2026-09", token: supervisorToken).body)
            let scjg = try #require((departments["departments"] as? [[String: Any]])?.first { $0["department"] as? String == "SCJG" })
            #expect(scjg["received"] as? Int == 2 && scjg["concluded"] as? Int == 0)
            #expect(try await client.json("/api/v1/performance/staff?month=2026-9", token: supervisorToken).status == .unprocessableContent)
            #expect(try await client.json("/api/v1/performance/staff", token: try await client.token(.clerk)).status == .forbidden)
            #expect(try await client.json("/api/v1/performance/departments", token: approver).status == .forbidden)

            let supervisor = try await client.signIn(.supervisor)
            let page = String(buffer: try await client.page("/performance?month=2026-09", supervisor).body)
            #expect(page.contains(#"<tr data-staff="N-clerk">"#) && page.contains(#"data-figure="sent-back">1<"#) && page.contains(#"data-department="SCJG""#))
            let csv = try await client.page("/performance/staff.csv?month=2026-09", supervisor)
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && lines.first?.hasPrefix("\u{FEFF}工号,姓名,岗位") == true)
            #expect(lines.contains { $0.hasPrefix("N-clerk,") && $0.contains(",1,5.0,2,1,0,1,") }, "\(lines)")
            #expect(String(buffer: try await client.page("/performance/departments.csv?month=2026-09", supervisor).body).contains("SCJG,"))
            #expect(String(buffer: try await client.page("/performance/staff/N-clerk", supervisor).body).contains(#"data-figure="complaints">1<"#))

            // The clerk: their own page, nobody else's, not the month of everyone.
            let mine = try await client.signIn(.clerk)
            let own = String(buffer: try await client.page("/performance/me", mine).body)
            #expect(own.contains("N-clerk") && own.contains(#"data-figure="tickets">1<"#) && own.contains(#"data-figure="negative">1<"#))
            #expect(try await client.page("/performance/staff/N-approver", mine).status == .forbidden)
            #expect(try await client.page("/performance", mine).status == .forbidden)
            #expect(try await client.page("/performance/staff/N-nobody", supervisor).status == .notFound)
        }
    }
}
