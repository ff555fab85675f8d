/// A material pre-review marks: its index in the checklist and what is wrong with it.
public struct DefectNote: Sendable, Hashable {
    public var index: Int
    public var problem: String

    public init(index: Int, problem: String) {
        self.index = index
        self.problem = problem
    }
}

/// What pre-review decides about an online application (网上预审), exactly as at a window.
public enum PreReviewDecision: Sendable, Hashable {
    /// 受理 (depth Ⅲ, Ⅳ), or for depth Ⅱ "pre-review passed, bring the originals"; each 容缺
    /// material not uploaded needs its date (by material index), as at a window.
    case accept(opinion: String, dueDates: [Int: CivilDate] = [:])
    /// 补齐补正: every missing or defective material with what is wrong.
    case correction(defects: [DefectNote], opinion: String)
    /// 不予受理 with the reason and where to apply instead.
    case refuse(reason: String, referral: String)
}

/// The rules of online application (issue 15 §3): pure, so each is tested without a database.
public enum OnlineApplying {
    /// The halls that handle every one of `guides` (a guide naming no hall levels is handled
    /// anywhere): where an application for them may be made, in the organisation's order.
    public static func halls(_ halls: [Hall], handling guides: [ServiceGuide]) -> [Hall] {
        let levels = guides.map(\.hallLevels).filter { !$0.isEmpty }
        return halls.filter { hall in levels.allSatisfy { $0.contains(hall.level) } }
    }

    /// Starts an application for `item` at `hall` by the account's holder, or — with `agentFor` —
    /// by the holder as agent (代办) for that person. The account must have a real name: the
    /// applicant comes from it, never typed in.
    /// With `enterprise`, the application is the enterprise's (applicant: the enterprise), made
    /// by its legal representative or by an agent whose grant covers the item today.
    public static func start(
        item: ServiceItem, hall: Hall, account: CitizenAccount, agentFor: Person?, enterprise: EnterpriseLink? = nil, id: String, now: Int64,
        today: CivilDate
    ) throws -> (OnlineApplication, ApplicationEvent) {
        let guide = item.guide
        guard item.status == .published else { throw CaseRuleError.notAllowed("事项“\(guide.name)”当前不受理申请") }
        guard guide.onlineDepth.rawValue >= OnlineDepth.two.rawValue else {
            throw CaseRuleError.notAllowed("事项“\(guide.name)”不能网上申报（网上办理深度\(guide.onlineDepth.label)），请到服务中心办理")
        }
        if !guide.hallLevels.isEmpty && !guide.hallLevels.contains(hall.level) {
            let levels = guide.hallLevels.map(\.label).joined(separator: "、")
            throw ValidationFailed([ValidationProblem(path: "hall", reason: "事项“\(guide.name)”只在\(levels)服务中心办理，请另选服务中心")])
        }
        guard account.realName != .none, let name = account.name, let type = account.documentType, let number = account.documentNumber else {
            throw CaseRuleError.forbidden("请先完成实名登记（姓名和身份证件号码），再网上申报")
        }
        let holder = Person(name: name, documentType: type, documentNumber: number, phone: account.phone, email: account.email)
        if let enterprise {
            guard agentFor == nil else {
                throw ValidationFailed([ValidationProblem(path: "agentFor", reason: "为企业申请时不能同时代办个人")])
            }
            guard enterprise.mayApply(for: item.code, on: today) else {
                throw CaseRuleError.forbidden("您对“\(enterprise.enterprise.name)”的经办授权不包括“\(guide.name)”或已过期，请联系法定代表人")
            }
            let applicant = Enterprise(name: enterprise.enterprise.name, uscc: enterprise.enterprise.uscc,
                                       legalRepresentative: enterprise.enterprise.legalRepresentativeName, phone: account.phone, email: account.email)
            let application = OnlineApplication(
                id: id, citizen: account.id, itemCode: item.code, itemVersion: item.version, itemName: guide.name, depth: guide.onlineDepth,
                department: guide.department, hall: hall.code, applicant: .enterprise(applicant),
                agent: enterprise.role == .agent ? holder : nil, createdAt: now, departmentReview: guide.departmentPreReview ? true : nil
            )
            return (application, ApplicationEvent(action: "start", step: "开始网上申报", at: now, actor: "申请人",
                                                  opinion: "为企业申请（\(enterprise.role.label)）"))
        }
        var applicant = holder
        var agent: Person?
        if let agentFor {
            var c = ProblemCollector()
            var other = c.checking("agentFor") { agentFor.checked(today: today, into: &$0) }
            if other.phone.isEmpty { other.phone = account.phone }
            try c.throwIfAny()
            if other.documentType == type && other.documentNumber == number {
                throw ValidationFailed([ValidationProblem(path: "agentFor.documentNumber", reason: "代办时申请人应为他人，本人申请请不选代办")])
            }
            applicant = other
            agent = holder
        }
        let application = OnlineApplication(
            id: id, citizen: account.id, itemCode: item.code, itemVersion: item.version, itemName: guide.name, depth: guide.onlineDepth,
            department: guide.department, hall: hall.code, applicant: .person(applicant), agent: agent, createdAt: now,
            departmentReview: guide.departmentPreReview ? true : nil
        )
        let event = ApplicationEvent(action: "start", step: "开始网上申报", at: now, actor: "申请人", opinion: agent == nil ? "" : "代办")
        return (application, event)
    }

