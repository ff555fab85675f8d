import Foundation
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// Case lists with search (case number, applicant name, masked ID number, item) and filters
/// (state, late, dates, hall, department) and their totals (issue 13 §2), scoped by the account.
@Suite struct CaseListTests {
    static func count(_ html: String) -> Int? {
        html.range(of: #"id="case-count">共 "#).flatMap { Int(html[$0.upperBound...].prefix { $0.isNumber }) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func searchAndFiltersNarrowTheListAndKeepTheScope(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerkToken = try await client.token(.clerk)
            for body in [CaseAPITests.intake(), CaseAPITests.intake(),
                         CaseAPITests.intake(outcome: "request-correction", id: "11010519491231002X", materials: #"[{"name":"食品经营许可申请书","received":true}]"#)
                            .replacingOccurrences(of: "张三", with: "李四")] {
                #expect(try await client.json("/api/v1/cases", method: .post, token: clerkToken, body: body).status == .created)
            }
            let clerk = try await client.signIn(.clerk)
            func total(_ query: String, _ session: WebSession) async throws -> Int? {
                Self.count(String(buffer: try await client.page("/cases?\(query)", session).body))
            }
            #expect(try await total("", clerk) == 3)
            #expect(try await total("q=CC-20260928-00001", clerk) == 1)
            #expect(try await total("q=cc-20260928-00002", clerk) == 1)
            #expect(try await total("q=%E5%BC%A0%E4%B8%89", clerk) == 2)  // 张三
            #expect(try await total("q=4401**********001X", clerk) == 2)
            #expect(try await total("q=1101**********002X", clerk) == 1)
            #expect(try await total("q=%E9%A3%9F%E5%93%81", clerk) == 3)  // 食品: the item's name
            #expect(try await total("q=%E7%8E%8B%E4%BA%94", clerk) == 0)  // 王五: nobody
            #expect(try await total("state=correction", clerk) == 1)
            #expect(try await total("state=accepted&q=%E5%BC%A0%E4%B8%89", clerk) == 2)
            #expect(try await total("from=2026-09-29", clerk) == 0)
            #expect(try await total("from=2026-09-28&to=2026-09-28", clerk) == 3)
            let bad = String(buffer: try await client.page("/cases?from=yesterday&to=2026-01-01", clerk).body)
            #expect(bad.contains("日期应为 YYYY-MM-DD"))
            // A clerk's list is their hall's, whatever the query says; supervisors choose.
            #expect(try await total("hall=ZM", clerk) == 3)
            let supervisor = try await client.signIn(.supervisor)
            #expect(try await total("hall=ZM", supervisor) == 0)
            #expect(try await total("hall=CC&department=SCJG", supervisor) == 3)
            // The approver's queue: only what waits for the department.
            #expect(try await total("", try await client.signIn(.approver)) == 2)

            // Lights: both running cases are green today; on 9 Oct one working day is left (yellow).
            #expect(try await total("late=green", supervisor) == 2)
            #expect(try await total("late=yellow", supervisor) == 0)
            clock.advance(by: 11 * 86_400)
            let ninth = try await client.signIn(.supervisor)
            #expect(try await total("late=yellow", ninth) == 2)
            #expect(try await total("late=green", ninth) == 0)
            #expect(try await total("late=yellow&q=%E6%9D%8E%E5%9B%9B", ninth) == 0)  // 李四's case waits for 补正: no light
            // A month on, the promised deadline (10 Oct) has passed, the legal one (30 Oct) not.
            clock.advance(by: 14 * 86_400)
            let later = try await client.signIn(.supervisor)
            #expect(try await total("late=red", later) == 2)
            #expect(try await total("late=overdue", later) == 0)
            clock.advance(by: 10 * 86_400)
            #expect(try await total("late=overdue", try await client.signIn(.supervisor)) == 2)
            _ = app
        }
    }
}
