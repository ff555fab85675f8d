/// What staff do to a case after intake.
public enum CaseAction: Sendable, Hashable {
    /// The applicant came back with everything the correction notice asked for: 受理.
    case completeCorrection(materials: [MaterialReceipt], opinion: String)
    /// 承办: the handling officer's opinion.
    case undertake(opinion: String)
    /// 审核.
    case review(opinion: String)
    /// 决定: 准予 or 不予 (a refusal needs its reasons).
    case decide(granted: Bool, opinion: String)
    /// 办结: the result is made.
    case conclude(opinion: String)
    /// 送达: handed over at a window or posted.
    case deliver(method: DeliveryMethod, trackingNumber: String?)
    /// 退回: back one step, with the reason.
    case sendBack(reason: String)
    /// 撤回 at the applicant's request.
    case withdraw(reason: String)
    /// 特别程序 starts: the clock stops.
    case startSpecialProcedure(kind: SpecialProcedureKind, reason: String, expectedDays: Int)
    /// 特别程序 ends: the clock runs again, the deadlines move by the days it took.
    case endSpecialProcedure(opinion: String)
    /// 延期 of the legal limit with the head's approval (§42).
    case extend(days: Int, approvedBy: String, reason: String)
    /// 容缺后补: the applicant hands in a material accepted missing.
    case receiveMaterials(materials: [MaterialReceipt], opinion: String)

    /// The name used in URLs and the API (`POST /cases/{number}/actions/{action}`).
    public var name: String {
        switch self {
        case .completeCorrection: "complete-correction"
        case .undertake: "undertake"
        case .review: "review"
        case .decide: "decide"
        case .conclude: "conclude"
        case .deliver: "deliver"
        case .sendBack: "send-back"
        case .withdraw: "withdraw"
        case .startSpecialProcedure: "start-special-procedure"
        case .endSpecialProcedure: "end-special-procedure"
        case .extend: "extend"
        case .receiveMaterials: "receive-materials"
        }
    }

    public static let names = ["complete-correction", "undertake", "review", "decide", "conclude", "deliver", "send-back", "withdraw",
                               "start-special-procedure", "end-special-procedure", "extend", "receive-materials"]
}