    /// The applicant's delivery choice: a depth-Ⅳ item is done without a visit, so its result
    /// is posted or electronic, never picked up.
    public static func choose(_ choice: DeliveryChoice, for application: OnlineApplication) throws -> DeliveryChoice {
        try editable(application)
        var c = ProblemCollector()
        var checked = choice
        if application.depth == .four && choice.method == .pickup {
            c.add("delivery.method", "全程网办事项无需到现场，请选择邮寄送达或电子送达")
        }
        if choice.method == .post {
            if let address = choice.address {
                checked.address = c.checking("delivery.address") { address.checked(into: &$0) }
            } else {
                c.add("delivery.address", "邮寄送达须填写收件人、手机号和地址")
            }
        } else {
            checked.address = nil
        }
        try c.throwIfAny()
        return checked
    }

    /// Whether a file may be added to or removed from material `index`.
    public static func mayChangeFiles(_ application: OnlineApplication, material index: Int, materials: [Material]) throws {
        try editable(application)
        guard materials.indices.contains(index) else {
            throw ValidationFailed([ValidationProblem(path: "material", reason: "该事项没有第 \(index + 1) 项材料")])
        }
    }

    static func editable(_ application: OnlineApplication) throws(CaseRuleError) {
        guard application.state.isEditable else {
            throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，不能再修改")
        }
    }

    /// Submits (or, after 补齐补正, resubmits): every required material has a file, each
    /// material pre-review found wrong has a file uploaded since, and a delivery is chosen.
    /// Every problem is named at once. Pre-review is due `reviewDays` working days later.
    public static func submit(
        _ application: OnlineApplication, materials: [Material], files: [ApplicationFile], now: Int64, today: CivilDate,
        reviewDays: Int, calendar: WorkingCalendar
    ) throws -> (OnlineApplication, ApplicationEvent) {
        try editable(application)
        var c = ProblemCollector()
        for (index, material) in materials.enumerated() where material.necessity == .required {
            if !files.contains(where: { $0.materialIndex == index }) && application.reuse(of: index) == nil {
                c.add("materials[\(index)]", "请上传“\(material.name)”")
            }
        }
        if application.state == .correction {
            for defect in application.defects
            where !files.contains(where: { $0.materialIndex == defect.materialIndex && !defect.rejectedFiles.contains($0.id) }) {
                c.add("materials[\(defect.materialIndex)]", "请按补正告知重新上传“\(defect.material)”（\(defect.problem)）")
            }
        }
        if application.delivery == nil { c.add("delivery", "请选择结果送达方式") }
        try c.throwIfAny()
        var next = application
        let resubmission = application.state == .correction
        next.state = .submitted
        next.submittedAt = now
        next.submissions += 1
        next.reviewDeadline = try calendar.addingWorkingDays(max(1, reviewDays), to: today)
        next.revision += 1
        let event = ApplicationEvent(action: resubmission ? "resubmit" : "submit", step: resubmission ? "补正后重新提交" : "提交申报", at: now,
                                     actor: "申请人", opinion: "共 \(files.count) 个文件")
        return (next, event)
    }

