import OneDoorCore
import OneDoorServices

/// 一件事 cases (issue 17 §2, §4): accepted at a window, read by the staff who work on them.
extension APIHandler {
    func createThemeCase(_ input: Operations.CreateThemeCase.Input) async throws -> Operations.CreateThemeCase.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        var c = ProblemCollector()
        let materials = Self.receipts(body.materials, field: "materials", into: &c)
        guard let applicant = try Self.applicant(body.applicant, into: &c), c.problems.isEmpty else { throw ValidationFailed(c.problems) }
        let request = ThemeIntakeRequest(
            themeCode: body.theme, applicant: applicant, agent: try body.agent.map(Self.person), window: body.window.map(WindowNumber.init(rawValue:)),
            answers: body.answers?.additionalProperties ?? [:], materials: materials,
            pickUp: try body.pickUp.map(APIEnums.themePickUp.core) ?? .together, opinion: body.opinion ?? "",
            outcome: body.outcome == .requestCorrection ? .requestCorrection : .accept)
        let view = try await cases.themeIntake(request, by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(try Convert.themeCase(view, fees: []))))
    }

    func getThemeCase(_ input: Operations.GetThemeCase.Input) async throws -> Operations.GetThemeCase.Output {
        let identity = try RequestScope.requireSignedIn()
        let number = try ProblemDetails.caseNumber(input.path.number)
        let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try Convert.themeCase(view, fees: try await cases.fees(theme: number, by: identity)))))
    }
}

extension APIHandler {
    func themeCaseAction(_ input: Operations.ThemeCaseAction.Input) async throws -> Operations.ThemeCaseAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let opinion = body.opinion ?? ""
        let number = try ProblemDetails.caseNumber(input.path.number)
        let client = RequestScope.current.client
        let view: ThemeCaseView
        switch input.path.action {
        case .completeCorrection:
            var c = ProblemCollector()
            let materials = Self.receipts(body.materials ?? [], field: "materials", into: &c)
            try c.throwIfAny()
            view = try await cases.themeCompleteCorrection(number, materials: materials, opinion: opinion, expectedRevision: body.revision, by: identity,
                                                           client: client)
        case .deliverAll:
            let action = ThemeAction.deliverAll(method: try body.method.map(APIEnums.themeDelivery.core) ?? .pickup, trackingNumber: body.trackingNumber)
            view = try await cases.themeAct(number, action, expectedRevision: body.revision, by: identity, client: client)
        case .withdraw: view = try await cases.themeAct(number, .withdraw(reason: opinion), expectedRevision: body.revision, by: identity, client: client)
        case .carryOn: view = try await cases.themeAct(number, .carryOn(reason: opinion), expectedRevision: body.revision, by: identity, client: client)
        case .stop: view = try await cases.themeAct(number, .stop(reason: opinion), expectedRevision: body.revision, by: identity, client: client)
        }
        return .ok(.init(body: .json(try Convert.themeCase(view, fees: try await cases.fees(theme: number, by: identity)))))
    }

    func recordThemeFee(_ input: Operations.RecordThemeFee.Input) async throws -> Operations.RecordThemeFee.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let number = try ProblemDetails.caseNumber(input.path.number)
        let fee = FeeInput(caseNumber: CaseNumber(rawValue: body.caseNumber), amount: body.amount, payer: body.payer,
                           channel: try body.channel.map(APIEnums.feeChannel.core) ?? .window, receipt: body.receipt)
        _ = try await cases.recordFee(theme: number, fee, by: identity, client: RequestScope.current.client)
        let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(try Convert.themeCase(view, fees: try await cases.fees(theme: number, by: identity)))))
    }
}

extension Convert {
    static func themeCase(_ view: ThemeCaseView, fees: [FeeRecord]) throws -> Components.Schemas.ThemeCaseDetail {
        let t = view.theme
        let records = Dictionary(view.children.map { ($0.record.number, $0) }, uniquingKeysWith: { a, _ in a })
        return Components.Schemas.ThemeCaseDetail(
            number: t.number.rawValue, revision: t.revision, queryCode: t.queryCode, themeCode: t.themeCode, themeVersion: t.themeVersion, themeName: t.themeName,
            leadDepartment: t.leadDepartment.rawValue, hall: t.hall.rawValue, applicant: try applicant(t.applicant), agent: try t.agent.map(person),
            receivedOn: t.receivedOn.description, promisedDays: t.promisedDays, promisedDeadline: view.schedule.deadline?.description,
            acceptedPromise: t.promisedDeadline?.description,
            pickUp: try APIEnums.themePickUp.api(t.pickUp), state: try APIEnums.themeCaseState.api(t.state),
            stage: try APIEnums.themeStage.api(view.progress.stage), correction: t.correction,
            concluded: view.progress.concluded, total: view.progress.total, blocking: view.progress.blocking.map(\.rawValue),
            light: try APIEnums.caseLight.api(view.light), answers: .init(additionalProperties: t.answers),
            children: try t.children.compactMap { child in
                guard let view = records[child.number] else { return nil }
                let r = view.record
                return .init(number: r.number.rawValue, item: r.itemCode.rawValue, itemName: r.itemName, department: r.department.rawValue,
                             after: child.after.map(\.rawValue), state: try APIEnums.caseState.api(r.state), stateLabel: r.state.label,
                             acceptedOn: r.acceptedOn?.description, promisedDeadline: r.promisedDeadline?.description,
                             light: try APIEnums.caseLight.api(view.light))
            },
            fees: try fees.map {
                .init(caseNumber: $0.caseNumber.rawValue, amountFen: $0.amountFen, payer: $0.payer, channel: try APIEnums.themeFeeChannel.api($0.channel),
                      receipt: $0.receipt, paidOn: $0.paidOn.description)
            },
            feeTotalFen: fees.reduce(0) { $0 + $1.amountFen })
    }
}
