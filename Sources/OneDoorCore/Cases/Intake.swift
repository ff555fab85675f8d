/// What the clerk says about one material at the counter, by its name in the checklist.
public struct MaterialReceipt: Sendable, Hashable, Codable {
    public var name: String
    public var received: Bool
    public var original: Bool
    public var electronic: Bool
    public var pages: Int
    public var dueDate: CivilDate?
    public var defect: String
    /// Given by reference to what the applicant already has (已有，免提交), with their consent:
    /// the note that says what (``MaterialReuse/note``).
    public var reused: String?
    /// At a window: the applicant agreed (the clerk's tick) that it be given by reference to what
    /// they already have; intake checks the offer again and writes ``reused``.
    public var reuse: Bool

    public init(name: String, received: Bool, original: Bool = true, electronic: Bool = false, pages: Int = 0,
                dueDate: CivilDate? = nil, defect: String = "", reused: String? = nil, reuse: Bool = false) {
        self.reused = reused
        self.reuse = reuse
        self.name = name
        self.received = received
        self.original = original
        self.electronic = electronic
        self.pages = pages
        self.dueDate = dueDate
        self.defect = defect
    }
}

/// The counter's outcome (行政许可法 §32): exactly one of these.
public enum IntakeOutcome: Sendable, Hashable {
    /// 受理: the clock starts.
    case accept
    /// 即办件: accepted and concluded on the spot.
    case acceptAndConclude
    /// 补齐补正: one notice listing every missing or defective material; the clock waits.
    case requestCorrection
    /// 不予受理, with the reason and, where the item belongs elsewhere, a referral.
    case refuse(reason: String, referral: String)
}

/// An application as the clerk enters it.
public struct IntakeRequest: Sendable {
    public var itemCode: ItemCode
    public var applicant: Applicant
    public var agent: Person?
    public var window: WindowNumber?
    public var materials: [MaterialReceipt]
    public var outcome: IntakeOutcome
    public var opinion: String
    /// The id of the queue ticket the applicant was called with, when the case is opened from one.
    public var ticket: String?
    /// A 即办件 concluded on the spot whose result is an electronic licence: its face values.
    public var licence: LicenceDraft?

    public init(itemCode: ItemCode, applicant: Applicant, agent: Person? = nil, window: WindowNumber? = nil,
                materials: [MaterialReceipt], outcome: IntakeOutcome, opinion: String = "", ticket: String? = nil, licence: LicenceDraft? = nil) {
        self.licence = licence
        self.itemCode = itemCode
        self.applicant = applicant
        self.agent = agent
        self.window = window
        self.materials = materials
        self.outcome = outcome
        self.opinion = opinion
        self.ticket = ticket
    }
}