/// The case state machine (行政许可法 §§32, 42, 45): which action is allowed in which state and
/// to whom, and what it changes. Pure; an illegal transition names its reason.
public enum CaseLifecycle {
    /// `attachments` name the documents that go with the step (现场核查笔录, 检验报告, 延期审批表…),
    /// kept in its history entry; see ``CaseAttachments``.
    public static func apply(
        _ action: CaseAction, attachments: [String] = [], to current: CaseRecord, by actor: CaseActor, today: CivilDate, now: Int64,
        calendar: WorkingCalendar
    ) throws -> (CaseRecord, CaseEvent) {
        var record = current
        let from = current.state
        if from.isFinal { throw CaseRuleError.notAllowed("办件当前为“\(from.label)”，已结束，不能再办理") }
        try authorise(action, record: current, actor: actor)
        var c = ProblemCollector()
        // Every step's history entry is made here, after every check of the step has run.
        func event(_ step: String, _ opinion: String) throws -> CaseEvent {
            try c.throwIfAny()
            return CaseEvent(action: action.name, step: step, fromState: from, toState: record.state, at: now, actor: actor,
                             opinion: opinion.trimmingWhitespace(), attachments: attachments.map { $0.trimmingWhitespace() })
        }
        func require(_ states: Set<CaseState>, _ what: String) throws {
            guard states.contains(from) else { throw CaseRuleError.notAllowed("办件当前为“\(from.label)”，不能\(what)") }
        }
        /// 职责分离: 承办, 审核 and 决定 of one case by different people.
        func notAlreadyHandled(_ what: String) throws {
            guard let me = actor.accountID else { return }
            let roles = [(record.undertakenBy, "承办"), (record.reviewedBy, "审核")].filter { $0.0 == me }.map(\.1)
            if let role = roles.first {
                throw CaseRuleError.notAllowed("承办、审核、决定须由不同人员办理：您已\(role)本件，请由本部门其他人员\(what)")
            }
        }
        func notPaused(_ what: String) throws {
            if let p = record.specialProcedure { throw CaseRuleError.notAllowed("特别程序（\(p.kind.label)）进行中，不能\(what)，请先结束特别程序") }
        }
        c.limitText("opinion", action.opinionText, label: "意见", maxLength: 2000)
        CaseAttachments.check(attachments, into: &c)

        switch action {
        case .completeCorrection(let receipts, let opinion):
            try require([.correction], "补正后受理")
            for (i, receipt) in receipts.enumerated() {
                guard let index = record.materials.firstIndex(where: { $0.name == receipt.name }) else {
                    c.add("materials[\(i)].name", "材料“\(receipt.name)”不在该办件的材料清单中"); continue
                }
                record.materials[index].received = receipt.received
                record.materials[index].original = receipt.original
                record.materials[index].electronic = receipt.electronic
                record.materials[index].pages = receipt.pages
                record.materials[index].dueDate = receipt.received ? nil : receipt.dueDate
                record.materials[index].defect = receipt.defect.trimmingWhitespace()
            }
            let paths = Dictionary(receipts.enumerated().map { ($1.name, "materials[\($0)]") }, uniquingKeysWith: { a, _ in a })
            c.add(contentsOf: Intake.acceptanceProblems(record.materials, today: today) { paths[$0] ?? "materials" })
            try c.throwIfAny()
            Self.dateReceipts(&record, before: current, today: today)
            record.trips = record.trips.map { $0 + 1 }
            record.state = .accepted
            record.acceptedOn = today
            try CaseClock.computeDeadlines(&record, calendar: calendar)
            return (record, try event("补正后受理", opinion).changing(materials: current.materials, to: record.materials))
        case .receiveMaterials(let receipts, let opinion):
            try require([.accepted, .undertaken, .reviewed, .decided], "补交容缺材料")
            if receipts.isEmpty { c.add("materials", "请选择补交的材料") }
            for (i, receipt) in receipts.enumerated() {
                guard let index = record.materials.firstIndex(where: { $0.name == receipt.name }) else {
                    c.add("materials[\(i)].name", "材料“\(receipt.name)”不在该办件的材料清单中"); continue
                }
                guard !record.materials[index].received, record.materials[index].dueDate != nil else {
                    c.add("materials[\(i)].name", "材料“\(receipt.name)”不是待补交的容缺材料"); continue
                }
                if !receipt.received { c.add("materials[\(i)].received", "请确认已收到“\(receipt.name)”"); continue }
                if !(0...10_000).contains(receipt.pages) { c.add("materials[\(i)].pages", "页数应在 0 到 10000 之间") }
                record.materials[index].received = true
                record.materials[index].original = receipt.original
                record.materials[index].electronic = receipt.electronic
                record.materials[index].pages = receipt.pages
                record.materials[index].dueDate = nil
                record.materials[index].defect = receipt.defect.trimmingWhitespace()
            }
            try c.throwIfAny()
            Self.dateReceipts(&record, before: current, today: today)
            record.trips = record.trips.map { $0 + 1 }
            return (record, try event("补交容缺材料", opinion).changing(materials: current.materials, to: record.materials))
        case .undertake(let opinion):
            try require([.accepted], "承办")
            try notPaused("承办")
            c.requireText("opinion", opinion, label: "承办意见", maxLength: 2000)
            try c.throwIfAny()
            record.state = .undertaken
            record.undertakenBy = actor.accountID
            return (record, try event("承办", opinion))
        case .review(let opinion):
            try require([.undertaken], "审核")
            try notPaused("审核")
            try notAlreadyHandled("审核")
            c.requireText("opinion", opinion, label: "审核意见", maxLength: 2000)
            try c.throwIfAny()
            record.state = .reviewed
            record.reviewedBy = actor.accountID
            return (record, try event("审核", opinion))
        case .decide(let granted, let opinion):
            // The chief representative of an item so configured decides alone, in one step.
            if !current.chiefMayDecide(actor) {
                try require([.reviewed], "作出决定")
                try notAlreadyHandled("作出决定")
            }
            try notPaused("作出决定")
            if !granted { c.requireText("opinion", opinion, label: "不予许可的理由", maxLength: 2000) }
            try c.throwIfAny()
            record.state = .decided
            record.decision = Decision(granted: granted, reason: opinion.trimmingWhitespace(), decidedOn: today)
            record.decidedBy = actor.accountID
            let by = from == .accepted ? "（首席代表）" : ""
            return (record, try event(granted ? "决定（准予）\(by)" : "决定（不予）\(by)", opinion))
        case .conclude(let opinion):
            try require([.decided], "办结")
            if let owed = current.outstandingMaterials.first {
                throw CaseRuleError.notAllowed("容缺材料“\(owed.name)”尚未补交（应于 \(owed.dueDate?.chinese ?? "") 前补交），补交后才能办结")
            }
            record.state = .concluded
            CaseClock.markConcluded(&record, on: today, calendar: calendar)
            return (record, try event("办结", opinion))
        case .deliver(let method, let tracking):
            try require([.concluded], "送达")
            let trackingNumber = tracking?.trimmingWhitespace() ?? ""
            if method == .post && trackingNumber.isEmpty { c.add("trackingNumber", "邮寄送达须填写邮件号") }
            c.limitText("trackingNumber", trackingNumber, label: "邮件号", maxLength: 40)
            try c.throwIfAny()
            record.state = .delivered
            if method == .pickup { record.trips = record.trips.map { $0 + 1 } }
            record.delivery = Delivery(method: method, trackingNumber: method == .post ? trackingNumber : nil, deliveredOn: today)
            return (record, try event("送达（\(method.label)）", method == .post ? "邮件号 \(trackingNumber)" : ""))
        case .sendBack(let reason):
            let back: [CaseState: CaseState] = [.undertaken: .accepted, .reviewed: .undertaken, .decided: .reviewed]
            guard let previous = back[from] else { throw CaseRuleError.notAllowed("办件当前为“\(from.label)”，没有可退回的上一步") }
            c.requireText("opinion", reason, label: "退回理由", maxLength: 2000)
            try c.throwIfAny()
            record.state = previous
            // Back to 受理: the intake is questioned (a window's performance figure).
            if previous == .accepted { record.sentBackToIntake = (record.sentBackToIntake ?? 0) + 1 }
            if from == .decided { record.decision = nil }
            // The step sent back is taken again, by whoever takes it.
            if from == .undertaken { record.undertakenBy = nil }
            if from == .reviewed { record.reviewedBy = nil }
            return (record, try event("退回", reason))
        case .withdraw(let reason):
            try require([.correction, .waiting, .accepted, .undertaken, .reviewed], "撤回（已作出决定）")
            c.requireText("opinion", reason, label: "撤回说明", maxLength: 2000)
            try c.throwIfAny()
            record.state = .withdrawn
            record.specialProcedure = nil
            return (record, try event("撤回", reason))
        case .startSpecialProcedure(let kind, let reason, let expectedDays):
            try require([.accepted, .undertaken, .reviewed], "启动特别程序")
            try notPaused("再启动特别程序")
            c.requireText("opinion", reason, label: "特别程序事由", maxLength: 2000)
            if !(1...365).contains(expectedDays) { c.add("expectedDays", "预计所需时间应为 1 到 365 天") }
            try c.throwIfAny()
            record.specialProcedure = SpecialProcedure(kind: kind, reason: reason.trimmingWhitespace(), startedOn: today, expectedDays: expectedDays)
            return (record, try event("特别程序开始（\(kind.label)，预计 \(expectedDays) 天）", reason))
        case .endSpecialProcedure(let opinion):
            guard let procedure = record.specialProcedure else { throw CaseRuleError.notAllowed("办件没有进行中的特别程序") }
            record.pausedDays += try CaseClock.pausedDays(from: procedure.startedOn, to: today, unit: record.legalLimit.unit, calendar: calendar)
            record.specialProcedure = nil
            try CaseClock.computeDeadlines(&record, calendar: calendar)
            return (record, try event("特别程序结束（\(procedure.kind.label)）", opinion))
        case .extend(let days, let approvedBy, let reason):
            try require([.accepted, .undertaken, .reviewed], "延期")
            if record.extensionDays > 0 { throw CaseRuleError.notAllowed("办件已延期一次，不能再延期") }
            let maximum = record.caseKind == .joint ? 15 : 10
            if !(1...maximum).contains(days) { c.add("days", "延长期限应为 1 到 \(maximum) 天（行政许可法第四十二条）") }
            c.requireText("approvedBy", approvedBy, label: "批准延期的负责人", maxLength: 50)
            c.requireText("opinion", reason, label: "延期理由", maxLength: 2000)
            try c.throwIfAny()
            record.extensionDays = days
            try CaseClock.computeDeadlines(&record, calendar: calendar)
            return (record, try event("延期 \(days) 天（\(approvedBy.trimmingWhitespace()) 批准）", reason))
        }
    }

