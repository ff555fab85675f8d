/// What the ticket store answers: calls for the screens, refusals.
//
// Plain values shared by every layer; storage fills them, pages and the API show them.

/// Why a ticket could not be issued or changed although the request was well formed.
public enum TicketStoreError: Error, Sendable, Equatable {
    case notFound(String)
    /// Someone else changed the ticket since it was read (two windows at once): 409.
    case conflict(number: String)
    /// 实名制: the holder already has `limit` tickets in this hall today.
    case dailyLimit(limit: Int)
    /// The holder already holds an open ticket of this queue.
    case alreadyQueued(queue: String)
    /// The queue gave out its last number of the day.
    case queueFull(queue: String)
}

/// A call shown on the hall's call screen.
public struct TicketCall: Sendable, Hashable {
    public var id: Int64
    public var number: String
    public var queue: QueueCode
    public var window: WindowNumber
    public var kind: TicketEventKind
    public var at: Int64

    public init(id: Int64, number: String, queue: QueueCode, window: WindowNumber, kind: TicketEventKind, at: Int64) {
        self.id = id
        self.number = number
        self.queue = queue
        self.window = window
        self.kind = kind
        self.at = at
    }
}
