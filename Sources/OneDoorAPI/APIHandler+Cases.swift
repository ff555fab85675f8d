import OneDoorCore
import OneDoorServices

extension APIHandler {
    func createCase(_ input: Operations.CreateCase.Input) async throws -> Operations.CreateCase.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let outcome: IntakeOutcome = switch body.outcome {
        case .accept: .accept
        case .acceptAndConclude: .acceptAndConclude
        case .requestCorrection: .requestCorrection
        case .refuse: .refuse(reason: body.refusal ?? "", referral: body.referral ?? "")
        }
        var c = ProblemCollector()
        let materials = Self.receipts(body.materials, field: "materials", into: &c)
        guard let applicant = try Self.applicant(body.applicant, into: &c), c.problems.isEmpty else { throw ValidationFailed(c.problems) }
        let request = IntakeRequest(
            itemCode: ItemCode(rawValue: body.item), applicant: applicant, agent: try body.agent.map(Self.person),
            window: body.window.map(WindowNumber.init(rawValue:)), materials: materials, outcome: outcome, opinion: body.opinion ?? "", ticket: body.ticket,
            licence: body.licence.map(Self.licenceDraft)
        )
        let client = RequestScope.current.client
        return .created(.init(body: .json(try detail(try await cases.intake(request, by: identity, client: client)))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let identity = try RequestScope.requireSignedIn()
        let view = try await cases.view(try ProblemDetails.caseNumber(input.path.number), by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(try detail(view))))
    }