/// The rules of intake at any window (一窗受理): pure, so every rule is tested without a database.
public enum Intake {
    /// Checks an application against the item version in force and the hall, and makes the case
    /// (without its number and query code, which storage assigns) and its first history entries.
    /// `ticket` is the queue ticket named by the request, with its queue, as stored; `windows`,
    /// when given, the numbers of the hall's windows, one of which the request must name if any.
    ///
    /// `byDepartment`: an online application of an item its department pre-reviews is accepted
    /// by that department's own staff (the organ the law makes responsible, in whose name the
    /// windows otherwise accept), at the hall the applicant chose, without a window or ticket.
    public static func open(
        _ request: IntakeRequest, item: ServiceItem, hall: Hall, actor: CaseActor, today: CivilDate, now: Int64, calendar: WorkingCalendar,
        ticket: (Ticket, HallQueue)? = nil, windows: Set<WindowNumber>? = nil, byDepartment: Bool = false
    ) throws -> (CaseRecord, [CaseEvent]) {
        if byDepartment {
            guard actor.role == .approver, actor.department == item.guide.department, item.guide.departmentPreReview, ticket == nil,
                  request.window == nil
            else { throw CaseRuleError.forbidden("只有“\(item.guide.name)”实施部门的审批人员可以受理本部门预审的网上申报") }
        } else {
            guard actor.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以受理申请") }
            guard actor.hall == hall.code else { throw CaseRuleError.forbidden("您只能在所属服务中心（\(actor.hall ?? "无")）受理申请") }
        }
        guard item.status == .published else {
            throw CaseRuleError.notAllowed(item.status == .suspended ? "事项“\(item.guide.name)”已暂停受理" : "事项“\(item.guide.name)”尚未发布")
        }
        let guide = item.guide
        if !guide.hallLevels.isEmpty && !guide.hallLevels.contains(hall.level) {
            let levels = guide.hallLevels.map(\.label).joined(separator: "、")
            throw CaseRuleError.notAllowed("事项“\(guide.name)”只在\(levels)服务中心办理，\(hall.name)不能受理")
        }

        var c = ProblemCollector()
        let applicant = request.applicant.checked(today: today, into: &c)
        let agent = request.agent.map { agent in c.checking("agent") { agent.checked(today: today, into: &$0) } }
        if let window = request.window {
            c.limitText("window", window.rawValue, label: "窗口号", maxLength: 10)
            // The window is printed on the notice and counted in statistics: one that the hall
            // does not have is a mistake, never stored.
            if let windows, !windows.contains(window), window.rawValue.count <= 10 { c.add("window", "\(hall.name)没有 \(window) 号窗口") }
        }
        let visit = try ticket.map { ticket, queue in
            try CaseVisit.from(ticket, queue: queue, hall: hall.code, window: request.window, applicant: applicant, agent: agent, into: &c)
        }
        c.limitText("opinion", request.opinion, label: "意见", maxLength: 1000)

        // The checklist comes from the item version; the clerk's entries are matched by name.
        var byName: [String: (Int, MaterialReceipt)] = [:]
        for (i, receipt) in request.materials.enumerated() {
            if byName[receipt.name] != nil { c.add("materials[\(i)].name", "材料“\(receipt.name)”重复") }
            byName[receipt.name] = (i, receipt)
            if !guide.materials.contains(where: { $0.name == receipt.name }) {
                c.add("materials[\(i)].name", "材料“\(receipt.name)”不在该事项的材料清单中")
            }
            if !(0...10_000).contains(receipt.pages) { c.add("materials[\(i)].pages", "页数应在 0 到 10000 之间") }
            c.limitText("materials[\(i)].defect", receipt.defect, label: "问题说明", maxLength: 500)
        }
        let materials = guide.materials.map { material -> CaseMaterial in
            let receipt = byName[material.name]?.1
            return CaseMaterial(
                name: material.name, necessity: material.necessity, received: receipt?.received ?? false,
                original: receipt?.original ?? true, electronic: receipt?.electronic ?? false, pages: receipt?.pages ?? 0,
                dueDate: receipt?.received == true ? nil : receipt?.dueDate, defect: receipt?.defect.trimmingWhitespace() ?? "",
                reused: receipt?.received == true ? receipt?.reused : nil
            ).receivedToday(receipt?.received == true ? today : nil)
        }
        func path(_ name: String) -> String { byName[name].map { "materials[\($0.0)]" } ?? "materials" }

        var record = CaseRecord(
            number: "", queryCode: "", itemCode: item.code, itemVersion: item.version, itemName: guide.name, caseKind: guide.caseKind,
            department: guide.department, hall: hall.code, window: request.window ?? ticket?.0.window, applicant: applicant, agent: agent,
            state: .accepted, receivedOn: today, legalLimit: guide.legalLimit, promisedLimit: guide.promisedLimit, materials: materials
        )
        record.chiefDecides = guide.chiefDecides ? true : nil
        record.visit = visit
        // The intake itself is a visit; an online application sets its own count (ADR 0026).
        record.trips = 1
        var events: [CaseEvent] = []
        switch request.outcome {
        case .accept, .acceptAndConclude:
            if request.outcome == .acceptAndConclude && guide.caseKind != .immediate {
                c.add("outcome", "只有即办件可以当场办结（该事项为\(guide.caseKind.label)）")
            }
            c.add(contentsOf: acceptanceProblems(materials, today: today, path: path))
            try c.throwIfAny()
            record.acceptedOn = today
            try CaseClock.computeDeadlines(&record, calendar: calendar)
            events.append(CaseEvent(action: "accept", step: "受理", fromState: nil, toState: .accepted, at: now, actor: actor, opinion: request.opinion))
            if request.outcome == .acceptAndConclude {
                record.state = .concluded
                CaseClock.markConcluded(&record, on: today, calendar: calendar)
                record.decision = Decision(granted: true, reason: request.opinion, decidedOn: today)
                events.append(CaseEvent(action: "conclude", step: "当场办结", fromState: .accepted, toState: .concluded, at: now, actor: actor, opinion: request.opinion))
            }
        case .requestCorrection:
            let toCorrect = correctionList(materials)
            if toCorrect.isEmpty { c.add("materials", "材料齐全且无问题，无需补齐补正，请直接受理") }
            try c.throwIfAny()
            record.state = .correction
            record.correctionNotices = 1
            events.append(CaseEvent(action: "request-correction", step: "补齐补正告知", fromState: nil, toState: .correction, at: now, actor: actor,
                                    opinion: toCorrect.joined(separator: "；")))
        case .refuse(let reason, let referral):
            c.requireText("refusal", reason, label: "不予受理理由", maxLength: 1000)
            c.limitText("referral", referral, label: "告知向有关机关申请", maxLength: 500)
            try c.throwIfAny()
            record.state = .notAccepted
            record.refusal = reason.trimmingWhitespace()
            record.referral = referral.trimmingWhitespace().isEmpty ? nil : referral.trimmingWhitespace()
            events.append(CaseEvent(action: "refuse", step: "不予受理", fromState: nil, toState: .notAccepted, at: now, actor: actor, opinion: reason))
        }
        return (record, events)
    }

