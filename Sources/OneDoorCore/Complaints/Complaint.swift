/// 投诉、举报、咨询、建议 (issue 18 §2).
public enum ComplaintKind: String, Sendable, Hashable, Codable, CaseIterable {
    case complaint, report, consultation, suggestion

    public var label: String {
        switch self {
        case .complaint: "投诉"
        case .report: "举报"
        case .consultation: "咨询"
        case .suggestion: "建议"
        }
    }

    /// Working days the owner has to reply: a question is answered within three, a complaint
    /// within ten, a report or a suggestion within fifteen (the 12345 hotline's usual limits).
    public var replyDays: Int {
        switch self {
        case .consultation: 3
        case .complaint: 10
        case .report, .suggestion: 15
        }
    }

    /// Whether the reply says if the matter was found true (属实): complaints and reports.
    public var findsFacts: Bool { self == .complaint || self == .report }
}

/// How it came in.
public enum ComplaintChannel: String, Sendable, Hashable, Codable, CaseIterable {
    case online
    /// At a hall's supervision desk (监督台), recorded by a clerk.
    case desk
    /// By telephone, recorded by a clerk.
    case phone

    public var label: String {
        switch self {
        case .online: "网上"
        case .desk: "服务中心监督台"
        case .phone: "电话"
        }
    }
}

/// What it is about, for routing and figures.
public enum ComplaintCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case attitude, delay, materials, fees, misconduct, policy, environment, other

    public var label: String {
        switch self {
        case .attitude: "服务态度"
        case .delay: "办事拖延、超时限"
        case .materials: "要求提交不必要的材料、多次跑动"
        case .fees: "违规收费"
        case .misconduct: "违纪违规（吃拿卡要等）"
        case .policy: "政策咨询"
        case .environment: "场所与设施"
        case .other: "其他"
        }
    }
}

public enum ComplaintState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, waiting for a supervisor to classify and assign it.
    case received
    /// With its owner, who must reply by its due day.
    case assigned
    /// Replied; the complainant may rate the reply.
    case replied
    /// The complainant rated the reply (or nobody can: anonymous).
    case closed

    public var label: String {
        switch self {
        case .received: "待分办"
        case .assigned: "办理中"
        case .replied: "已答复"
        case .closed: "已办结"
        }
    }

    public var isOpen: Bool { self == .received || self == .assigned }
}

/// Whether a complaint or report was found true.
public enum ComplaintFinding: String, Sendable, Hashable, Codable, CaseIterable {
    case upheld, partly, unfounded

    public var label: String {
        switch self {
        case .upheld: "属实"
        case .partly: "部分属实"
        case .unfounded: "不属实"
        }
    }
}

/// One step of a complaint's history.
public struct ComplaintStep: Sendable, Hashable, Codable {
    public var action: String
    public var step: String
    public var at: Int64
    public var actor: String
    public var text: String
}

/// A complaint, report, question or suggestion: taken online, at a desk or by phone, assigned to
/// a department (or a hall for its windows) with a due day, replied to, the reply rated by the
/// complainant, who follows it with its number and query code like a case. A report may be
/// anonymous: no name, no contact, nothing sent back — only the query code.
public struct Complaint: Sendable, Hashable, Codable {
    public var id: Int64
    /// `TS` + day + id: what the complainant quotes.
    public var number: String
    public var queryCode: String
    public var kind: ComplaintKind
    public var channel: ComplaintChannel
    public var category: ComplaintCategory?
    public var anonymous: Bool
    public var name: String?
    public var phone: String?
    public var email: String?
    /// The citizen account that filed it online, if signed in.
    public var citizenID: Int64?
    public var content: String
    /// What it concerns, where it concerns one.
    public var caseNumber: CaseNumber?
    public var hall: HallCode?
    public var window: WindowNumber?
    public var staffNumber: String?
    /// Its owner: a department, or a hall for its windows.
    public var department: DepartmentCode?
    public var state: ComplaintState
    public var receivedOn: CivilDate
    public var dueOn: CivilDate?
    public var reply: String?
    public var finding: ComplaintFinding?
    public var repliedAt: Int64?
    /// The complainant's word on the reply.
    public var satisfied: Bool?
    public var ratingComment: String?
    public var steps: [ComplaintStep]
    public var revision: Int

    /// Not replied after its due day: it is escalated to the supervisors (overview, list, 督办).
    public func isOverdue(today: CivilDate) -> Bool {
        state.isOpen && (dueOn.map { today > $0 } ?? false)
    }

    /// Whether `actor` replies to it: an approver of its department, or a clerk of its hall when no
    /// department owns it.
    public func isOwned(by actor: CaseActor) -> Bool {
        guard state == .assigned else { return false }
        if let department { return actor.role == .approver && actor.department == department }
        return actor.role == .clerk && hall != nil && actor.hall == hall
    }

    /// Whether anyone can be told of it.
    public var hasContact: Bool { !anonymous && (phone != nil || email != nil || citizenID != nil) }
}

/// Thrown when a complaint cannot be stored.
public enum ComplaintStoreError: Error, Sendable, Equatable {
    /// Changed by someone else since it was read (409).
    case conflict
}
