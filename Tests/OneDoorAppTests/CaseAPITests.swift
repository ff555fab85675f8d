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

/// Cases through the API as bytes: hostile intake bodies, concurrent decisions, lookup limits
/// and replayed answers (the whole flow with typed bodies is TypedCaseFlowTests).
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

    /// What the typed flow (TypedCaseFlowTests) cannot see: the bytes. A repeated lookup is
    /// answered with the very same bytes (read, then remembered, then replayed), and a wrong
    /// query code is answered exactly like an unknown case.
    @Test(arguments: TestDatabaseKind.available)
    func progressAnswersAreReplayedAndAWrongCodeIsUnknown(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let clerk = try await Self.townClerk(client, app)
            let detail = try JSON.object(try await client.json("/api/v1/cases", method: .post, token: clerk, body: Self.intake()).body)
            let record = try #require(detail["case"] as? [String: Any])
            let number = try #require(record["number"] as? String), code = try #require(record["queryCode"] as? String)
            var answers: [String] = []
            for _ in 0..<3 { answers.append(String(buffer: try await client.json("/api/v1/progress/\(number)?code=\(code)").body)) }
            #expect(answers[1] == answers[0] && answers[2] == answers[0])
            #expect(!answers[0].contains("张三"))

            let wrongCode = try await client.json("/api/v1/progress/\(number)?code=\(code == "000000" ? "000001" : "000000")")
            let unknown = try await client.json("/api/v1/progress/ZM-20260928-09999?code=\(code)")
            #expect(wrongCode.status == .notFound && unknown.status == .notFound)
            #expect(try JSON.object(wrongCode.body)["detail"] as? String == JSON.object(unknown.body)["detail"] as? String)
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