    /// Withdraws an application not yet decided.
    public static func withdraw(_ application: OnlineApplication, now: Int64) throws -> (OnlineApplication, ApplicationEvent) {
        guard [.draft, .submitted, .correction, .awaitingOriginals].contains(application.state) else {
            throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，不能撤回")
        }
        var next = application
        next.state = .withdrawn
        next.revision += 1
        return (next, ApplicationEvent(action: "withdraw", step: "撤回申报", at: now, actor: "申请人"))
    }

    /// What pre-review's decision does to the application. `intake` is set when a case is to be
    /// opened (受理 at depth Ⅲ/Ⅳ, or 不予受理 — the written decision is a case, as at a window):
    /// the caller opens it by the window's rules and stores both in one transaction.
    public static func review(
        _ application: OnlineApplication, _ decision: PreReviewDecision, materials: [Material], files: [ApplicationFile], actor: CaseActor, now: Int64
    ) throws -> (application: OnlineApplication, event: ApplicationEvent, intake: IntakeRequest?) {
        if application.departmentReview == true {
            guard actor.role == .approver, actor.department == application.department else {
                throw CaseRuleError.forbidden("该事项由实施部门预审，只有该部门的审批人员可以预审")
            }
        } else {
            guard actor.role == .clerk, actor.hall == application.hall else {
                throw CaseRuleError.forbidden("只有受理该申报的服务中心的综合窗口人员可以预审")
            }
        }
        guard application.state == .submitted else {
            throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，不在预审中")
        }
        var next = application
        next.revision += 1
        var c = ProblemCollector()
        switch decision {
        case .accept(let opinion, let dueDates):
            c.limitText("opinion", opinion, label: "意见", maxLength: 1000)
            try c.throwIfAny()
            if application.depth == .two {
                // Ⅱ: accepted only when the originals are seen; said once, with where to go.
                next.state = .awaitingOriginals
                // The originals of what was uploaded: a 容缺 material not given is not brought either.
                next.originals = materials.enumerated().filter { index, material in
                    material.originals > 0 && files.contains { $0.materialIndex == index }
                }.map { "\($1.name)（原件 \($1.originals) 份）" }
                let event = ApplicationEvent(action: "pre-review-pass", step: "预审通过，请携带原件到现场", at: now, actor: actor.staffNumber,
                                             opinion: next.originals.joined(separator: "；"))
                return (next, event, nil)
            }
            next.state = .accepted
            let request = intakeRequest(application, materials: materials, files: files, outcome: .accept, opinion: opinion, originalsSeen: false,
                                        dueDates: dueDates)
            return (next, ApplicationEvent(action: "accept", step: "预审通过，网上受理", at: now, actor: actor.staffNumber, opinion: opinion), request)
        case .correction(let listed, let opinion):
            var defects: [ApplicationDefect] = []
            var seen = Set<Int>()
            for (i, item) in listed.enumerated() {
                guard materials.indices.contains(item.index) else {
                    c.add("defects[\(i)].material", "该事项没有第 \(item.index + 1) 项材料")
                    continue
                }
                if !seen.insert(item.index).inserted { c.add("defects[\(i)].material", "材料“\(materials[item.index].name)”重复") }
                let problem = item.problem.trimmingWhitespace()
                c.requireText("defects[\(i)].problem", problem, label: "问题说明", maxLength: 500)
                defects.append(ApplicationDefect(materialIndex: item.index, material: materials[item.index].name, problem: problem,
                                                 rejectedFiles: files.filter { $0.materialIndex == item.index }.map(\.id)))
            }
            // A required material with no file at all is always on the notice (一次性告知).
            for (index, material) in materials.enumerated() where material.necessity == .required && !seen.contains(index)
                && !files.contains(where: { $0.materialIndex == index }) && application.reuse(of: index) == nil {
                defects.append(ApplicationDefect(materialIndex: index, material: material.name, problem: "未提交"))
            }
            if defects.isEmpty { c.add("defects", "补齐补正须列明每一项需补正的材料及问题") }
            c.limitText("opinion", opinion, label: "意见", maxLength: 1000)
            try c.throwIfAny()
            next.state = .correction
            next.defects = defects.sorted { $0.materialIndex < $1.materialIndex }
            let event = ApplicationEvent(action: "request-correction", step: "补齐补正告知", at: now, actor: actor.staffNumber,
                                         opinion: next.defects.map(\.line).joined(separator: "；"))
            return (next, event, nil)
        case .refuse(let reason, let referral):
            c.requireText("refusal", reason, label: "不予受理理由", maxLength: 1000)
            c.limitText("referral", referral, label: "告知向有关机关申请", maxLength: 500)
            try c.throwIfAny()
            next.state = .refused
            next.refusal = reason.trimmingWhitespace()
            next.referral = referral.trimmingWhitespace().isEmpty ? nil : referral.trimmingWhitespace()
            let request = intakeRequest(application, materials: materials, files: files, outcome: .refuse(reason: reason, referral: referral),
                                        opinion: reason, originalsSeen: false)
            return (next, ApplicationEvent(action: "refuse", step: "不予受理", at: now, actor: actor.staffNumber, opinion: reason), request)
        }
    }