    /// Who may take which action: clerks at any hall for the counter's steps (全区通办),
    /// approvers of the case's department for the back office's.
    static func authorise(_ action: CaseAction, record: CaseRecord, actor: CaseActor) throws {
        switch action {
        case .completeCorrection, .deliver, .withdraw, .receiveMaterials:
            guard actor.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以办理此项（\(action.name)）") }
        case .undertake, .review, .decide, .conclude, .sendBack, .startSpecialProcedure, .endSpecialProcedure, .extend:
            guard actor.role == .approver else { throw CaseRuleError.forbidden("只有后台审批人员可以办理此项（\(action.name)）") }
            guard actor.department == record.department else { throw CaseRuleError.forbidden("该办件由其他部门（\(record.department)）审批") }
        }
    }
}

extension CaseAction {
    var opinionText: String {
        switch self {
        case .completeCorrection(_, let o), .receiveMaterials(_, let o), .undertake(let o), .review(let o), .decide(_, let o), .conclude(let o),
             .sendBack(let o), .withdraw(let o), .startSpecialProcedure(_, let o, _), .endSpecialProcedure(let o), .extend(_, _, let o): o
        case .deliver: ""
        }
    }
}

/// The fields an action request may carry, whatever it came from (API body or page form), and
/// the one translation of them into a ``CaseAction``.
public struct CaseActionInput: Sendable {
    public var opinion = ""
    public var granted: Bool?
    public var method: DeliveryMethod?
    public var trackingNumber: String?
    public var kind: SpecialProcedureKind?
    public var expectedDays: Int?
    public var days: Int?
    public var approvedBy = ""
    public var materials: [MaterialReceipt] = []

