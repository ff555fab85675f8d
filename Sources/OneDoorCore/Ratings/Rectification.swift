/// Where a 差评's rectification (整改) stands: 核实 → 整改 → 反馈, closed when the rater has
/// answered (or did not within the time given), or removed by a supervisor on appeal (申诉).
public enum RectificationState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The department contacts the rater and verifies (within one working day).
    case verifying
    /// Being rectified: a written result is due by the deadline.
    case rectifying
    /// The result was told to the rater, who may say whether they are satisfied.
    case feedback
    case closed
    /// The rating was found mistaken or malicious on appeal, or changed to a good one.
    case removed

    public var label: String {
        switch self {
        case .verifying: "待核实"
        case .rectifying: "整改中"
        case .feedback: "已反馈，待评价人确认"
        case .closed: "已办结"
        case .removed: "已撤销"
        }
    }

    public var isOpen: Bool { self == .verifying || self == .rectifying }
}

/// One step of a rectification's history.
public struct RectificationStep: Sendable, Hashable, Codable {
    public var action: String
    public var step: String
    public var at: Int64
    public var actor: String
    public var text: String

    public init(action: String, step: String, at: Int64, actor: String, text: String) {
        self.action = action
        self.step = step
        self.at = at
        self.actor = actor
        self.text = text
    }
}

/// The rectification a 差评 opens (issue 18 §1; standards §6), owned by the rated service's
/// department (a visit to a window: the hall).
public struct Rectification: Sendable, Hashable, Codable {
    public var id: Int64
    public var rating: Int64
    public var department: DepartmentCode?
    public var hall: HallCode?
    public var state: RectificationState
    public var openedOn: CivilDate
    /// 核实 is due by then (one working day).
    public var verifyBy: CivilDate
    /// The written result is due by then (15 working days unless configured).
    public var rectifyBy: CivilDate
    public var steps: [RectificationStep]
    /// The rater's answer to the feedback.
    public var raterSatisfied: Bool?
    public var revision: Int

    public init(id: Int64, rating: Int64, department: DepartmentCode?, hall: HallCode?, openedOn: CivilDate, verifyBy: CivilDate, rectifyBy: CivilDate,
                steps: [RectificationStep]) {
        self.id = id
        self.rating = rating
        self.department = department
        self.hall = hall
        self.state = .verifying
        self.openedOn = openedOn
        self.verifyBy = verifyBy
        self.rectifyBy = rectifyBy
        self.steps = steps
        self.revision = 1
    }

    /// An appeal waits for a supervisor: the last appeal step is an appeal, not its decision.
    public var appealPending: Bool {
        steps.last(where: { $0.action == "appeal" || $0.action == "decide-appeal" })?.action == "appeal"
    }

    /// The day the step it waits for is due: 核实's, then the written result's.
    public var due: CivilDate { state == .verifying ? verifyBy : rectifyBy }

    /// Overdue on `today`: 核实 or 整改 past its day.
    public func overdue(on today: CivilDate) -> Bool { state.isOpen && today > due }

    /// Whether `actor` owns it: an approver of the rated department, or — for a window visit,
    /// which has none — a clerk of its hall.
    public func isOwned(by actor: CaseActor) -> Bool {
        if let department { return actor.role == .approver && actor.department == department }
        return hall.map { actor.role == .clerk && actor.hall == $0 } ?? false
    }
}

/// The rules of a rectification, pure.
public enum RectificationRules {
    /// The default working days for the written result (configurable per district).
    public static let defaultDays = 15

    /// The rectification `rating` opens on `today`, when it is a 差评.
    public static func open(_ rating: Rating, today: CivilDate, now: Int64, calendar: WorkingCalendar, days: Int = defaultDays) throws -> Rectification? {
        guard rating.level.isNegative else { return nil }
        let verifyBy = try calendar.addingWorkingDays(1, to: today)
        let rectifyBy = try calendar.addingWorkingDays(max(1, days), to: today)
        return Rectification(id: 0, rating: rating.id, department: rating.context.department, hall: rating.context.hall, openedOn: today,
                             verifyBy: verifyBy, rectifyBy: rectifyBy,
                             steps: [RectificationStep(action: "open", step: "差评，启动整改", at: now, actor: "系统",
                                                       text: "\(rating.level.label)：\(rating.reasonText)")])
    }
}

