import OneDoorCore
import OneDoorStorage
import Synchronization

/// A queue as the kiosk, the call screen and the API show it.
public struct QueueStatus: Sendable, Hashable {
    public var queue: HallQueue
    public var waiting: Int
    public var priorityWaiting: Int
    /// Windows that call from this queue.
    public var windows: [WindowNumber]
    /// For a ticket taken now: seconds until it is called, as things stand.
    public var estimatedWaitSeconds: Int
}

/// A ticket with where it stands.
public struct TicketStatus: Sendable, Hashable {
    public var ticket: Ticket
    public var queue: HallQueue
    public var hallName: String
    public var ahead: Int
    public var estimatedWaitSeconds: Int
}

/// A hall's queue set-up as the hot paths read it.
struct HallConfiguration: Sendable {
    var queues: [HallQueue]
    /// Window profiles as configured (windows without one call by category).
    var profiles: [WindowNumber: [QueueCode]]
    /// What each window of the hall calls from: its profile, or its categories' queues.
    var serving: [WindowNumber: [QueueCode]]
    /// The catalogue (organisation) it was resolved against.
    var catalogGeneration: Int
}

/// Queues and tickets (排队叫号): real-name issue at the kiosk, calling at the windows.
public final class QueueService: Sendable {
    public let repository: QueueRepository
    /// The words of the near message and who to wake when one is written.
    let templates: MessageTemplateService
    let messagesWritten: @Sendable () -> Void
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    public let policy: TicketPolicy
    let enforceOpeningHours: Bool
    let ticketID: @Sendable () -> String
    /// Wakes the hall's call screens and workstations after every change.
    public let signals = HallSignals()
    /// Each hall's queues, configured window profiles and what each window calls from: read on
    /// every ticket and call, changed seldom (and by this process, forgotten at once).
    private let configurations = TimedCache<HallCode, HallConfiguration>(seconds: 5)
    /// Each hall's average service time per queue today, for wait estimates: a scan of the day's
    /// finished tickets, so kept for 15 s (forgotten when this process finishes a ticket there).
    private let serviceTimes = TimedCache<String, [QueueCode: Int]>(seconds: 15)
    /// Carries hall changes to the screens connected to the other servers (ADR 0017).
    let cluster: ClusterBus?
    /// Staff names and numbers by account, for the statistics' staff rows (from the accounts).
    let staffLabels: @Sendable () async throws -> [Int64: String]

    /// A hall's tickets changed: wake its screens here and on the other servers.
    func hallChanged(_ hall: HallCode) {
        received(hall: hall, configuration: false)
        cluster?.publish(.hall(hall))
    }

    /// A hall's queue configuration changed: forget it here and on the other servers.
    private func configurationChanged(_ hall: HallCode) {
        received(hall: hall, configuration: true)
        cluster?.publish(.queueConfiguration(hall))
    }

    /// A hall's tickets changed or, with `configuration`, its queues (here, or on another
    /// server): what this server keeps of it is dropped and its screens woken.
    public func received(hall: HallCode, configuration: Bool) {
        if configuration { configurations.forget(hall) }
        signals.signal(hall: hall)
    }

    /// Messages may have been missed (listening restarted): forget every hall's configuration
    /// and wake every screen.
    public func resync() {
        configurations.forgetAll()
        signals.signalAll()
    }

    public init(
        repository: QueueRepository, catalog: CatalogService, calendar: CalendarService, clock: any AppClock,
        policy: TicketPolicy = TicketPolicy(), enforceOpeningHours: Bool = true, ticketID: @escaping @Sendable () -> String = QueueService.randomTicketID,
        cluster: ClusterBus? = nil, staffLabels: @escaping @Sendable () async throws -> [Int64: String] = { [:] },
        templates: MessageTemplateService = .builtIn, messagesWritten: @escaping @Sendable () -> Void = {}
    ) {
        self.templates = templates
        self.messagesWritten = messagesWritten
        self.cluster = cluster
        self.staffLabels = staffLabels
        self.repository = repository
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
        self.policy = policy
        self.enforceOpeningHours = enforceOpeningHours
        self.ticketID = ticketID
    }

