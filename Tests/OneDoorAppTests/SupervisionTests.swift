import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 电子监察 (issue 18 §3) through the API and the pages, on SQLite and PostgreSQL: the overview
/// lights a department's running cases and turns them red as the days pass; a supervisor's 督办
/// on a red case stands on the department's list and the overview until its approver answers;
/// bad orders, orders on ended cases, a second open order, stale and foreign answers are refused.
@Suite struct SupervisionTests {
    static func overview(_ client: any TestClientProtocol, _ token: String) async throws -> [String: Any] {
        let response = try await client.json("/api/v1/supervision/overview", token: token)
        #expect(response.status == .ok)
        return try JSON.object(response.body)
    }

    /// The number of a case the clerk opens through the API (`body`: an intake, accepted by default).
    static func open(_ client: any TestClientProtocol, _ clerk: String, _ body: String = CaseAPITests.intake()) async throws -> String {
        let opened = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: body).body)
        return try #require((opened["case"] as? [String: Any])?["number"] as? String)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aRedCaseIsSupervisedAndTheDepartmentAnswers(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, app in
            var clerk = try await client.token(.clerk), supervisor = try await client.token(.supervisor), approver = try await client.token(.approver)
            let number = try await Self.open(client, clerk)
            let refusedBody = CaseAPITests.intake().replacingOccurrences(of: #""outcome":"accept""#,
                                                                                               with: #""outcome":"refuse","refusal":"不属于本机关职权范围""#)
            let refusedNumber = try await Self.open(client, clerk, refusedBody)

            // A second case goes into a special procedure of five working days.
            let inspectedNumber = try await Self.open(client, clerk)
            #expect(try await CaseAPITests.act(client, inspectedNumber, "undertake", approver, #"{"opinion":"同意","revision":1}"#).status == .ok)
            #expect(try await CaseAPITests.act(client, inspectedNumber, "start-special-procedure", approver,
                                               #"{"kind":"inspection","expectedDays":5,"opinion":"现场核查","revision":2}"#).status == .ok)

            // Today both are green; the hall's figures are there.
            var figures = try await Self.overview(client, supervisor)
            #expect(figures["running"] as? Int == 2)
            #expect((figures["lights"] as? [String: Any])?["green"] as? Int == 2)
            let department = try #require((figures["departments"] as? [[String: Any]])?.first)
            #expect(department["department"] as? String == "SCJG" && department["awaitingUndertaking"] as? Int == 1)
            #expect(department["awaitingReview"] as? Int == 1 && department["paused"] as? Int == 1)
            #expect((figures["stuck"] as? [Any])?.isEmpty == true)
            #expect((figures["halls"] as? [[String: Any]])?.contains { $0["hall"] as? String == "CC" } == true)
            #expect(try await client.json("/api/v1/supervision/overview", token: approver).status == .forbidden)

            // Forty days on it is past its promised deadline (and its legal one): red in the overview.
            clock.advance(by: 40 * 86_400)
            (clerk, supervisor, approver) = (try await client.token(.clerk), try await client.token(.supervisor), try await client.token(.approver))
            figures = try await Self.overview(client, supervisor)
            let lights = try #require(figures["lights"] as? [String: Any])
            let late = (lights["red"] as? Int ?? 0) + (lights["overdue"] as? Int ?? 0)
            // The paused case keeps the light of the day its procedure started; it is stuck instead.
            #expect(late == 1 && lights["green"] as? Int == 1)
            let stuck = try #require((figures["stuck"] as? [[String: Any]])?.first)
            #expect(stuck["case"] as? String == inspectedNumber && stuck["procedure"] as? String == "检验")
            #expect((stuck["workingDaysOver"] as? Int ?? 0) > 10)
            #expect((figures["overdueCases"] as? [[String: Any]])?.count == lights["overdue"] as? Int)

            // Bad orders are named; an ended case, a clerk, an unknown case are refused.
            func issue(_ subject: String, _ instruction: String, _ due: String, token: String) async throws -> TestResponse {
                try await client.json("/api/v1/supervision/orders", method: .post, token: token,
                                      body: #"{"subject":{"kind":"case","id":"\#(subject)"},"instruction":"\#(instruction)","dueOn":"\#(due)"}"#)
            }
            let bad = try await issue(number, " ", "2026-11-01", token: supervisor)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try JSON.problemPaths(bad.body)) == ["instruction", "dueOn"])
            #expect(try await issue(number, "请说明", "2026-11-9", token: supervisor).status == .unprocessableContent)
            let ended = try await issue(refusedNumber, "请说明", "2026-11-10", token: supervisor)
            #expect(ended.status == .conflict)
            #expect(try await issue("CC-20260928-09999", "请说明", "2026-11-10", token: supervisor).status == .notFound)
            #expect(try await issue(number, "请说明", "2026-11-10", token: clerk).status == .forbidden)

            // The order; a second one while it waits is refused.
            let issued = try await issue(number, "超期未办结，请于期限内说明原因并办结", "2026-11-10", token: supervisor)
            #expect(issued.status == .created)
            let order = try JSON.object(issued.body)
            let id = try #require(order["id"] as? Int)
            #expect(order["state"] as? String == "open" && order["department"] as? String == "SCJG" && order["overdue"] as? Bool == false)
            #expect(try await issue(number, "再次督办", "2026-11-10", token: supervisor).status == .conflict)
            #expect(((try await Self.overview(client, supervisor))["orders"] as? [[String: Any]])?.count == 1)

            // On the department's list, not the hall's; answered by its approver from the revision seen.
            let listed = try JSON.object(try await client.json("/api/v1/supervision/orders", token: approver).body)
            #expect((listed["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            #expect((try JSON.object(try await client.json("/api/v1/supervision/orders", token: clerk).body)["items"] as? [Any])?.isEmpty == true)
            func answer(_ body: String, token: String) async throws -> TestResponse {
                try await client.json("/api/v1/supervision/orders/\(id)/answer", method: .post, token: token, body: body)
            }
            #expect(try await answer(#"{"reply":"已说明"}"#, token: clerk).status == .notFound)
            #expect(try await answer(#"{"reply":" "}"#, token: approver).status == .unprocessableContent)
            #expect(try await answer(#"{"reply":"已说明","revision":7}"#, token: approver).status == .conflict)
            let answered = try await answer(#"{"reply":"材料补正延误，已于今日作出决定","revision":1}"#, token: approver)
            #expect(answered.status == .ok)
            let reply = try JSON.object(answered.body)
            #expect(reply["state"] as? String == "answered" && reply["answeredLate"] as? Bool == false && (reply["repliedBy"] as? String)?.hasSuffix("（N-approver）") == true)
            #expect(try await answer(#"{"reply":"再答"}"#, token: approver).status == .conflict)
            clock.advance(by: 6)
            #expect(((try await Self.overview(client, supervisor))["orders"] as? [Any])?.isEmpty == true)
            // Once answered, another order may follow; answered after its day, it is marked late.
            #expect(try await issue(number, "请报送处理结果", "2026-11-09", token: supervisor).status == .created)
            clock.advance(by: 3 * 86_400)
            approver = try await client.token(.approver)
            let second = try #require((try JSON.object(try await client.json("/api/v1/supervision/orders", token: approver).body)["items"] as? [[String: Any]])?.first)
            #expect(second["overdue"] as? Bool == true)
            let lateReply = try await client.json("/api/v1/supervision/orders/\(second["id"] as? Int ?? 0)/answer", method: .post, token: approver,
                                                  body: #"{"reply":"已报送"}"#)
            #expect(try JSON.object(lateReply.body)["answeredLate"] as? Bool == true)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func thePagesIssueShowAndAnswerAnOrder(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, _ in
            let clerk = try await client.token(.clerk)
            let number = try await Self.open(client, clerk)
            clock.advance(by: 40 * 86_400)

            let supervisor = try await client.signIn(.supervisor)
            let overview = String(buffer: try await client.page("/supervision", supervisor).body)
            #expect(overview.contains(#"data-figure="running">1<"#) && overview.contains(#"<meta http-equiv="refresh""#))
            // Nothing received this month yet: no 即办 share to speak of.
            #expect(overview.contains(#"data-figure="immediate-share">—<"#))
            #expect(overview.contains("市场监督管理局") || overview.contains("SCJG"))
            // The case page offers the order; a missing due day is named.
            let casePage = String(buffer: try await client.page("/cases/\(number)", supervisor).body)
            #expect(casePage.contains(#"id="issue-order""#))
            let missing = try await client.post("/cases/\(number)/supervision", supervisor, [("instruction", "请说明超期原因"), ("dueOn", "")])
            #expect(missing.status == .unprocessableContent && String(buffer: missing.body).contains("请填写答复期限"))
            let issued = try await client.post("/cases/\(number)/supervision", supervisor, [("instruction", "请说明超期原因"), ("dueOn", "2026-11-10")])
            #expect(issued.status == .seeOther)
            let after = String(buffer: try await client.page("/cases/\(number)", supervisor).body)
            #expect(after.contains("请说明超期原因") && !after.contains(#"id="issue-order""#))

            // The department sees it on its queue and answers it.
            let approver = try await client.signIn(.approver)
            #expect(String(buffer: try await client.page("/cases", approver).body).contains("督办待答复 1 件"))
            let list = String(buffer: try await client.page("/supervision/orders", approver).body)
            let action = try #require(list.range(of: #"/supervision/orders/[0-9]+/answer"#, options: .regularExpression).map { String(list[$0]) })
            #expect(try await client.post(action, approver, [("reply", ""), ("revision", "1")]).status == .unprocessableContent)
            let answered = try await client.post(action, approver, [("reply", "已作出决定并告知申请人"), ("revision", "1")])
            #expect(answered.status == .seeOther && answered.headers[.location] == "/cases/\(number)#supervision")
            #expect(String(buffer: try await client.page("/cases/\(number)", approver).body).contains("已作出决定并告知申请人"))
            #expect(!String(buffer: try await client.page("/cases", approver).body).contains("督办待答复"))
            // Supervisors read the reply back.
            #expect(String(buffer: try await client.page("/supervision/orders", supervisor).body).contains("已作出决定并告知申请人"))
        }
    }

    /// 职责分离 watched from the records (issue 18 §3): a case taken through 承办, 审核 and 决定 by
    /// three people keeps who decided and counts nothing; one from an older system whose undertaker
    /// also decided it is counted in the month's figures and shown, marked, on the overview.
    @Test(arguments: TestDatabaseKind.available)
    func stepsTakenByOnePersonAreCountedFromTheRecords(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerk = try await client.token(.clerk)
            let number = CaseNumber(rawValue: try await Self.open(client, clerk))
            var people: [Identity] = []
            for username in ["approver"] + TestApp.secondApprovers { people.append(try await ThemeCaseTests.identity(app, username)) }
            let steps: [CaseAction] = [.undertake(opinion: "拟准予"), .review(opinion: "同意"), .decide(granted: true, opinion: "准予")]
            for (step, person) in zip(steps, people) { _ = try await app.cases.act(number, step, expectedRevision: nil, by: person, client: "t") }
            let (record, events) = try #require(try await app.cases.repository.findWithEvents(number))
            #expect(record.decidedBy == people[2].account.id && record.undertakenBy == people[0].account.id && !record.stepsShareHands)

            var imported = record
            imported.number = ""
            imported.decidedBy = record.undertakenBy
            #expect(imported.stepsShareHands)
            _ = try await app.cases.repository.importCases([(imported, events)], at: clock.now())
            let month = app.calendar.today.firstOfMonth
            let figures = try await app.services.caseStatistics.report(from: month, to: month, grouping: .month).total
            #expect(figures.received == 2 && figures.sharedHands == 1)

            let supervisor = try await client.signIn(.supervisor)
            let overview = String(buffer: try await client.page("/supervision", supervisor).body)
            #expect(overview.contains(#"<p class="notice warn"><span class="label">本月承办、审核、决定由同一人办理</span> <strong data-figure="shared-hands">1</strong>"#))
            let statistics = try await client.json("/api/v1/statistics/cases?from=2026-09&to=2026-09&by=month", token: try await client.token(.supervisor))
            #expect(String(buffer: statistics.body).contains(#""sharedHands":1"#))
        }
    }
}
