import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Cases through the API: a clerk at a town hall accepts a 承诺件 of a district department, the
/// approver takes it to a decision, the applicant follows it with the query code.
@Suite struct CaseAPITests {
    static let food = Fixtures.foodLicence().implementationCode

    static func intake(outcome: String = "accept", id: String = "44011320141005001x", materials: String? = nil) -> String {
        let list = materials ?? #"[{"name":"食品经营许可申请书","received":true,"pages":2},{"name":"营业执照","received":true,"original":false},{"name":"经营场所平面图","received":false,"dueDate":"2026-10-15"}]"#
        return #"{"item":"\#(food)","applicant":{"person":{"name":"张三","documentType":"resident-id","documentNumber":"\#(id)","phone":"13800138000"}},"window":"1","materials":\#(list),"outcome":"\#(outcome)"}"#
    }

    /// A clerk of the town hall ZM, signed in through the API.
    static func townClerk(_ client: any TestClientProtocol, _ app: OneDoorApplication) async throws -> String {
        let account = StaffAccount(username: "zm-clerk", displayName: "祖庙窗口", staffNumber: "ZM001", role: .clerk, hall: "ZM")
        _ = try await app.auth.createAccount(account, password: "password-zm-clerk", by: .system)
        let response = try await client.json("/api/v1/session", method: .post, body: #"{"username":"zm-clerk","password":"password-zm-clerk"}"#)
        return try JSON.object(response.body)["token"] as! String
    }

    static func act(_ client: any TestClientProtocol, _ number: String, _ action: String, _ token: String, _ body: String) async throws -> TestResponse {
        try await client.json("/api/v1/cases/\(number)/actions/\(action)", method: .post, token: token, body: body)
    }

    @Test(arguments: TestDatabaseKind.available)
    func fromAnyWindowToTheDecisionAndTheApplicantSeesEveryStep(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await Self.townClerk(client, app)
            let created = try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake())
            #expect(created.status == .created)
            let detail = try JSON.object(created.body)
            let record = try #require(detail["case"] as? [String: Any])
            let number = try #require(record["number"] as? String)
            let code = try #require(record["queryCode"] as? String)
            #expect(number == "ZM-20260928-00001")
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            #expect(record["department"] as? String == "SCJG" && record["state"] as? String == "accepted")
            #expect(record["promisedDeadline"] as? String == "2026-10-10" && record["legalDeadline"] as? String == "2026-10-30")
            #expect(detail["light"] as? String == "green")
            #expect(detail["progressPath"] as? String == "/progress/\(number)?code=\(code)")
            let second = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake()).body)
            #expect((second["case"] as? [String: Any])?["number"] as? String == "ZM-20260928-00002")

            // The approver's queue: most urgent first, ID numbers masked.
            let approver = try await client.token(.approver)
            let queue = try JSON.object(try await client.json("/api/v1/departments/SCJG/cases", token: approver).body)
            #expect(queue["total"] as? Int == 2)
            let first = (queue["items"] as? [[String: Any]])?.first
            #expect(first?["applicantNumber"] as? String == "4401**********001X")
            #expect(first?["light"] as? String == "green")
            #expect(try await client.json("/api/v1/departments/WSJK/cases", token: approver).status == .forbidden)

            #expect(try await client.json("/api/v1/cases/\(number)", token: approver).status == .ok)
            // Three lookups: the service reads the case, then remembers it, then its encoded answer is replayed.
            var answers: [String] = []
            for _ in 0..<3 { answers.append(String(buffer: try await client.json("/api/v1/progress/\(number)?code=\(code)").body)) }
            #expect(answers[1] == answers[0] && answers[2] == answers[0])
            let before = try JSON.object(ByteBuffer(string: answers[2]))
            #expect(before["stateLabel"] as? String == "已受理")
            #expect(try await Self.act(client, number, "undertake", approver, #"{"revision":1,"opinion":"材料齐全，拟准予","attachments":["现场核查笔录","禅市监核〔2026〕12号"]}"#).status == .ok)
            // The lookup shows the change at once (the answer kept for repeat lookups is dropped).
            let after = try JSON.object(try await client.json("/api/v1/progress/\(number)?code=\(code)").body)
            #expect(after["stateLabel"] as? String == "已承办")
            // A page loaded before that change is stale.
            let stale = try await Self.act(client, number, "review", approver, #"{"revision":1,"opinion":"同意"}"#)
            #expect(stale.status == .conflict)
            // 职责分离: who undertook does not review.
            let same = try await Self.act(client, number, "review", approver, #"{"revision":2,"opinion":"同意"}"#)
            let sameDetail = try JSON.object(same.body)["detail"] as? String ?? ""
            #expect(same.status == .conflict && sameDetail.contains("承办、审核、决定须由不同人员办理"))
            #expect(try await Self.act(client, number, "review", try await client.token("reviewer"), #"{"revision":2,"opinion":"同意"}"#).status == .ok)
            let decider = try await client.token("decider")
            #expect(try await Self.act(client, number, "decide", decider, #"{"granted":true,"opinion":"准予许可"}"#).status == .ok)
            // The plan was accepted missing (容缺): no 办结 until it is handed in, at any window.
            #expect(try await Self.act(client, number, "conclude", decider, #"{"opinion":"许可证号 JY14406040000001"}"#).status == .conflict)
            let handedIn = try await Self.act(client, number, "receive-materials", clerk, #"{"materials":[{"name":"经营场所平面图","received":true,"pages":1}]}"#)
            #expect(handedIn.status == .ok)
            #expect(try await Self.act(client, number, "conclude", decider, #"{"opinion":"许可证号 JY14406040000001"}"#).status == .ok)
            // Any window hands the result over (统一窗口出件): here the district hall's clerk.
            let delivered = try await Self.act(client, number, "deliver", try await client.token(.clerk), #"{"method":"pickup"}"#)
            #expect(delivered.status == .ok)
            let events = try #require(try JSON.object(delivered.body)["events"] as? [[String: Any]])
            #expect(events.compactMap { $0["step"] as? String } == ["受理", "承办", "审核", "决定（准予）", "补交容缺材料", "办结", "送达（窗口领取）"])
            #expect(events[1]["attachments"] as? [String] == ["现场核查笔录", "禅市监核〔2026〕12号"])
            #expect(try await Self.act(client, number, "withdraw", clerk, #"{"opinion":"撤回"}"#).status == .conflict)

            // The applicant: every step with its date and staff number, no names.
            let progress = try await client.json("/api/v1/progress/\(number)?code=\(code)")
            #expect(progress.status == .ok)
            let body = try JSON.object(progress.body)
            #expect(body["stateLabel"] as? String == "已送达")
            let steps = try #require(body["steps"] as? [[String: Any]])
            #expect(steps.compactMap { $0["staffNumber"] as? String } == ["ZM001", "N-approver", "N-reviewer", "N-decider", "ZM001", "N-decider", "N-clerk"])
            #expect(!String(buffer: progress.body).contains("张三") && !String(buffer: progress.body).contains("后台审批人员"))

            // A wrong code answers exactly like an unknown case.
            let wrongCode = try await client.json("/api/v1/progress/\(number)?code=\(code == "000000" ? "000001" : "000000")")
            let unknown = try await client.json("/api/v1/progress/ZM-20260928-09999?code=\(code)")
            #expect(wrongCode.status == .notFound && unknown.status == .notFound)
            #expect(try JSON.object(wrongCode.body)["detail"] as? String == JSON.object(unknown.body)["detail"] as? String)

            // Staff views of personal data are logged (intake and actions are audited as such);
            // administrators do not read cases.
            let supervisor = try await client.token(.supervisor)
            #expect(try await client.json("/api/v1/cases/\(number)", token: supervisor).status == .ok)
            #expect(try await client.json("/api/v1/cases/\(number)", token: try await client.token(.admin)).status == .forbidden)
            let log = try JSON.object(try await client.json("/api/v1/personal-data-access?case=\(number)", token: supervisor).body)
            let actors = Set(((log["items"] as? [[String: Any]]) ?? []).compactMap { $0["actor"] as? String })
            #expect(actors == ["approver（N-approver）", "supervisor（N-supervisor）"])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func badIntakeIsRefusedWithEveryProblemAndNothingSaved(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await Self.townClerk(client, app)
            let missing = #"[{"name":"营业执照","received":true,"defect":"已过期"},{"name":"户口本","received":true}]"#
            let bad = try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake(id: "36042619910102009X", materials: missing))
            #expect(bad.status == .unprocessableContent)
            let paths = ((try JSON.object(bad.body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
            #expect(paths == ["applicant.person.documentNumber", "materials[1].name", "materials", "materials[0].defect", "materials.dueDate"])
            #expect(try await app.cases.repository.hallCases("ZM", limit: 10).total == 0)

            let unknown = try await client.json("/api/v1/cases", method: .post, token: clerk,
                                                body: Self.intake().replacingOccurrences(of: Self.food, with: "nope"))
            #expect(unknown.status == .unprocessableContent)
            try await app.catalog.suspend(code: ItemCode(rawValue: Self.food), by: .system)
            let suspended = try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake())
            #expect(suspended.status == .conflict)
            #expect((try JSON.object(suspended.body)["detail"] as? String) == "事项“食品经营许可”已暂停受理")
            #expect(try await client.json("/api/v1/cases", method: .post, token: try await client.token(.approver), body: Self.intake()).status == .forbidden)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: #"{"item":"x"}"#).status == .badRequest)
            // Optional fields left out (no phone, an agent without one): no crash, a clear answer.
            let noPhone = Self.intake().replacingOccurrences(of: #","phone":"13800138000""#, with: "")
                .replacingOccurrences(of: #""window":"1","#, with: #""agent":{"name":"李四","documentType":"passport","documentNumber":"E12345678"},"#)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: noPhone).status == .conflict)  // still suspended
            let neither = Self.intake().replacingOccurrences(of: #""applicant":{"person":"#, with: #""applicant":{"nobody":"#)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: neither).status == .badRequest)
            let both = try await client.json("/api/v1/cases", method: .post, token: clerk,
                                             body: Self.intake().replacingOccurrences(of: #""applicant":{"#, with: #""applicant":{"enterprise":{"name":"x","uscc":"x","legalRepresentative":"x"},"#))
            #expect(both.status == .unprocessableContent)
            try await app.catalog.publish(code: ItemCode(rawValue: Self.food), by: .system)
            #expect(try await client.json("/api/v1/cases", method: .post, token: clerk, body: noPhone).status == .created)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func twoApproversDecidingAtOnceExactlyOneWins(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await Self.townClerk(client, app)
            let second = StaffAccount(username: "approver2", displayName: "第二审批人", staffNumber: "A002", role: .approver, department: "SCJG")
            _ = try await app.auth.createAccount(second, password: "password-approver2", by: .system)
            let one = try await app.auth.signIn(username: "approver", password: TestApp.password(.approver), kind: .bearer, client: "t").identity
            let two = try await app.auth.signIn(username: "approver2", password: "password-approver2", kind: .bearer, client: "t").identity
            let reviewer = try await app.auth.signIn(username: "reviewer", password: "password-reviewer", kind: .bearer, client: "t").identity
            let decider = try await app.auth.signIn(username: "decider", password: "password-decider", kind: .bearer, client: "t").identity
            for _ in 0..<8 {
                let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake()).body)
                let number = CaseNumber(rawValue: try #require((created["case"] as? [String: Any])?["number"] as? String))
                _ = try await app.cases.act(number, .undertake(opinion: "拟准予"), expectedRevision: nil, by: one, client: "t")
                _ = try await app.cases.act(number, .review(opinion: "同意"), expectedRevision: nil, by: reviewer, client: "t")
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for (identity, granted) in [(decider, true), (two, false)] {
                        group.addTask {
                            do {
                                _ = try await app.cases.act(number, .decide(granted: granted, opinion: "决定理由"), expectedRevision: nil, by: identity, client: "t")
                                return true
                            } catch let error {
                                // The loser gets 409, whichever way it lost.
                                #expect(ProblemDetails.from(error)?.status == 409, "\(error)")
                                return false
                            }
                        }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 }.count == 1)
                let events = try await app.cases.repository.events(number)
                #expect(events.filter { $0.action == "decide" }.count == 1)
                #expect(try await app.cases.repository.find(number)?.revision == 4)
            }
        }
    }

    @Test func progressLookupsAreLimitedPerClient() async throws {
        try await TestApp.run(.sqlite) { client, _ in
            for _ in 0..<30 {
                #expect(try await client.json("/api/v1/progress/ZM-20260928-00001?code=123456").status == .notFound)
            }
            let limited = try await client.json("/api/v1/progress/ZM-20260928-00001?code=123456")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    /// Replayed answers count against the limit like any other lookup.
    @Test func replayedProgressAnswersCountAgainstTheLimit() async throws {
        try await TestApp.run(.sqlite) { client, app in
            let created = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: try await Self.townClerk(client, app), body: Self.intake()).body)
            let record = try #require(created["case"] as? [String: Any])
            let path = "/api/v1/progress/\(record["number"] as! String)?code=\(record["queryCode"] as! String)"
            for _ in 0..<30 { #expect(try await client.json(path).status == .ok) }
            #expect(try await client.json(path).status == .tooManyRequests)
        }
    }
}
