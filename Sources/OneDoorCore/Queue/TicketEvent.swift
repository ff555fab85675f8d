/// What happened to a ticket; statistics derive from these events, never from the ticket row.
public enum TicketEventKind: String, Sendable, Codable, CaseIterable {
    case issued, called, recalled, started, transferred, parked, resumed, finished
    case noShow = "no-show"

    public var label: String {
        switch self {
        case .issued: "取号"
        case .called: "叫号"
        case .recalled: "重呼"
        case .started: "开始办理"
        case .transferred: "转队列"
        case .parked: "暂挂"
        case .resumed: "恢复叫号"
        case .finished: "办结"
        case .noShow: "过号"
        }
    }
}

/// One step of a ticket's day.
public struct TicketEvent: Sendable, Hashable, Codable {
    public var ticket: String
    public var kind: TicketEventKind
    /// Seconds since the epoch.
    public var at: Int64
    /// The queue the ticket is in after the event (the new queue for a transfer).
    public var queue: QueueCode
    public var window: WindowNumber?
    public var staffID: Int64?

    public init(ticket: String, kind: TicketEventKind, at: Int64, queue: QueueCode, window: WindowNumber? = nil, staffID: Int64? = nil) {
        self.ticket = ticket
        self.kind = kind
        self.at = at
        self.queue = queue
        self.window = window
        self.staffID = staffID
    }
}
