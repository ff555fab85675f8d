/// What a supervision order (督办) is about.
public enum SupervisedSubject: Sendable, Hashable, Codable {
    case `case`(CaseNumber)
    /// The rectification of a 差评.
    case rectification(Int64)
    /// A complaint, report, question or suggestion.
    case complaint(Int64)

    /// The stored kind and id (`supervision_orders.subject_kind`, `subject_id`).
    public var kind: String {
        switch self {
        case .case: "case"
        case .rectification: "rectification"
        case .complaint: "complaint"
        }
    }

    public var id: String {
        switch self {
        case .case(let number): number.rawValue
        case .rectification(let id), .complaint(let id): String(id)
        }
    }

    public init?(kind: String, id: String) {
        switch kind {
        case "case": self = .case(CaseNumber(rawValue: id))
        case "rectification": guard let id = Int64(id) else { return nil }; self = .rectification(id)
        case "complaint": guard let id = Int64(id) else { return nil }; self = .complaint(id)
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .case(let number): "办件 \(number)"
        case .rectification(let id): "差评整改 #\(id)"
        case .complaint(let id): "来件 #\(id)"
        }
    }
}

public enum SupervisionOrderState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for the department's reply.
    case open
    case answered

    public var label: String {
        switch self {
        case .open: "待答复"
        case .answered: "已答复"
        }
    }
}

/// A supervision order (督办, 电子监察): a supervisor tells the department that owns a case or a
/// rectification what to do by when, and it must reply in writing. It stands on the department's
/// queue and in the overview until answered.
public struct SupervisionOrder: Sendable, Hashable, Codable {
    public var id: Int64
    public var subject: SupervisedSubject
    /// Who must answer: the department, or for a window's rectification the hall's clerks.
    public var department: DepartmentCode?
    public var hall: HallCode?
    public var instruction: String
    public var dueOn: CivilDate
    public var issuedAt: Int64
    public var issuedByID: Int64
    /// Name and staff number, as the department sees who ordered it.
    public var issuedBy: String
    public var state: SupervisionOrderState
    public var reply: String?
    public var repliedAt: Int64?
    public var repliedBy: String?
    /// Answered after the day it was due.
    public var answeredLate: Bool
    public var revision: Int

    public init(id: Int64 = 0, subject: SupervisedSubject, department: DepartmentCode?, hall: HallCode?, instruction: String, dueOn: CivilDate,
                issuedAt: Int64, issuedByID: Int64, issuedBy: String) {
        self.id = id
        self.subject = subject
        self.department = department
        self.hall = hall
        self.instruction = instruction
        self.dueOn = dueOn
        self.issuedAt = issuedAt
        self.issuedByID = issuedByID
        self.issuedBy = issuedBy
        self.state = .open
        self.answeredLate = false
        self.revision = 1
    }

    /// Still waiting for its reply after the day it was due.
    public func isOverdue(today: CivilDate) -> Bool { state == .open && today > dueOn }

    /// Whether `actor` answers for the order: an approver of its department, or a clerk of its hall
    /// when no department owns it (a visit's rectification).
    public func isOwned(by actor: CaseActor) -> Bool {
        if let department { return actor.role == .approver && actor.department == department }
        return actor.role == .clerk && hall != nil && actor.hall == hall
    }
}

/// Issuing and answering 督办. Pure.
public enum SupervisionRules {
    /// The furthest due day a supervisor may give, in calendar days from today.
    public static let maximumDays = 90

    /// A new order from `actor` (a supervisor) on `subject`, owned by `department` or `hall`.
    /// `subjectEnded` says the case or rectification is over: there is nothing left to order.
    public static func issue(
        _ subject: SupervisedSubject, department: DepartmentCode?, hall: HallCode?, subjectEnded: String?, instruction: String, dueOn: CivilDate?,
        today: CivilDate, now: Int64, by actor: CaseActor
    ) throws -> SupervisionOrder {
        guard actor.role == .supervisor else { throw CaseRuleError.forbidden("只有监察人员可以督办") }
        if let subjectEnded { throw CaseRuleError.notAllowed("\(subject.label)\(subjectEnded)，不能督办") }
        var c = ProblemCollector()
        c.requireText("instruction", instruction, label: "督办要求", maxLength: 1_000)
        if let dueOn {
            if dueOn < today { c.add("dueOn", "答复期限不能早于今天") }
            else if dueOn.dayNumber - today.dayNumber > maximumDays { c.add("dueOn", "答复期限最长 \(maximumDays) 天") }
        } else {
            c.add("dueOn", "请填写答复期限（YYYY-MM-DD）")
        }
        try c.throwIfAny()
        return SupervisionOrder(subject: subject, department: department, hall: hall, instruction: instruction.trimmingWhitespace(),
                                dueOn: dueOn ?? today, issuedAt: now, issuedByID: actor.accountID ?? 0, issuedBy: "\(actor.name)（\(actor.staffNumber)）")
    }

    /// The owner's written reply; late replies are taken and marked late.
    public static func answer(_ order: SupervisionOrder, reply: String, today: CivilDate, now: Int64, by actor: CaseActor) throws -> SupervisionOrder {
        guard order.state == .open else { throw CaseRuleError.notAllowed("该督办已答复") }
        guard order.isOwned(by: actor) else { throw CaseRuleError.forbidden("该督办由\(order.department.map { "部门 \($0)" } ?? "服务中心窗口")答复") }
        var c = ProblemCollector()
        c.requireText("reply", reply, label: "答复", maxLength: 2_000)
        try c.throwIfAny()
        var next = order
        next.state = .answered
        next.reply = reply.trimmingWhitespace()
        next.repliedAt = now
        next.repliedBy = "\(actor.name)（\(actor.staffNumber)）"
        next.answeredLate = today > order.dueOn
        next.revision += 1
        return next
    }
}

/// Thrown when a supervision order cannot be stored.
public enum SupervisionStoreError: Error, Sendable, Equatable {
    /// The subject already has an order waiting for its reply: one at a time (409).
    case alreadyOpen
    /// Answered by someone else since it was read (409).
    case conflict
}
