/// Why a ticket action is refused although its fields are fine (409, or 403 for another hall).
public enum TicketRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAllowed(String)
    case forbidden(String)

    public var description: String {
        switch self {
        case .notAllowed(let reason), .forbidden(let reason): reason
        }
    }
}

/// What a window does with the ticket it called (call-next itself is ``TicketLifecycle/call(_:window:at:)``).
public enum TicketAction: String, Sendable, Codable, CaseIterable {
    /// Call again (重呼); past the maximum number of calls the ticket becomes a no-show.
    case recall
    /// The holder is at the window.
    case start
    case finish
    /// Into another queue of the hall, keeping its issue time (and so its place in time).
    case transfer
    /// Put aside at this window until resumed.
    case park
    /// Call a parked ticket back to this window.
    case resume
    /// The holder did not come (过号).
    case noShow = "no-show"

    public var label: String {
        switch self {
        case .recall: "重呼"
        case .start: "开始办理"
        case .finish: "办结"
        case .transfer: "转队列"
        case .park: "暂挂"
        case .resume: "恢复叫号"
        case .noShow: "过号"
        }
    }
}

/// The ticket state machine: 取号 → 叫号 (→ 重呼 ≤ N) → 办理 → 办结, with transfer, park and
/// resume, and no-show after the last call. Pure: the repository stores what it returns.
public enum TicketLifecycle {
    /// A waiting ticket called to `window`.
    public static func call(_ ticket: Ticket, window: WindowNumber, at now: Int64) throws(TicketRuleError) -> (Ticket, TicketEventKind) {
        guard ticket.state == .waiting else {
            throw .notAllowed("\(ticket.number) 号当前为“\(ticket.state.label)”，不在等候中")
        }
        var t = ticket
        t.state = .called
        t.window = window
        t.calls = 1
        t.calledAt = now
        return (t, .called)
    }

    /// `action` on `ticket` by `window`; `target` is the queue of a transfer.
    public static func apply(
        _ action: TicketAction, to ticket: Ticket, window: WindowNumber, target: HallQueue? = nil, policy: TicketPolicy, at now: Int64
    ) throws(TicketRuleError) -> (Ticket, TicketEventKind) {
        var t = ticket
        if !ticket.state.isOpen {
            throw .notAllowed("\(ticket.number) 号当前为“\(ticket.state.label)”，已结束，不能再\(action.label)")
        }
        if ticket.state == .waiting {
            throw .notAllowed("\(ticket.number) 号还在等候中，尚未被叫号")
        }
        // 首问负责: the window that called a ticket owns it until it leaves that window.
        if let owner = ticket.window, owner != window {
            throw .notAllowed("\(ticket.number) 号正在 \(owner) 号窗口办理，本窗口不能\(action.label)")
        }
        switch action {
        case .recall:
            guard ticket.state == .called else { throw notIn(ticket, action) }
            if ticket.calls >= policy.maximumCalls {
                t.state = .noShow
                return (t, .noShow)
            }
            t.calls += 1
            t.calledAt = now
            return (t, .recalled)
        case .start:
            guard ticket.state == .called else { throw notIn(ticket, action) }
            t.state = .serving
            return (t, .started)
        case .finish:
            guard ticket.state == .serving else { throw notIn(ticket, action) }
            t.state = .finished
            return (t, .finished)
        case .transfer:
            guard ticket.state == .called || ticket.state == .serving else { throw notIn(ticket, action) }
            guard let target, target.hall == ticket.hall else { throw .notAllowed("请选择本中心的目标队列") }
            guard target.code != ticket.queue else { throw .notAllowed("\(ticket.number) 号已在“\(target.name)”队列") }
            t.state = .waiting
            t.queue = target.code
            t.window = nil
            t.calls = 0
            t.calledAt = nil
            return (t, .transferred)
        case .park:
            guard ticket.state == .called || ticket.state == .serving else { throw notIn(ticket, action) }
            t.state = .parked
            return (t, .parked)
        case .resume:
            guard ticket.state == .parked else { throw notIn(ticket, action) }
            t.state = .called
            t.calls = 1
            t.calledAt = now
            return (t, .resumed)
        case .noShow:
            guard ticket.state == .called else { throw notIn(ticket, action) }
            t.state = .noShow
            return (t, .noShow)
        }
    }

    private static func notIn(_ ticket: Ticket, _ action: TicketAction) -> TicketRuleError {
        .notAllowed("\(ticket.number) 号当前为“\(ticket.state.label)”，不能\(action.label)")
    }
}
