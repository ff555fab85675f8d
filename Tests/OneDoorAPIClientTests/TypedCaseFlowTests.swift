import Foundation
import OneDoorCore
import OneDoorTestSupport
import Testing

/// A clerk at a town hall accepts a 承诺件 of a district department through the API, the
/// approvers take it to a decision, the applicant follows it with the query code — typed
/// bodies in and out.
@Suite struct TypedCaseFlowTests {
    /// The food licence with the floor plan accepted missing (容缺), due by 15 October.
    static func intake(documentNumber: String = "44011320141005001x") -> Components.Schemas.IntakeBody {
        var body = TypedCaseTests.intake(documentNumber)
        body.materials[2] = .init(name: "经营场所平面图", received: false, dueDate: "2026-10-15")
        return body
    }

    @Test(arguments: TestDatabaseKind.available)
    func fromAnyWindowToTheDecisionAndTheApplicantSeesEveryStep(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let account = StaffAccount(username: "zm-clerk", displayName: "祖庙窗口", staffNumber: "ZM001", role: .clerk, hall: "ZM")
            _ = try await app.auth.createAccount(account, password: "password-zm-clerk", by: .system)
            let townClerk = try await ClientHarness.signedIn(client, "zm-clerk")

            let created = try await townClerk.createCase(body: .json(Self.intake())).created.body.json
            let number = created._case.number, code = created._case.queryCode
            #expect(number == "ZM-20260928-00001")
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            #expect(created._case.department == "SCJG" && created._case.state == .accepted)
            #expect(created._case.promisedDeadline == "2026-10-10" && created._case.legalDeadline == "2026-10-30")
            #expect(created.light == .green && created.progressPath == "/progress/\(number)?code=\(code)")
            #expect(try await townClerk.createCase(body: .json(Self.intake())).created.body.json._case.number == "ZM-20260928-00002")

            // The approver's queue: most urgent first, ID numbers masked; another department's is closed.
            let undertaker = try await ClientHarness.signedIn(client, "undertaker")
            let queue = try await undertaker.listDepartmentCases(path: .init(code: "SCJG")).ok.body.json
            #expect(queue.total == 2 && queue.items.first?.applicantNumber == "4401**********001X" && queue.items.first?.light == .green)
            _ = try await undertaker.listDepartmentCases(path: .init(code: "WSJK")).forbidden
            _ = try await undertaker.getCase(path: .init(number: number)).ok

            let public_ = Client.router(client)
            #expect(try await public_.getProgress(path: .init(number: number), query: .init(code: code)).ok.body.json.stateLabel == "已受理")
            let undertaken = try await undertaker.caseAction(
                path: .init(number: number, action: .undertake),
                body: .json(.init(revision: 1, opinion: "材料齐全，拟准予", attachments: ["现场核查笔录", "禅市监核〔2026〕12号"]))
            ).ok.body.json
            #expect(undertaken._case.state == .undertaken)
            // The lookup shows the change at once (the answer kept for repeat lookups is dropped).
            #expect(try await public_.getProgress(path: .init(number: number), query: .init(code: code)).ok.body.json.stateLabel == "已承办")

            let reviewer = try await ClientHarness.signedIn(client, "reviewer")
            // A page loaded before that change is stale; who undertook does not review (职责分离).
            _ = try await reviewer.caseAction(path: .init(number: number, action: .review), body: .json(.init(revision: 1, opinion: "同意"))).conflict
            let same = try await undertaker.caseAction(path: .init(number: number, action: .review), body: .json(.init(revision: 2, opinion: "同意")))
            #expect(try same.conflict.body.applicationProblemJson.detail.contains("承办、审核、决定须由不同人员办理"))
            _ = try await reviewer.caseAction(path: .init(number: number, action: .review), body: .json(.init(revision: 2, opinion: "同意"))).ok
            let decider = try await ClientHarness.signedIn(client, "decider")
            _ = try await decider.caseAction(path: .init(number: number, action: .decide), body: .json(.init(opinion: "准予许可", granted: true))).ok
            // The plan was accepted missing (容缺): no 办结 until it is handed in, at any window.
            let conclude = Components.Schemas.CaseActionBody(opinion: "许可证号 JY14406040000001")
            _ = try await decider.caseAction(path: .init(number: number, action: .conclude), body: .json(conclude)).conflict
            _ = try await townClerk.caseAction(path: .init(number: number, action: .receiveMaterials),
                                               body: .json(.init(materials: [.init(name: "经营场所平面图", received: true, pages: 1)]))).ok
            _ = try await decider.caseAction(path: .init(number: number, action: .conclude), body: .json(conclude)).ok
            // Any window hands the result over (统一窗口出件): here the district hall's clerk.
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let delivered = try await clerk.caseAction(path: .init(number: number, action: .deliver), body: .json(.init(method: .pickup))).ok.body.json
            #expect(delivered.events.map(\.step) == ["受理", "承办", "审核", "决定（准予）", "补交容缺材料", "办结", "送达（窗口领取）"])
            #expect(delivered.events[1].attachments == ["现场核查笔录", "禅市监核〔2026〕12号"])
            _ = try await townClerk.caseAction(path: .init(number: number, action: .withdraw), body: .json(.init(opinion: "撤回"))).conflict

            // The applicant: every step with its staff number, no names.
            let progress = try await public_.getProgress(path: .init(number: number), query: .init(code: code)).ok.body.json
            #expect(progress.stateLabel == "已送达")
            #expect(progress.steps.map(\.staffNumber) == ["ZM001", "A001", "A002", "A003", "ZM001", "A003", "C001"])

            // Staff views of personal data are logged; administrators do not read cases.
            let supervisor = try await ClientHarness.signedIn(client, "supervisor")
            _ = try await supervisor.getCase(path: .init(number: number)).ok
            _ = try await ClientHarness.signedIn(client, "admin").getCase(path: .init(number: number)).forbidden
            let log = try await supervisor.listPersonalDataAccess(query: .init(_case: number)).ok.body.json
            #expect(Set(log.items.map(\.actor)) == ["undertaker（A001）", "supervisor（S001）"])
        }
    }
}
