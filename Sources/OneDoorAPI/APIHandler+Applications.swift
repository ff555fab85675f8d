import OneDoorCore
import OneDoorServices

/// 网上申报 and 网上预审 (issue 15 §3, §6; ADR 0026).
extension APIHandler {
    var applications: ApplicationService { services.applications }

    func createApplication(_ input: Operations.CreateApplication.Input) async throws -> Operations.CreateApplication.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let hall = try body.hall.map { text in
            guard let code = HallCode(parsing: text) else { throw ValidationFailed([ValidationProblem(path: "hall", reason: "服务中心“\(text.prefix(40))”不存在")]) }
            return code
        }
        switch (body.item, body.theme) {
        case (nil, let theme?):
            if body.agentFor != nil { throw ValidationFailed([ValidationProblem(path: "agentFor", reason: "一件事网上申报不能代办他人")]) }
            let application = try await applications.startTheme(
                theme, answers: body.answers?.additionalProperties ?? [:], pickUp: try body.pickUp.map(APIEnums.themePickUp.core) ?? .together, hall: hall,
                enterprise: body.enterprise, key: body.key, by: identity)
            return .created(.init(body: .json(try self.application(application))))
        case (nil, nil), (.some, .some):
            throw ValidationFailed([ValidationProblem(path: "item", reason: "请填写事项编码 item 或一件事主题编码 theme（二者选一）")])
        case (.some, nil):
            break
        }
        let item = try ProblemDetails.itemCode(body.item ?? "")
        let application = try await applications.start(itemCode: item, hall: hall, agentFor: try body.agentFor.map(Self.person), enterprise: body.enterprise,
                                                       key: body.key, by: identity)
        return .created(.init(body: .json(try self.application(application))))
    }

    func listMyApplications(_ input: Operations.ListMyApplications.Input) async throws -> Operations.ListMyApplications.Output {
        let identity = try RequestScope.requireCitizen()
        let request = try Self.page(input.query.page, input.query.pageSize ?? 20)
        let (items, total) = try await applications.mine(page: request, by: identity)
        return .ok(.init(body: .json(.init(items: try applications(items), total: total, page: request.page, pageSize: request.pageSize))))
    }

    func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(try applicationDetail(try await applications.detail(input.path.id, by: identity)))))
    }

    func setApplicationDelivery(_ input: Operations.SetApplicationDelivery.Input) async throws -> Operations.SetApplicationDelivery.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let choice = DeliveryChoice(method: try APIEnums.deliveryChoice.core(body.method),
                                    address: body.address.map { PostalAddress(recipient: $0.recipient, phone: $0.phone, address: $0.address) })
        return .ok(.init(body: .json(try application(try await applications.choose(choice, for: input.path.id, by: identity)))))
    }

    func uploadApplicationFile(_ input: Operations.UploadApplicationFile.Input) async throws -> Operations.UploadApplicationFile.Output {
        let identity = try RequestScope.requireCitizen()
        let id = input.path.id, index = input.path.index
        // Asked before the body is read: a refused upload stores nothing.
        let permit = try await applications.mayAttach(to: id, material: index, by: identity)
        guard case .binary(let body) = input.body else { throw ProblemDetails(status: 415, title: "Unsupported Media Type", detail: "请求体应为文件内容") }
        let file = try await UploadReader.readFile(body, name: input.query.name, store: applications.store, policy: applications.policy)
        guard let stored = try await applications.attach([file], under: permit).first else {
            throw ProblemDetails.internalError
        }
        return .created(.init(body: .json(try Self.applicationFile(stored))))
    }

    func deleteApplicationFile(_ input: Operations.DeleteApplicationFile.Input) async throws -> Operations.DeleteApplicationFile.Output {
        let identity = try RequestScope.requireCitizen()
        try await applications.remove(file: input.path.file, of: input.path.id, by: identity)
        return .noContent(.init())
    }

    func submitApplication(_ input: Operations.SubmitApplication.Input) async throws -> Operations.SubmitApplication.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        return .ok(.init(body: .json(try application(try await applications.submit(input.path.id, key: body.key, by: identity)))))
    }

    func withdrawApplication(_ input: Operations.WithdrawApplication.Input) async throws -> Operations.WithdrawApplication.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(try application(try await applications.withdraw(input.path.id, by: identity)))))
    }

    func listPreReviews(_ input: Operations.ListPreReviews.Input) async throws -> Operations.ListPreReviews.Output {
        let identity = try RequestScope.requireSignedIn()
        let request = try Self.page(input.query.page, input.query.pageSize ?? 20)
        let state: ApplicationState = input.query.state == .awaitingOriginals ? .awaitingOriginals : .submitted
        let (entries, total) = try await applications.queue(state, page: request, by: identity)
        return .ok(.init(body: .json(.init(items: try preReviewEntries(entries), total: total, page: request.page, pageSize: request.pageSize))))
    }

    func getPreReview(_ input: Operations.GetPreReview.Input) async throws -> Operations.GetPreReview.Output {
        let identity = try RequestScope.requireSignedIn()
        return .ok(.init(body: .json(try applicationDetail(try await applications.review(input.path.id, by: identity, client: RequestScope.current.client)))))
    }

    func decidePreReview(_ input: Operations.DecidePreReview.Input) async throws -> Operations.DecidePreReview.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let client = RequestScope.current.client
        let opinion = body.opinion ?? ""
        var dueDates: [Int: CivilDate] = [:]
        var c = ProblemCollector()
        for (i, due) in (body.dueDates ?? []).enumerated() {
            if let date = CivilDate(due.date) { dueDates[due.material] = date } else { c.add("dueDates[\(i)].date", "日期应为 YYYY-MM-DD") }
        }
        try c.throwIfAny()
        let decided: (application: OnlineApplication, case: CaseView?)
        switch body.decision {
        case .accept:
            decided = try await applications.decide(input.path.id, .accept(opinion: opinion, dueDates: dueDates), expectedRevision: body.revision,
                                                    by: identity, client: client)
        case .correction:
            let defects = (body.defects ?? []).map { DefectNote(index: $0.material, problem: $0.problem) }
            decided = try await applications.decide(input.path.id, .correction(defects: defects, opinion: opinion), expectedRevision: body.revision,
                                                    by: identity, client: client)
        case .refuse:
            decided = try await applications.decide(input.path.id, .refuse(reason: body.reason ?? "", referral: body.referral ?? ""),
                                                    expectedRevision: body.revision, by: identity, client: client)
        case .acceptOriginals:
            decided = try await applications.acceptWithOriginals(input.path.id, opinion: opinion, dueDates: dueDates, by: identity, client: client)
        }
        return .ok(.init(body: .json(.init(application: try application(decided.application), caseNumber: decided.application.caseNumber?.rawValue))))
    }

    // MARK: Conversions

    /// (A loop, not a throwing closure inside the async handler: the release compiler crashed
    /// splitting that coroutine.)
    func preReviewEntries(_ entries: [ApplicationService.QueueEntry]) throws -> [Components.Schemas.PreReviewEntry] {
        var items: [Components.Schemas.PreReviewEntry] = []
        for entry in entries {
            items.append(.init(application: try application(entry.application), light: try APIEnums.caseLight.api(entry.light)))
        }
        return items
    }

    func applications(_ list: [OnlineApplication]) throws -> [Components.Schemas.Application] {
        var items: [Components.Schemas.Application] = []
        for one in list { items.append(try application(one)) }
        return items
    }

    /// An application as answers show it: personal numbers and the postal address masked.
    func application(_ full: OnlineApplication) throws -> Components.Schemas.Application {
        let a = full.masked
        return Components.Schemas.Application(
            id: a.id, item: a.itemCode.rawValue, itemName: a.itemName,
            theme: try a.theme.map { theme throws(EnumMismatch) in
                .init(code: theme.code, answers: .init(additionalProperties: theme.answers), pickUp: try APIEnums.themePickUp.api(theme.pickUp),
                      items: theme.itemNames)
            },
            depth: a.depth.rawValue, hall: a.hall.rawValue,
            hallName: services.catalog.snapshot.hallsByCode[a.hall]?.name ?? a.hall.rawValue, state: try APIEnums.applicationState.api(a.state),
            stateLabel: a.state.label, nextStep: a.nextStep, revision: a.revision, createdAt: Convert.date(a.createdAt),
            submittedAt: a.submittedAt.map(Convert.date), submissions: a.submissions, reviewDeadline: a.reviewDeadline?.description,
            applicant: try Convert.applicant(a.applicant), agent: try a.agent.map { p throws(EnumMismatch) in try Convert.person(p) },
            delivery: try a.delivery.map { .init(method: try APIEnums.deliveryChoice.api($0.method),
                                                 address: $0.address.map { .init(recipient: $0.recipient, phone: $0.phone, address: $0.address) }) },
            defects: a.defects.map { .init(material: $0.materialIndex, materialName: $0.material, problem: $0.problem) },
            refusal: a.refusal, referral: a.referral, originals: a.originals, caseNumber: a.caseNumber?.rawValue
        )
    }

    func applicationDetail(_ d: ApplicationDetail) throws -> Components.Schemas.ApplicationDetail {
        Components.Schemas.ApplicationDetail(
            application: try application(d.application), light: try APIEnums.caseLight.api(d.light),
            materials: try d.materials.enumerated().map { index, m in
                .init(index: index, name: m.name, necessity: try APIEnums.applicationNecessity.api(m.necessity), originals: m.originals, copies: m.copies,
                      blankForm: m.blankForm, sample: m.sample, notes: m.notes,
                      files: try d.files.filter { $0.materialIndex == index }.map(Self.applicationFile),
                      offered: try d.offers[index].map(Self.held), reused: try d.application.reuse(of: index).map { try Self.held($0.held) })
            },
            history: d.events.map { .init(action: $0.action, step: $0.step, at: Convert.date($0.at), actor: $0.actor, opinion: $0.opinion) }
        )
    }

    /// A held material as answers show it: an ID number masked.
    static func held(_ h: HeldMaterial) throws -> Components.Schemas.HeldMaterial {
        Components.Schemas.HeldMaterial(
            _type: h.type, source: try APIEnums.heldSource.api(h.source), grade: try APIEnums.materialGrade.api(h.grade),
            reference: h.source == .verifiedIdentity ? ResidentID.masked(h.reference) : h.reference, label: h.label, validUntil: h.validUntil?.description
        )
    }

    func setApplicationMaterialReuse(_ input: Operations.SetApplicationMaterialReuse.Input) async throws -> Operations.SetApplicationMaterialReuse.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        _ = try await applications.reuse(input.path.id, material: input.path.index, consent: body.consent, by: identity)
        return .ok(.init(body: .json(try applicationDetail(try await applications.detail(input.path.id, by: identity)))))
    }

    static func applicationFile(_ f: ApplicationFile) throws -> Components.Schemas.ApplicationFile {
        Components.Schemas.ApplicationFile(id: f.id, material: f.materialIndex, name: f.name, kind: try APIEnums.fileKind.api(f.blob.kind),
                                           size: f.blob.size, sha256: f.blob.sha256, uploadedAt: Convert.date(f.uploadedAt))
    }
}
