import Foundation
import OneDoorTestSupport
import Testing

/// The case API through the generated client: typed bodies in and out, no `[String: Any]`.
@Suite struct TypedCaseTests {
    static let food = Fixtures.foodLicence().implementationCode

    static func intake(_ documentNumber: String = "44011320141005001X") -> Components.Schemas.IntakeBody {
        .init(
            item: food,
            applicant: .init(person: .init(name: "张三", documentType: .residentId, documentNumber: documentNumber, phone: "13800138000")),
            window: "1",
            materials: [
                .init(name: "食品经营许可申请书", received: true, pages: 2),
                .init(name: "营业执照", received: true, original: false),
                .init(name: "经营场所平面图", received: true, pages: 1),
            ],
            outcome: .accept
        )
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCaseFromIntakeToDeliveryAndItsProgress(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            let opened = try await clerk.createCase(body: .json(Self.intake())).created.body.json
            #expect(opened._case.state == .accepted && opened.light == .green && opened._case.revision == 1)
            // The clerk's own intake answers with the number as entered (normalised).
            #expect(opened._case.applicant.person?.documentNumber == "44011320141005001X")
            let number = opened._case.number

            var revision = opened._case.revision
            let steps: [(String, Operations.CaseAction.Input.Path.ActionPayload, Components.Schemas.CaseActionBody)] = [
                ("undertaker", .undertake, .init(opinion: "材料齐全，拟准予")),
                ("reviewer", .review, .init(opinion: "同意")),
                ("decider", .decide, .init(opinion: "准予许可", granted: true)),
                ("undertaker", .conclude, .init(opinion: "已制证")),
                ("clerk", .deliver, .init(method: .pickup)),
            ]
            var states: [Components.Schemas.CaseState] = []
            for (person, action, body) in steps {
                var body = body
                body.revision = revision
                let api = try await ClientHarness.signedIn(client, person)
                let after = try await api.caseAction(path: .init(number: number, action: action), body: .json(body)).ok.body.json
                #expect(after._case.revision == revision + 1)
                // An action is no view of the case: its answer carries the masked number.
                #expect(after._case.applicant.person?.documentNumber == "4401**********001X")
                revision = after._case.revision
                states.append(after._case.state)
            }
            #expect(states == [.undertaken, .reviewed, .decided, .concluded, .delivered])

            // The applicant's view: the query code opens the progress, with every step.
            let detail = try await clerk.getCase(path: .init(number: number)).ok.body.json
            #expect(detail.events.map(\.step).count == 6)
            let progress = try await Client.router(client).getProgress(path: .init(number: number), query: .init(code: detail._case.queryCode)).ok.body.json
            #expect(progress.state == .delivered && progress.steps.count == 6)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func problemsComeTypedWithTheirFieldPaths(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, _ in
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            var bad = Self.intake("36042619910102009X")
            bad.materials[0].received = false
            let refused = try await clerk.createCase(body: .json(bad)).unprocessableContent.body.applicationProblemJson
            #expect(refused.status == 422)
            #expect(Set(refused.errors?.map(\.path) ?? []) == ["applicant.person.documentNumber", "materials[0]"])

            // A stale revision: 409, and the case is as the first approver left it.
            let opened = try await clerk.createCase(body: .json(Self.intake())).created.body.json
            let undertaker = try await ClientHarness.signedIn(client, "undertaker")
            let path = Operations.CaseAction.Input.Path(number: opened._case.number, action: .undertake)
            _ = try await undertaker.caseAction(path: path, body: .json(.init(revision: 1, opinion: "拟准予"))).ok
            let stale = try await undertaker.caseAction(path: path, body: .json(.init(revision: 1, opinion: "拟准予"))).conflict.body.applicationProblemJson
            #expect(stale.status == 409)

            // Signed out: 401, typed.
            #expect(try await Client.router(client).getCase(path: .init(number: opened._case.number)).unauthorized.body.applicationProblemJson.status == 401)
        }
    }
}