    public init() {}

    /// The action named `name` (as in ``CaseAction/names``), or nil with every missing field in `c`.
    public func action(_ name: String, into c: inout ProblemCollector) -> CaseAction? {
        switch name {
        case "complete-correction": return .completeCorrection(materials: materials, opinion: opinion)
        case "receive-materials": return .receiveMaterials(materials: materials, opinion: opinion)
        case "undertake": return .undertake(opinion: opinion)
        case "review": return .review(opinion: opinion)
        case "decide":
            guard let granted else { c.add("granted", "请选择准予或不予"); return nil }
            return .decide(granted: granted, opinion: opinion)
        case "conclude": return .conclude(opinion: opinion)
        case "deliver":
            guard let method else { c.add("method", "请选择送达方式：pickup（窗口领取）或 post（邮寄）"); return nil }
            return .deliver(method: method, trackingNumber: trackingNumber)
        case "send-back": return .sendBack(reason: opinion)
        case "withdraw": return .withdraw(reason: opinion)
        case "start-special-procedure":
            if kind == nil { c.add("kind", "请选择特别程序种类") }
            if expectedDays == nil { c.add("expectedDays", "请填写预计所需天数") }
            guard let kind, let expectedDays else { return nil }
            return .startSpecialProcedure(kind: kind, reason: opinion, expectedDays: expectedDays)
        case "end-special-procedure": return .endSpecialProcedure(opinion: opinion)
        case "extend":
            guard let days else { c.add("days", "请填写延长的天数"); return nil }
            return .extend(days: days, approvedBy: approvedBy, reason: opinion)
        default:
            c.add("action", "未知的办理操作“\(name)”")
            return nil
        }
    }
}

/// The documents named in a history entry (附件): their names or numbers as the officer gives
/// them, at most 20 of at most 200 characters each. The files themselves live in the
/// department's records; the history says which ones the step rests on.
public enum CaseAttachments {
    public static let maximumCount = 20
    public static let maximumLength = 200

    /// Names from one text field: one per line, or separated by "、", "；" or ";".
    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: { "\n\r、；;".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    static func check(_ attachments: [String], into c: inout ProblemCollector) {
        if attachments.count > maximumCount { c.add("attachments", "附件最多 \(maximumCount) 个（现为 \(attachments.count) 个）") }
        for (i, name) in attachments.enumerated() {
            if name.trimmingWhitespace().isEmpty { c.add("attachments[\(i)]", "附件名称不能为空") }
            c.limitText("attachments[\(i)]", name, label: "附件名称", maxLength: maximumLength)
        }
    }
}

extension CaseLifecycle {
    /// Dates the materials that this step received (the 受理通知书 shows what came when).
    static func dateReceipts(_ record: inout CaseRecord, before: CaseRecord, today: CivilDate) {
        for i in record.materials.indices where record.materials[i].received && !(before.materials.indices.contains(i) && before.materials[i].received) {
            record.materials[i].receivedOn = today
        }
    }
}

extension CaseEvent {
    /// The event with the materials it changed, each as "name：before → after".
    func changing(materials before: [CaseMaterial], to after: [CaseMaterial]) -> CaseEvent {
        var event = self
        let changes = zip(before, after).compactMap { old, new -> String? in
            let was = old.receivedPhrase + (old.defect.isEmpty ? "" : "（\(old.defect)）")
            let now = new.receivedPhrase + (new.defect.isEmpty ? "" : "（\(new.defect)）")
            return was == now ? nil : "\(new.name)：\(was) → \(now)"
        }
        event.materialChanges = changes.isEmpty ? nil : changes
        return event
    }
}
