import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// 投诉、举报、咨询、建议 (issue 18 §2) through the API and the pages, on SQLite and PostgreSQL:
/// filed online about a case it goes to the case's department at once and the complainant gets
/// its number and query code; an anonymous report waits for a supervisor to assign it; the owner
/// replies (with a finding), the complainant follows and rates it with the code; a wrong code is
/// an unknown number; supervisors see it escalated once overdue and may order (督办) on it.
@Suite struct ComplaintTests {
    @Test(arguments: TestDatabaseKind.available)
    func filedFollowedRepliedAndRated(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start) // Monday 28 September 2026, 09:00
        try await TestApp.run(kind, clock: clock) { client, app in
            let clerk = try await client.token(.clerk)
            let opened = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: CaseAPITests.intake()).body)
            let number = try #require((opened["case"] as? [String: Any])?["number"] as? String)

            // Online, about the case: to SCJG at once, ten working days; the receipt by SMS.
            let filed = try await client.json("/api/v1/complaints", method: .post, body: #"""
                {"kind":"complaint","category":"delay","content":"材料齐全却迟迟不受理","name":"李四","phone":"13900139000","case":"\#(number)"}
                """#)
            #expect(filed.status == .created)
            let receipt = try JSON.object(filed.body)
            let complaintNumber = try #require(receipt["number"] as? String), code = try #require(receipt["queryCode"] as? String)
            #expect(receipt["state"] as? String == "assigned" && complaintNumber.hasPrefix("TS20260928"))
            let outbox = try await OutboxRepository(database: app.cases.repository.database).messages(to: ["13900139000"], limit: 10, offset: 0).messages
            #expect(outbox.map(\.message.template) == ["complaint-received"] && outbox.first?.message.body.contains(code) == true)

            // Bad filings name every problem; a second anonymous complaint is refused, an anonymous report taken.
            let bad = try await client.json("/api/v1/complaints", method: .post, body: #"{"kind":"complaint","content":"","anonymous":true,"case":"CC-20260928-09999"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set(try JSON.problemPaths(bad.body)) == ["content", "anonymous", "caseNumber"])
            let report = try await client.json("/api/v1/complaints", method: .post, body: #"""
                {"kind":"report","content":"3号窗口工作人员暗示送礼","anonymous":true,"hall":"CC","window":"3","name":"不留","phone":"13900139001"}
                """#)
            #expect(try report.status == .created && JSON.object(report.body)["state"] as? String == "received")
            // Desk and phone filings need staff.
            #expect(try await client.json("/api/v1/complaints", method: .post, body: #"{"kind":"consultation","channel":"phone","content":"问","name":"王","phone":"13900139002"}"#).status == .unprocessableContent)

            // The complainant follows it; a wrong code is an unknown number.
            let follow = try await client.json("/api/v1/complaints/\(complaintNumber)?code=\(code)")
            #expect(try follow.status == .ok && JSON.object(follow.body)["state"] as? String == "assigned")
            let wrong = try await client.json("/api/v1/complaints/\(complaintNumber)?code=\(code == "000000" ? "000001" : "000000")")
            let unknown = try await client.json("/api/v1/complaints/TS20260928999999?code=\(code)")
            #expect(wrong.status == .notFound && unknown.status == .notFound)
            #expect(try JSON.object(wrong.body)["detail"] as? String == JSON.object(unknown.body)["detail"] as? String)

            // Lists: the department has the case's; supervisors see the report waiting first.
            let supervisor = try await client.token(.supervisor), approver = try await client.token(.approver)
            let approverList = try JSON.object(try await client.json("/api/v1/complaints", token: approver).body)
            #expect((approverList["open"] as? [[String: Any]])?.map { $0["number"] as? String } == [complaintNumber])
            let supervisorList = try JSON.object(try await client.json("/api/v1/complaints", token: supervisor).body)
            let open = try #require(supervisorList["open"] as? [[String: Any]])
            #expect(open.count == 2 && open.first?["state"] as? String == "received" && open.first?["complainant"] == nil)
            #expect((open.last?["complainant"] as? String)?.contains("13900139000") == false)
            let reportNumber = try #require(open.first?["number"] as? String)

            // The supervisor assigns the report to the hall's windows; the hall's clerk replies.
            func act(_ number: String, _ action: String, _ body: String, _ token: String) async throws -> TestResponse {
                try await client.json("/api/v1/complaints/\(number)/actions/\(action)", method: .post, token: token, body: body)
            }
            #expect(try await act(reportNumber, "assign", #"{"category":"misconduct","hall":"CC"}"#, approver).status == .notFound)
            let missing = try await act(reportNumber, "assign", #"{}"#, supervisor)
            #expect(Set(try JSON.problemPaths(missing.body)) == ["category", "department"])
            #expect(try await act(reportNumber, "assign", #"{"category":"misconduct","hall":"CC","revision":1}"#, supervisor).status == .ok)
            let noFinding = try await act(reportNumber, "reply", #"{"reply":"已调查"}"#, clerk)
            #expect(Set(try JSON.problemPaths(noFinding.body)) == ["finding"])
            let replied = try await act(reportNumber, "reply", #"{"reply":"经调查属实，已调离窗口岗位","finding":"upheld"}"#, clerk)
            #expect(try replied.status == .ok && JSON.object(replied.body)["finding"] as? String == "upheld")

            // The department replies to the complaint; the complainant is told and rates it.
            #expect(try await act(complaintNumber, "reply", #"{"reply":"已受理并加快办理","finding":"partly","revision":9}"#, approver).status == .conflict)
            #expect(try await act(complaintNumber, "reply", #"{"reply":"已受理并加快办理","finding":"partly"}"#, approver).status == .ok)
            let told = try await OutboxRepository(database: app.cases.repository.database).messages(to: ["13900139000"], limit: 10, offset: 0).messages
            #expect(Set(told.map(\.message.template)) == ["complaint-received", "complaint-replied"])
            let unhappy = try await client.json("/api/v1/complaints/\(complaintNumber)/rating", method: .post, body: #"{"code":"\#(code)","satisfied":false}"#)
            #expect(unhappy.status == .unprocessableContent)
            let rated = try await client.json("/api/v1/complaints/\(complaintNumber)/rating", method: .post, body: #"{"code":"\#(code)","satisfied":true}"#)
            #expect((try JSON.object(rated.body))["state"] as? String == "closed")
            #expect(try await client.json("/api/v1/complaints/\(complaintNumber)/rating", method: .post, body: #"{"code":"\#(code)","satisfied":true}"#).status == .conflict)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aComplaintOverdueIsEscalatedAndSupervised(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, _ in
            // The clerk records a call at the desk page; the supervisor assigns it on its page.
            let clerk = try await client.signIn(.clerk)
            let recorded = try await client.post("/complaints/record", clerk, [("channel", "phone"), ("kind", "complaint"), ("content", "窗口午休时段无人值守"),
                                                                                ("name", "陈七"), ("phone", "13900139010"), ("hall", "CC")])
            #expect(recorded.status == .ok)
            let receipt = String(buffer: recorded.body)
            let number = try #require(receipt.range(of: #"TS[0-9]{14}"#, options: .regularExpression).map { String(receipt[$0]) })
            let supervisor = try await client.signIn(.supervisor)
            let list = String(buffer: try await client.page("/complaints", supervisor).body)
            let link = try #require(list.range(of: #"/complaints/[0-9]+"#, options: .regularExpression).map { String(list[$0]) })
            let page = String(buffer: try await client.page(link, supervisor).body)
            #expect(page.contains("电话") && page.contains("陈*") && !page.contains("13900139010") && page.contains(#"id="assign""#))
            #expect(try await client.post(link + "/actions/assign", supervisor, [("category", ""), ("department", "")]).status == .unprocessableContent)
            #expect(try await client.post(link + "/actions/assign", supervisor, [("category", "attitude"), ("department", "SCJG"), ("revision", "1")]).status == .seeOther)

            // Eleven working days on it is overdue: escalated in the overview and on its page; a 督办 follows.
            clock.advance(by: 25 * 86_400)
            let token = try await client.token(.supervisor)
            let overview = try JSON.object(try await client.json("/api/v1/supervision/overview", token: token).body)
            #expect(overview["complaintsOpen"] as? Int == 1 && overview["complaintsOverdue"] as? Int == 1)
            let supervisor2 = try await client.signIn(.supervisor)
            #expect(String(buffer: try await client.page(link, supervisor2).body).contains("已超期，已升级监察"))
            let id = String(link.split(separator: "/").last ?? "")
            let issued = try await client.json("/api/v1/supervision/orders", method: .post, token: token,
                                               body: #"{"subject":{"kind":"complaint","id":"\#(id)"},"instruction":"请于三日内答复来件人","dueOn":"2026-11-06"}"#)
            #expect(issued.status == .created)
            let approver = try await client.signIn(.approver)
            let approverPage = String(buffer: try await client.page(link, approver).body)
            #expect(approverPage.contains("请于三日内答复来件人") && approverPage.contains(#"id="reply""#))
            #expect(try await client.post(link + "/actions/reply", approver, [("reply", "已整改午休轮岗"), ("finding", "upheld"), ("revision", "2")]).status == .seeOther)
            // Replied: nothing more can be ordered on it; the public follow page shows the reply without staff names.
            #expect(try await client.json("/api/v1/supervision/orders", method: .post, token: token,
                                          body: #"{"subject":{"kind":"complaint","id":"\#(id)"},"instruction":"再督","dueOn":"2026-11-09"}"#).status == .conflict)
            let follow = try await client.page("/complaints/follow?number=\(number)&code=000000", nil)
            #expect(follow.status == .notFound)
        }
    }
}