    func caseAction(_ input: Operations.CaseAction.Input) async throws -> Operations.CaseAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        var c = ProblemCollector()
        var fields = CaseActionInput()
        fields.opinion = body.opinion ?? ""
        fields.granted = body.granted
        fields.method = try body.method.map(APIEnums.actionDelivery.core)
        fields.trackingNumber = body.trackingNumber
        fields.kind = try body.kind.map(APIEnums.specialProcedure.core)
        fields.expectedDays = body.expectedDays
        fields.days = body.days
        fields.approvedBy = body.approvedBy ?? ""
        if input.path.action == .completeCorrection || input.path.action == .receiveMaterials {
            fields.materials = Self.receipts(body.materials ?? [], field: "materials", into: &c)
        }
        let action = fields.action(input.path.action.rawValue, into: &c)
        guard let action, c.problems.isEmpty else { throw ValidationFailed(c.problems) }
        let client = RequestScope.current.client
        let licence = body.licence.map(Self.licenceDraft)
        var view = try await cases.act(try ProblemDetails.caseNumber(input.path.number), action, attachments: body.attachments ?? [], expectedRevision: body.revision,
                                       licence: licence, by: identity, client: client)
        // An action is no view of the case: its answer carries the masked numbers (a view is logged).
        view.record = view.record.masked
        return .ok(.init(body: .json(try detail(view))))
    }

    func listDepartmentCases(_ input: Operations.ListDepartmentCases.Input) async throws -> Operations.ListDepartmentCases.Output {
        let identity = try RequestScope.requireSignedIn()
        let page = try Self.page(input.query.page, input.query.pageSize)
        let (found, total) = try await cases.departmentQueue(try ProblemDetails.departmentCode(input.path.code), page: page, by: identity)
        return .ok(.init(body: .json(.init(items: try found.map { try summary($0.listing) }, total: total, page: page.page, pageSize: page.pageSize))))
    }

    func listHallCases(_ input: Operations.ListHallCases.Input) async throws -> Operations.ListHallCases.Output {
        let identity = try RequestScope.requireSignedIn()
        let page = try Self.page(input.query.page, input.query.pageSize)
        let (found, total) = try await cases.hallCases(try ProblemDetails.hallCode(input.path.code), page: page, by: identity)
        return .ok(.init(body: .json(.init(items: try found.map { try summary($0.listing) }, total: total, page: page.page, pageSize: page.pageSize))))
    }

    func getProgress(_ input: Operations.GetProgress.Input) async throws -> Operations.GetProgress.Output {
        guard let progress = try await cases.progress(input.path.number, code: input.query.code, client: RequestScope.current.client) else {
            throw ProblemDetails.notFound("未找到该办件，请核对办件编号和查询码")
        }
        return .ok(.init(body: .json(.init(
            number: progress.number.rawValue, itemName: progress.itemName, state: try APIEnums.caseState.api(progress.state),
            stateLabel: progress.state.label, currentStep: progress.currentStep, receivedOn: progress.receivedOn.description,
            promisedDeadline: progress.promisedDeadline?.description, hallName: progress.hallName, pausedFor: progress.pausedFor,
            steps: progress.steps.map { .init(step: $0.step, at: Convert.date($0.at), staffNumber: $0.staffNumber) }
        ))))
    }

    func listPersonalDataAccess(_ input: Operations.ListPersonalDataAccess.Input) async throws -> Operations.ListPersonalDataAccess.Output {
        let identity = try RequestScope.require(.readAuditLog)
        let page = try Self.page(input.query.page, input.query.pageSize)
        let (entries, total) = try await cases.accessLog(caseNumber: input.query._case, page: page, by: identity)
        return .ok(.init(body: .json(.init(
            items: entries.map { .init(id: $0.id, at: Convert.date($0.at), actor: $0.actor, client: $0.client, caseNumber: $0.caseNumber, purpose: $0.purpose) },
            total: total, page: page.page, pageSize: page.pageSize
        ))))
    }

    func listReadingPatterns(_ input: Operations.ListReadingPatterns.Input) async throws -> Operations.ListReadingPatterns.Output {
        let identity = try RequestScope.require(.readAuditLog)
        let days = input.query.days ?? 7
        let reports = try await cases.readingPatterns(days: days, by: identity)
        return .ok(.init(body: .json(.init(days: days, items: reports.map { r in
            .init(actor: r.reading.actor, reads: r.reading.reads, cases: r.reading.cases, outside: r.reading.outside, lookups: r.reading.lookups,
                  firstAt: Convert.date(r.reading.firstAt), lastAt: Convert.date(r.reading.lastAt), unusual: r.unusual)
        }))))
    }

    // MARK: Conversions

    static func licenceDraft(_ body: Components.Schemas.LicenceDraft) -> LicenceDraft {
        LicenceDraft(holderCode: body.holderCode ?? "", holderName: body.holderName ?? "", fields: body.fields?.additionalProperties ?? [:])
    }

    func detail(_ view: CaseView) throws(EnumMismatch) -> Components.Schemas.CaseDetail {
        Components.Schemas.CaseDetail(
            _case: try Convert.caseBody(view.record),
            events: view.events.map(Convert.event),
            light: try APIEnums.caseLight.api(view.light), stateLabel: view.record.state.label, currentStep: view.record.state.currentStep,
            progressPath: SitePaths.progress(view.record)
        )
    }

    func summary(_ record: CaseListing) throws(EnumMismatch) -> Components.Schemas.CaseSummary {
        Components.Schemas.CaseSummary(
            number: record.number.rawValue, itemName: record.itemName, state: try APIEnums.caseState.api(record.state), stateLabel: record.state.label,
            applicantName: record.applicant.name, applicantNumber: record.applicant.maskedNumber, hall: record.hall.rawValue, department: record.department.rawValue,
            receivedOn: record.receivedOn.description, promisedDeadline: record.promisedDeadline?.description,
            legalDeadline: record.legalDeadline?.description, light: try APIEnums.caseLight.api(cases.light(record)),
            paused: record.specialProcedure != nil
        )
    }

    static func applicant(_ body: Components.Schemas.Applicant, into c: inout ProblemCollector) throws(EnumMismatch) -> Applicant? {
        switch (body.person, body.enterprise) {
        case (let person?, nil):
            return .person(try Self.person(person))
        case (nil, let e?):
            return .enterprise(Enterprise(name: e.name, uscc: e.uscc, legalRepresentative: e.legalRepresentative, phone: e.phone ?? "",
                                          email: e.email, checksumOverrideReason: e.checksumOverrideReason))
        default:
            c.add("applicant", "申请人应为个人（person）或单位（enterprise），二选一")
            return nil
        }
    }

    static func person(_ p: Components.Schemas.Person) throws(EnumMismatch) -> Person {
        Person(name: p.name, documentType: try APIEnums.personDocument.core(p.documentType), documentNumber: p.documentNumber, phone: p.phone ?? "", email: p.email)
    }

    static func receipts(_ bodies: [Components.Schemas.MaterialReceipt], field: String, into c: inout ProblemCollector) -> [MaterialReceipt] {
        bodies.enumerated().map { i, m in
            var due: CivilDate?
            if let text = m.dueDate {
                due = CivilDate(text)
                if due == nil { c.add("\(field)[\(i)].dueDate", "日期应为 YYYY-MM-DD") }
            }
            return MaterialReceipt(name: m.name, received: m.received, original: m.original ?? true, electronic: m.electronic ?? false,
                                   pages: m.pages ?? 0, dueDate: due, defect: m.defect ?? "", reuse: m.reuse ?? false)
        }
    }

    static func page(_ page: Int?, _ pageSize: Int?) throws -> PageRequest {
        let request = PageRequest(page: page ?? 1, pageSize: pageSize ?? 50)
        let problems = request.problems()
        if !problems.isEmpty { throw ProblemDetails.badRequest("查询参数不正确", errors: problems) }
        return request
    }
}

enum SitePaths {
    /// The public progress page of a case: what the receipt's QR code encodes.
    static func progress(_ record: CaseRecord) -> String { "/progress/\(record.number)?code=\(record.queryCode)" }
}
