import OneDoorCore
import OneDoorStorage

/// 已有，免提交 (issue 16 §2): materials an online applicant already holds — an electronic licence
/// in force (A), their identity as a clerk checked it at a window (B) — given by reference with
/// their consent instead of uploaded again.
extension ApplicationService {
    /// What the application's applicant holds that the platform can vouch for: their licences
    /// in force, what the vault keeps for them (checked at a window, B) and, given the `account`
    /// that applies, the identity a clerk checked. With an account, nothing is offered unless it
    /// stands for the applicant — its own ID once verified at a window, or an enterprise it
    /// represents or acts for, verified (a self-declared ID could be anyone's, and offers name
    /// licences and cases). Without one (a reviewer's re-check) what the applicant chose is
    /// looked up again as it is.
    func held(for application: OnlineApplication, account: CitizenAccount?) async throws -> [HeldMaterial] {
        let today = calendar.today
        var own = account == nil
        // The account's links to the enterprise applying, read once: whether it stands for it,
        // and whether as its verified legal representative.
        var links: [EnterpriseLink] = []
        if let account {
            switch application.applicant {
            case .person(let person):
                own = account.seesWindowCases && account.documentNumber == person.documentNumber && application.agent == nil
            case .enterprise(let enterprise):
                links = try await EnterpriseRepository(database: repository.database).links(citizen: account.id).filter { $0.enterprise.uscc == enterprise.uscc }
                own = links.contains { $0.seesCases(on: today) }
            }
        }
        guard own else { return [] }
        let (licences, entries) = try await BaseRecordRepository(database: repository.database)
            .held(application.applicant.key, code: application.applicant.number, validOn: today)
        var held = HeldMaterial.of(licences: licences, vault: entries, today: today)
        // The account holder's own identity card, once a clerk has seen it: for their own
        // application, or as the verified legal representative of the enterprise applying.
        if let account, account.realName == .verified, account.documentType == .residentID, let number = account.documentNumber {
            let mine: Bool
            switch application.applicant {
            case .person: mine = true
            case .enterprise: mine = links.contains { $0.role == .legalRepresentative && $0.enterprise.verified }
            }
            if mine { held.append(.verifiedIdentity(number)) }
        }
        return held
    }

    /// Gives material `index` by reference to what the applicant holds (`consent`), or takes
    /// that back; only while the application can be changed, and only what is offered now.
    public func reuse(_ id: String, material index: Int, consent: Bool, by identity: CitizenIdentity) async throws -> OnlineApplication {
        let (application, _) = try await own(id, by: identity)
        guard application.state.isEditable else { throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，不能再修改材料") }
        let checklist = materials(application)
        guard checklist.indices.contains(index) else { throw ProblemDetails.notFound("该事项没有第 \(index + 1) 项材料") }
        var next = application
        var reused = (application.reused ?? []).filter { $0.materialIndex != index }
        if consent {
            let offers = MaterialReusing.offers(materials: checklist, held: try await held(for: application, account: identity.account), today: calendar.today)
            guard let held = offers[index] else {
                throw ValidationFailed([ValidationProblem(path: "materials[\(index)]", reason: "“\(checklist[index].name)”没有可以直接使用的已有材料，请上传")])
            }
            reused.append(MaterialReuse(materialIndex: index, material: checklist[index].name, held: held, consentedAt: clock.now()))
            reused.sort { $0.materialIndex < $1.materialIndex }
        }
        next.reused = reused.isEmpty ? nil : reused
        next.revision += 1
        let step = consent ? "同意调用已有材料：\(checklist[index].name)" : "不再调用已有材料：\(checklist[index].name)"
        try await repository.update(next, expectedRevision: application.revision,
                                    event: ApplicationEvent(action: consent ? "reuse" : "unreuse", step: step, at: clock.now(), actor: "申请人"), at: clock.now())
        return next
    }

    /// The reuses of `application` that no longer hold (a licence revoked, suspended or expired
    /// since the applicant chose it), named for the applicant or the reviewer.
    func lapsedReuses(_ application: OnlineApplication, account: CitizenAccount?) async throws -> [ValidationProblem] {
        guard let reused = application.reused, !reused.isEmpty else { return [] }
        // The reviewer's side (no account): the identity checked at a window does not lapse; licences are read again.
        let held = try await self.held(for: application, account: account)
            + (account == nil ? reused.map(\.held).filter { $0.source == .verifiedIdentity } : [])
        let today = calendar.today
        return reused.compactMap { reuse in
            held.contains { $0.reference == reuse.held.reference && $0.type == reuse.held.type && ($0.validUntil.map { $0 >= today } ?? true) } ? nil
                : ValidationProblem(path: "materials[\(reuse.materialIndex)]", reason: "已有材料“\(reuse.held.label)”已失效（注销、暂停或过期），请上传“\(reuse.material)”")
        }
    }
}