    /// Depth Ⅱ: the applicant came with the originals and a clerk (at any hall: 全区通办) saw
    /// them; the case is opened now, with one trip.
    public static func acceptWithOriginals(
        _ application: OnlineApplication, materials: [Material], files: [ApplicationFile], actor: CaseActor, opinion: String,
        dueDates: [Int: CivilDate] = [:], now: Int64
    ) throws -> (application: OnlineApplication, event: ApplicationEvent, intake: IntakeRequest) {
        guard actor.role == .clerk, actor.hall != nil else { throw CaseRuleError.forbidden("只有综合窗口人员可以核验原件并受理") }
        guard application.state == .awaitingOriginals else {
            throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，不是待核验原件")
        }
        var next = application
        next.revision += 1
        next.state = .accepted
        let request = intakeRequest(application, materials: materials, files: files, outcome: .accept, opinion: opinion, originalsSeen: true,
                                    dueDates: dueDates)
        return (next, ApplicationEvent(action: "accept", step: "核验原件，现场受理", at: now, actor: actor.staffNumber, opinion: opinion), request)
    }

    /// The intake the window would have entered for these uploads: a material with a file is
    /// received (electronically; as an original too when a clerk saw it).
    static func intakeRequest(
        _ application: OnlineApplication, materials: [Material], files: [ApplicationFile], outcome: IntakeOutcome, opinion: String, originalsSeen: Bool,
        dueDates: [Int: CivilDate] = [:]
    ) -> IntakeRequest {
        let receipts = materials.enumerated().map { index, material in
            let mine = files.filter { $0.materialIndex == index }
            // A material given by reference (已有，免提交) counts as received, when no file was uploaded for it.
            let reused = mine.isEmpty ? application.reuse(of: index) : nil
            let received = !mine.isEmpty || reused != nil
            return MaterialReceipt(name: material.name, received: received, original: originalsSeen && material.originals > 0 && !mine.isEmpty,
                                   electronic: true, pages: mine.count, dueDate: received ? nil : dueDates[index], reused: reused?.note)
        }
        return IntakeRequest(itemCode: application.itemCode, applicant: application.applicant, agent: application.agent, window: nil,
                             materials: receipts, outcome: outcome, opinion: opinion)
    }

    /// The pre-review light: red once the deadline has passed, yellow on its day.
    public static func light(_ application: OnlineApplication, today: CivilDate) -> CaseLight {
        guard application.state == .submitted, let due = application.reviewDeadline else { return .green }
        if due < today { return .overdue }
        return due == today ? .yellow : .green
    }
}