/// What is done to a rectification.
public enum RectificationAction: Sendable, Hashable {
    /// 核实: the owner contacted the rater and verified what happened.
    case verify(note: String)
    /// 整改: the written result, told to the rater (反馈).
    case rectify(result: String)
    /// The rater answers the feedback.
    case answer(satisfied: Bool, comment: String)
    /// 申诉: the owner holds the 差评 mistaken or malicious.
    case appeal(reason: String)
    /// A supervisor decides the appeal: the 差评 removed, or the rectification goes on.
    case decideAppeal(remove: Bool, reason: String)

    public var name: String {
        switch self {
        case .verify: "verify"
        case .rectify: "rectify"
        case .answer: "answer"
        case .appeal: "appeal"
        case .decideAppeal: "decide-appeal"
        }
    }
}

extension RectificationRules {
    /// Applies `action` by `actor` (nil: the rater). The owner — an approver of the rated
    /// department, or for a visit to a window a clerk of its hall — verifies, rectifies and
    /// appeals; only a supervisor decides an appeal; only the rater answers. 核实 or 整改 after its
    /// day (`today` past ``Rectification/due``) is taken — the 差评 still needs it — and its step
    /// says it came late and when it was due, for the rater, the department and 电子监察 to see.
    public static func apply(_ action: RectificationAction, to current: Rectification, by actor: CaseActor?, now: Int64,
                             today: CivilDate? = nil) throws -> Rectification {
        var next = current
        var c = ProblemCollector()
        func owner() throws {
            guard let actor else { throw CaseRuleError.forbidden("由被评价的部门办理整改") }
            guard current.isOwned(by: actor) else { throw CaseRuleError.forbidden("该差评由\(current.department.map { "部门 \($0)" } ?? "服务中心 \(current.hall?.rawValue ?? "")")整改") }
        }
        func require(_ states: Set<RectificationState>, _ what: String) throws {
            guard states.contains(current.state) else { throw CaseRuleError.notAllowed("整改当前为“\(current.state.label)”，不能\(what)") }
        }
        func text(_ value: String, _ label: String) -> String {
            let trimmed = value.trimmingWhitespace()
            c.requireText("text", trimmed, label: label, maxLength: 2000)
            return trimmed
        }
        var step: RectificationStep
        let by = actor?.staffNumber ?? "评价人"
        switch action {
        case .verify(let note):
            try owner()
            try require([.verifying], "核实")
            let note = text(note, "核实情况")
            try c.throwIfAny()
            next.state = .rectifying
            step = RectificationStep(action: action.name, step: "核实", at: now, actor: by, text: note)
        case .rectify(let result):
            try owner()
            try require([.rectifying], "提交整改结果")
            let result = text(result, "整改结果")
            try c.throwIfAny()
            next.state = .feedback
            step = RectificationStep(action: action.name, step: "整改并反馈评价人", at: now, actor: by, text: result)
        case .answer(let satisfied, let comment):
            guard actor == nil else { throw CaseRuleError.forbidden("由评价人确认是否满意") }
            try require([.feedback], "确认整改结果")
            let comment = comment.trimmingWhitespace()
            c.limitText("text", comment, label: "意见", maxLength: 500)
            try c.throwIfAny()
            next.state = .closed
            next.raterSatisfied = satisfied
            step = RectificationStep(action: action.name, step: satisfied ? "评价人对整改满意" : "评价人对整改不满意", at: now, actor: by, text: comment)
        case .appeal(let reason):
            try owner()
            try require([.verifying, .rectifying], "申诉")
            if current.appealPending { throw CaseRuleError.notAllowed("已申诉，等待监察人员复核") }
            let reason = text(reason, "申诉理由")
            try c.throwIfAny()
            step = RectificationStep(action: action.name, step: "申诉（差评有误或恶意）", at: now, actor: by, text: reason)
        case .decideAppeal(let remove, let reason):
            guard actor?.role == .supervisor else { throw CaseRuleError.forbidden("申诉由监察人员复核") }
            guard current.state.isOpen, current.appealPending else {
                throw CaseRuleError.notAllowed("没有待复核的申诉")
            }
            let reason = text(reason, "复核意见")
            try c.throwIfAny()
            if remove { next.state = .removed }
            step = RectificationStep(action: action.name, step: remove ? "申诉成立，差评撤销" : "申诉不成立，继续整改", at: now, actor: by, text: reason)
        }
        if let today, today > current.due, action.name == "verify" || action.name == "rectify" {
            step.step += "（逾期，应于\(current.due.chinese)前）"
        }
        next.steps.append(step)
        next.revision += 1
        return next
    }
}
