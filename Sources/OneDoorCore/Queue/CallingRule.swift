/// The head of one lane of one queue: the ticket a window would call from it.
public struct CallCandidate: Sendable, Hashable {
    public var ticket: String
    public var queue: QueueCode
    public var lane: TicketLane
    public var issuedAt: Int64
    /// Breaks ties between tickets issued in the same second: issue order.
    public var order: Int64

    public init(ticket: String, queue: QueueCode, lane: TicketLane, issuedAt: Int64, order: Int64) {
        self.ticket = ticket
        self.queue = queue
        self.lane = lane
        self.issuedAt = issuedAt
        self.order = order
    }
}

/// Which ticket a window calls next (智能叫号).
///
/// Appointments checked in on time come first (先预约、后办理), in the order of their issue.
/// Then priority tickets, unless the window has just served one: after a priority call
/// it calls `ordinaryPerPriority` ordinary tickets, if any wait, before the next priority one,
/// so the ordinary queue keeps moving when many priority tickets arrive. Within a lane, the
/// ticket waiting longest across the window's queues goes first.
public enum CallingRule {
    /// - Parameters:
    ///   - heads: the longest-waiting ticket of each lane of each queue the window calls from.
    ///   - ordinarySincePriority: ordinary tickets this window has called since its last priority one.
    public static func pick(_ heads: [CallCandidate], ordinarySincePriority: Int, policy: TicketPolicy) -> CallCandidate? {
        let longestWaiting = { (lane: [CallCandidate]) in lane.min { ($0.issuedAt, $0.order) < ($1.issuedAt, $1.order) } }
        if let due = longestWaiting(heads.filter { $0.lane == .appointment }) { return due }
        let priority = longestWaiting(heads.filter { $0.lane == .priority })
        let ordinary = longestWaiting(heads.filter { $0.lane == .ordinary })
        guard let priority else { return ordinary }
        guard let ordinary else { return priority }
        return ordinarySincePriority >= policy.ordinaryPerPriority ? priority : ordinary
    }

    /// The window's new count after calling `candidate`; appointments leave it as it was.
    public static func ordinaryCount(after candidate: CallCandidate, was count: Int) -> Int {
        switch candidate.lane {
        case .appointment: count
        case .priority: 0
        case .ordinary: count + 1
        }
    }
}

/// Estimated waits shown on tickets, the kiosk and the API.
public enum WaitEstimate {
    /// Seconds until a ticket with `ahead` tickets before it is called, when `windows` windows
    /// serve its queue at `serviceSeconds` each; rounded up to whole minutes.
    public static func seconds(ahead: Int, serviceSeconds: Int, windows: Int) -> Int {
        guard ahead > 0 else { return 0 }
        let raw = (ahead * serviceSeconds + max(1, windows) - 1) / max(1, windows)
        return (raw + 59) / 60 * 60
    }
}