    /// What stands in the way of 受理: each required material missing or defective, each 容缺
    /// material missing without a due date (or with one in the past).
    public static func acceptanceProblems(_ materials: [CaseMaterial], today: CivilDate, path: (String) -> String) -> [ValidationProblem] {
        var c = ProblemCollector()
        for material in materials {
            let p = path(material.name)
            if material.received && !material.defect.isEmpty {
                c.add("\(p).defect", "“\(material.name)”有问题（\(material.defect)），应先补正，不能受理")
                continue
            }
            guard !material.received else { continue }
            switch material.necessity {
            case .required:
                c.add(p, "缺少必要材料“\(material.name)”，不能受理（可出具补齐补正告知书）")
            case .deferrable:
                if let due = material.dueDate {
                    if due < today { c.add("\(p).dueDate", "“\(material.name)”的补交日期不能早于今天") }
                } else {
                    c.add("\(p).dueDate", "容缺受理“\(material.name)”须约定补交日期")
                }
            case .optional:
                break
            }
        }
        return c.problems
    }

    /// Every line of the one-time correction notice: what is missing and what is wrong.
    /// Every missing or defective material with the clerk's note of what is wrong (一次性告知).
    public static func correctionList(_ materials: [CaseMaterial]) -> [String] {
        materials.compactMap { m in
            if m.received && !m.defect.isEmpty { return "\(m.name)：\(m.defect)" }
            if !m.received && m.necessity == .required { return "\(m.name)：未提交" + (m.defect.isEmpty ? "" : "（\(m.defect)）") }
            return nil
        }
    }
}

extension CaseMaterial {
    func receivedToday(_ day: CivilDate?) -> CaseMaterial {
        var copy = self
        copy.receivedOn = day
        return copy
    }
}
