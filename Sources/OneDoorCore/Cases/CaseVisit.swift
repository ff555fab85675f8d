/// The queue ticket a case was opened from (取号 → 受理): which ticket, from which queue, and how
/// long its holder waited to be called. Kept with the case, so the waiting time stays with it.
public struct CaseVisit: Sendable, Hashable, Codable {
    /// The ticket's id (its status page is `/tickets/<id>`).
    public var ticket: String
    /// "A012", as called.
    public var number: String
    public var queue: QueueCode
    public var queueName: String
    public var issuedAt: Int64
    /// When it was last called to the window that opened the case.
    public var calledAt: Int64
    /// From taking the ticket to being called; a transferred ticket keeps its issue time, so this
    /// is the whole wait the holder saw. Stored, so the API and exports carry it as it was.
    public var waitSeconds: Int

    public init(ticket: String, number: String, queue: QueueCode, queueName: String, issuedAt: Int64, calledAt: Int64) {
        self.ticket = ticket
        self.number = number
        self.queue = queue
        self.queueName = queueName
        self.issuedAt = issuedAt
        self.calledAt = calledAt
        self.waitSeconds = Int(max(0, calledAt - issuedAt))
    }

    /// The visit of `ticket`, called to `window` of `hall`, for a case of `applicant` (with
    /// `agent`). Refused unless the ticket is this hall's, at this window, called or being
    /// served, and held by the applicant or the agent: a real-name ticket is not passed on. A
    /// holder who is neither is a problem of the form (`ticket`), reported with the others.
    public static func from(
        _ ticket: Ticket, queue: HallQueue, hall: HallCode, window: WindowNumber?, applicant: Applicant, agent: Person?,
        into c: inout ProblemCollector
    ) throws(CaseRuleError) -> CaseVisit {
        guard ticket.hall == hall else { throw CaseRuleError.forbidden("排队号 \(ticket.number) 属于其他服务中心，不能在本中心受理") }
        guard ticket.state == .called || ticket.state == .serving, let calledAt = ticket.calledAt else {
            throw CaseRuleError.notAllowed("排队号 \(ticket.number) 当前为“\(ticket.state.label)”，须叫号到窗口后才能受理")
        }
        if let window, let owner = ticket.window, owner != window {
            throw CaseRuleError.notAllowed("排队号 \(ticket.number) 正在 \(owner) 号窗口办理，不能在 \(window) 号窗口受理")
        }
        let holders = [applicant.personKey, agent.map { Applicant.person($0).key }].compactMap { $0 }
        if !holders.contains(ticket.holderKey) {
            c.add("ticket", "取号人（\(ticket.documentType.label) \(ticket.maskedDocumentNumber)）不是申请人或代办人：实名取号须由本人或其代办人办理")
        }
        return CaseVisit(ticket: ticket.id, number: ticket.number, queue: queue.code, queueName: queue.name,
                         issuedAt: ticket.issuedAt, calledAt: calledAt)
    }
}

extension Applicant {
    /// The key of the person applying, nil for an enterprise.
    var personKey: String? {
        if case .person = self { key } else { nil }
    }
}
