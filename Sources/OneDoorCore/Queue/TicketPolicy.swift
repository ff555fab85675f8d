/// The hall's rules for giving out and calling tickets; configurable, with the seeds' defaults.
public struct TicketPolicy: Sendable, Hashable, Codable {
    /// 实名制派号，杜绝黄牛: at most this many tickets per person per hall per day.
    public var ticketsPerPersonPerDay: Int
    /// The age from which the ticket machine puts a resident-ID holder in the elderly lane.
    public var elderlyAge: Int
    /// How priority tickets interleave with the others at a window: after calling a priority
    /// ticket, a window calls this many ordinary tickets (if any wait) before the next priority
    /// one. 0 calls priority tickets first, always.
    public var ordinaryPerPriority: Int
    /// How often a called ticket may be called (the first call included) before it is a no-show.
    public var maximumCalls: Int
    /// Service time assumed for estimates until a queue has served some tickets today.
    public var assumedServiceSeconds: Int

    public init(
        ticketsPerPersonPerDay: Int = 3, elderlyAge: Int = 70, ordinaryPerPriority: Int = 2,
        maximumCalls: Int = 3, assumedServiceSeconds: Int = 480
    ) {
        self.ticketsPerPersonPerDay = ticketsPerPersonPerDay
        self.elderlyAge = elderlyAge
        self.ordinaryPerPriority = ordinaryPerPriority
        self.maximumCalls = maximumCalls
        self.assumedServiceSeconds = assumedServiceSeconds
    }
}