    /// 12 characters from the system's secure generator, in an alphabet without look-alikes:
    /// the id is printed on the ticket and opens its status page, so it must not be guessable.
    public static func randomTicketID() -> String {
        let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The service's clock (pages compute waits with it).
    public func now() -> Int64 { clock.now() }

    // MARK: Queues

    /// The hall's queues; on first use, one per window category (stored, so numbers stay put).
    public func queues(hall code: HallCode) async throws -> [HallQueue] {
        try await configuration(hall: code).queues
    }

    private func configuration(hall code: HallCode) async throws -> HallConfiguration {
        let hall = try self.hall(code)
        let snapshot = catalog.snapshot
        let cached = try await configurations.value(hall.code, now: clock.now()) { try await configuration(hall: hall.code, snapshot: snapshot) }
        guard cached.catalogGeneration == snapshot.generation else {
            // The organisation changed (a window added, its categories changed): resolve again.
            configurations.forget(hall.code)
            return try await configurations.value(hall.code, now: clock.now()) { try await configuration(hall: hall.code, snapshot: snapshot) }
        }
        return cached
    }

    private func configuration(hall: HallCode, snapshot: CatalogSnapshot) async throws -> HallConfiguration {
        var stored = try await repository.queues(hall: hall)
        if stored.isEmpty {
            try await repository.insertIfNone(HallQueue.defaults(hall: hall, categories: snapshot.organisation.windowCategories), hall: hall)
            stored = try await repository.queues(hall: hall)
        }
        let configured = try await repository.windowQueues(hall: hall)
        var serving: [WindowNumber: [QueueCode]] = [:]
        for window in snapshot.organisation.windows where window.hall == hall {
            serving[window.number] = configured[window.number] ?? HallQueue.defaultQueues(of: window, among: stored)
        }
        return HallConfiguration(queues: stored, profiles: configured, serving: serving, catalogGeneration: snapshot.generation)
    }

    /// The window profiles configured for the hall (windows without one call by category).
    public func configuredWindowQueues(hall code: HallCode) async throws -> [WindowNumber: [QueueCode]] {
        try await configuration(hall: code).profiles
    }

    /// The average service seconds per queue of the hall on `day`.
    private func serviceSeconds(hall: HallCode, day: CivilDate) async throws -> [QueueCode: Int] {
        try await serviceTimes.value("\(hall) \(day)", now: clock.now()) { try await repository.serviceSeconds(hall: hall, day: day) }
    }

    /// Adds a queue to the hall or changes one (name, prefix, daily range, target wait). A queue
    /// made from a window category keeps it; a new one belongs to no category, so windows call
    /// from it once their profile lists it.
    public func saveQueue(_ queue: HallQueue, by identity: Identity, client: String) async throws -> HallQueue {
        try identity.require(.manageOrganisation)
        let queues = try await self.queues(hall: queue.hall)
        var saved = queue
        saved.category = queues.first { $0.code == queue.code }?.category
        let problems = saved.problems(others: queues)
        if !problems.isEmpty { throw ValidationFailed(problems) }
        try await repository.save(saved, by: identity.actor(client: client), at: clock.now())
        configurationChanged(queue.hall)
        return saved
    }

    /// Sets the queues a window calls from, in order (its profile); an empty list returns it to
    /// the queues of its categories. Returns what the window calls from afterwards.
    public func setWindowQueues(hall code: HallCode, window: WindowNumber, queues codes: [QueueCode], by identity: Identity, client: String) async throws -> [QueueCode] {
        try identity.require(.manageOrganisation)
        let hall = try self.hall(code)
        try requireWindow(window, of: hall.code)
        let queues = try await self.queues(hall: hall.code)
        var c = ProblemCollector()
        for (i, code) in codes.enumerated() {
            if !queues.contains(where: { $0.code == code }) { c.add("queues[\(i)]", "本中心没有“\(code)”队列") }
            if codes[..<i].contains(code) { c.add("queues[\(i)]", "队列“\(code)”重复") }
        }
        try c.throwIfAny()
        try await repository.setWindowQueues(hall: hall.code, window: window, queues: codes, by: identity.actor(client: client), at: clock.now())
        configurationChanged(hall.code)
        return try await windowQueues(hall: hall.code)[window] ?? []
    }

    /// The queues each window of the hall calls from: configured, or those of its categories.
    public func windowQueues(hall code: HallCode) async throws -> [WindowNumber: [QueueCode]] {
        try await configuration(hall: code).serving
    }

    /// Every queue with its waiting tickets and the wait a ticket taken now would have.
    public func overview(hall code: HallCode) async throws -> [QueueStatus] {
        let queues = try await self.queues(hall: code)
        let windows = try await windowQueues(hall: code)
        let load = try await repository.load(hall: code)
        let service = try await serviceSeconds(hall: code, day: calendar.today)
        return queues.map { queue in
            let waiting = load[queue.code] ?? QueueLoad()
            return QueueStatus(
                queue: queue, waiting: waiting.waiting, priorityWaiting: waiting.priority,
                windows: windows.filter { $0.value.contains(queue.code) }.keys.sorted(by: Self.windowOrder),
                // A ticket taken now has every waiting ticket ahead of it, and is itself served after them.
                estimatedWaitSeconds: wait(position: waiting.waiting + 1, queue: queue.code, windows: windows, service: service)
            )
        }
    }

    /// The estimate for the ticket at `position` of `queue` (1: next): that many services at
    /// the queue's average time today (or the policy's assumption), over the windows that call from it.
    private func wait(position: Int, queue: QueueCode, windows: [WindowNumber: [QueueCode]], service: [QueueCode: Int]) -> Int {
        WaitEstimate.seconds(ahead: position, serviceSeconds: service[queue] ?? policy.assumedServiceSeconds,
                             windows: windows.values.filter { $0.contains(queue) }.count)
    }

    // MARK: Tickets

    /// Issues a ticket in the holder's real name at `kiosk`, which must stand in the hall
    /// (``KioskService/admit(token:hall:)``): a ticket needs presence.
    public func issue(hall code: HallCode, _ request: TicketRequest, at kiosk: Kiosk) async throws -> TicketStatus {
        guard kiosk.hall == code, kiosk.isActive else { throw KioskError.otherHall(kiosk.hall) }
        let hall = try self.hall(code)
        let now = clock.now()
        let today = CivilDate(epochSeconds: now)
        let minute = CivilDate.minuteOfDay(epochSeconds: now)
        let open = try !enforceOpeningHours || HallHours.isOpen(hall, on: today, minute: minute, calendar: calendar.calendar)
        guard open else {
            let periods = try HallHours.periods(hall, on: today, calendar: calendar.calendar)
            throw TicketRuleError.notAllowed(
                periods.isEmpty ? "\(hall.name)今天不办公（节假日或休息日），请在办公时间前来取号"
                    : "\(hall.name)现在不在办公时间（今天 " + periods.map { "\($0.opens)–\($0.closes)" }.joined(separator: "、") + "），请在办公时间内取号"
            )
        }
        let queues = try await self.queues(hall: code)
        let checked = try request.checked(queues: queues, policy: policy, today: today)
        let queue = queues.first { $0.code == checked.queue }!
        let ticket = try await repository.issue(checked, queue: queue, day: today, id: ticketID(), policy: policy, at: now)
        hallChanged(hall.code)
        return try await status(ticket, hall: hall, queues: queues)
    }

    /// A ticket with where it stands; nil for an unknown id.
    public func ticket(id: String) async throws -> TicketStatus? {
        guard let ticket = try await repository.ticket(id: id) else { return nil }
        return try await status(ticket)
    }

    /// A ticket named on an intake form, with its queue: an unknown id is a problem of the form.
    public func ticketForIntake(id: String) async throws -> (Ticket, HallQueue) {
        guard let ticket = try await repository.ticket(id: id),
              let queue = try await queues(hall: ticket.hall).first(where: { $0.code == ticket.queue })
        else { throw ValidationFailed([ValidationProblem(path: "ticket", reason: "排队号“\(id)”不存在")]) }
        return (ticket, queue)
    }

    /// `ticket` with where it stands now.
    public func status(_ ticket: Ticket) async throws -> TicketStatus {
        try await status(ticket, hall: try hall(ticket.hall), queues: try await queues(hall: ticket.hall))
    }

    private func status(_ ticket: Ticket, hall: Hall, queues: [HallQueue]) async throws -> TicketStatus {
        guard let queue = queues.first(where: { $0.code == ticket.queue }) else { throw TicketStoreError.notFound(ticket.id) }
        let ahead = try await repository.ahead(of: ticket)
        var estimate = 0
        if ticket.state == .waiting {
            let windows = try await windowQueues(hall: hall.code)
            let service = try await serviceSeconds(hall: hall.code, day: ticket.day)
            estimate = wait(position: ahead + 1, queue: queue.code, windows: windows, service: service)
        }
        return TicketStatus(ticket: ticket, queue: queue, hallName: hall.name, ahead: ahead, estimatedWaitSeconds: estimate)
    }

    // MARK: Windows

    /// Calls the next ticket to the clerk's window (叫号); nil when nobody waits for it.
    public func callNext(window: WindowNumber, by identity: Identity) async throws -> Ticket? {
        let hall = try clerkHall(identity, window: window)
        let serves = try await windowQueues(hall: hall)[window] ?? []
        // Holders who left a phone are told when three or fewer wait ahead (issue 15 §5).
        let hallName = try self.hall(hall).name
        let queueNames = Dictionary(try await queues(hall: hall).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let book = await templates.current()
        let told = WrittenFlag()
        let near: @Sendable (Ticket, Int) -> OutgoingMessage? = { ticket, ahead in
            guard let phone = ticket.notifyPhone,
                  let message = TicketMessages.near(ticket, phone: phone, ahead: ahead, hallName: hallName,
                                                    queueName: queueNames[ticket.queue] ?? ticket.queue.rawValue, book: book)
            else { return nil }
            told.set()
            return message
        }
        guard let called = try await repository.callNext(hall: hall, window: window, queues: serves, policy: policy, at: clock.now(),
                                                         staffID: identity.account.id, near: near) else { return nil }
        hallChanged(hall)
        // Written again for a ticket told before, the message is kept once (its key); waking the
        // dispatcher for nothing costs one look at the outbox.
        if told.isSet { messagesWritten() }
        return called
    }

    /// Recall, start, finish, transfer (to `target`), park, resume or no-show at the clerk's window.
    public func act(_ action: TicketAction, ticket id: String, window: WindowNumber, target: QueueCode? = nil, by identity: Identity) async throws -> Ticket {
        let hall = try clerkHall(identity, window: window)
        var targetQueue: HallQueue?
        if action == .transfer {
            let queues = try await self.queues(hall: hall)
            guard let target, let found = queues.first(where: { $0.code == target }) else {
                throw ValidationFailed([ValidationProblem(path: "target", reason: target == nil ? "请选择转入的队列" : "本中心没有“\(target!)”队列")])
            }
            targetQueue = found
        }
        let ticket = try await repository.act(action, ticket: id, hall: hall, window: window, target: targetQueue, policy: policy, at: clock.now(), staffID: identity.account.id)
        if ticket.state == .finished { serviceTimes.forget("\(hall) \(ticket.day)") }
        hallChanged(hall)
        return ticket
    }

    /// The tickets at the clerk's window: called, being served or parked.
    public func atWindow(_ window: WindowNumber, by identity: Identity) async throws -> [Ticket] {
        let hall = try clerkHall(identity, window: window)
        return try await repository.atWindow(hall: hall, window: window)
    }

    /// The hall's latest calls today, newest first (the call screen).
    public func recentCalls(hall code: HallCode, limit: Int = 8) async throws -> [TicketCall] {
        _ = try hall(code)
        return try await repository.recentCalls(hall: code, day: calendar.today, limit: limit)
    }

    // MARK: Helpers

    /// Window numbers as people count them: 2 before 10.
    static func windowOrder(_ a: String, _ b: String) -> Bool {
        (Int(a) ?? Int.max, a) < (Int(b) ?? Int.max, b)
    }

    static func windowOrder(_ a: WindowNumber, _ b: WindowNumber) -> Bool { windowOrder(a.rawValue, b.rawValue) }

    /// What the call screen shows and says for a call.
    public static func announcement(_ call: TicketCall) -> String {
        "请 \(call.number) 号到 \(call.window) 号窗口办理"
    }

    public func hall(_ code: HallCode) throws -> Hall {
        guard let hall = catalog.snapshot.hallsByCode[code] else { throw OrganisationError.hallNotFound(code) }
        return hall
    }

    /// The clerk's hall, after checking that `window` is one of its windows.
    func clerkHall(_ identity: Identity, window: WindowNumber) throws -> HallCode {
        guard identity.role == .clerk, let hall = identity.account.hall else {
            throw TicketRuleError.forbidden("只有本中心的综合窗口人员可以在窗口叫号和办理排队号")
        }
        try requireWindow(window, of: hall)
        return hall
    }

    /// Throws `windowNotFound` unless `window` is one of the hall's windows.
    func requireWindow(_ window: WindowNumber, of hall: HallCode) throws {
        guard catalog.snapshot.organisation.windows.contains(where: { $0.hall == hall && $0.number == window }) else {
            throw OrganisationError.windowNotFound(hall: hall, number: window)
        }
    }
}

/// Whether a closure run inside a transaction wrote a message.
final class WrittenFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
