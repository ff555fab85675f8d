import OneDoorCore
import OneDoorStorage

/// 电子监察 (issue 18 §3, ADR 0042): the supervisors' live overview and their supervision orders
/// (督办) — issued on a case or a rectification with a due day, answered in writing by the
/// department (or the hall's clerks) that owns it, shown on their list and the overview until then.
/// Every entrance goes through here; permission is checked once.
public final class SupervisionService: Sendable {
    public let repository: SupervisionRepository
    let cases: CaseService
    let ratings: RatingRepository
    let complaints: ComplaintRepository
    let queues: QueueService
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    /// Who is told of alerts: mobile numbers and e-mail addresses of the supervisors on duty.
    let alertContacts: [String]
    let templates: MessageTemplateService
    let messagesWritten: @Sendable () -> Void
    /// The overview is shared by every supervisor for a few seconds: it reads every running case.
    let overviewCache: TimedCache<Int, SupervisionOverview>

    /// How often the overview is computed at most (and how often its page refreshes itself).
    public static let overviewSeconds: Int64 = 5
    /// The overdue cases the overview lists (the count covers them all).
    public static let overviewListLength = 20

    public init(repository: SupervisionRepository, cases: CaseService, ratings: RatingRepository, complaints: ComplaintRepository, queues: QueueService,
                catalog: CatalogService, calendar: CalendarService, clock: any AppClock, alertContacts: [String] = [],
                templates: MessageTemplateService = .builtIn, messagesWritten: @escaping @Sendable () -> Void = {},
                overviewSeconds: Int64 = SupervisionService.overviewSeconds) {
        // 0 computes every request afresh: what bench/supervision.sh measures.
        overviewCache = TimedCache(seconds: max(0, overviewSeconds), capacity: 1)
        self.repository = repository
        self.alertContacts = alertContacts
        self.templates = templates
        self.messagesWritten = messagesWritten
        self.complaints = complaints
        self.cases = cases
        self.ratings = ratings
        self.queues = queues
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    // MARK: Orders

    /// A supervisor orders the owner of `subject` to act by `dueOn`. A case that has ended, a
    /// rectification closed or removed, or a subject with an order still unanswered is refused.
    public func issue(_ subject: SupervisedSubject, instruction: String, dueOn: CivilDate?, by identity: Identity) async throws -> SupervisionOrder {
        try identity.require(.supervise)
        let (department, hall, ended) = try await owner(of: subject)
        let order = try SupervisionRules.issue(subject, department: department, hall: hall, subjectEnded: ended, instruction: instruction, dueOn: dueOn,
                                               today: calendar.today, now: clock.now(), by: CaseActor(identity.account))
        let stored = try await repository.insert(order)
        overviewCache.forgetAll()
        return stored
    }

    /// The owner's written reply, from the revision they saw.
    public func answer(_ id: Int64, reply: String, expectedRevision: Int?, by identity: Identity) async throws -> SupervisionOrder {
        guard let current = try await repository.order(id), may(see: current, identity) else { throw ProblemDetails.notFound("督办不存在") }
        if let expectedRevision, expectedRevision != current.revision { throw SupervisionStoreError.conflict }
        let next = try SupervisionRules.answer(current, reply: reply, today: calendar.today, now: clock.now(), by: CaseActor(identity.account))
        try await repository.save(next, expectedRevision: current.revision, at: clock.now())
        overviewCache.forgetAll()
        return next
    }

    public func order(_ id: Int64, by identity: Identity) async throws -> SupervisionOrder {
        guard let order = try await repository.order(id), may(see: order, identity) else { throw ProblemDetails.notFound("督办不存在") }
        return order
    }

    /// The open orders `identity` answers for (an approver's department, a clerk's hall), or every
    /// open one for supervisors; by due day.
    public func openOrders(by identity: Identity) async throws -> [SupervisionOrder] {
        switch identity.role {
        case .supervisor: return try await repository.open(department: nil, hall: nil, limit: 500)
        case .approver:
            guard let department = identity.account.department else { return [] }
            return try await repository.open(department: department, hall: nil, limit: 500)
        case .clerk:
            guard let hall = identity.account.hall else { return [] }
            return try await repository.open(department: nil, hall: hall, limit: 500)
        case .admin: throw CaseRuleError.forbidden("中心管理员不参与督办")
        }
    }

    /// Orders answered in the last 30 days (supervisors read the replies back).
    public func recentlyAnswered(by identity: Identity) async throws -> [SupervisionOrder] {
        try identity.require(.supervise)
        return try await repository.answered(since: clock.now() - 30 * 86_400, limit: 200)
    }

    /// The orders on a case, for whoever may see the case (its page shows them).
    public func orders(onCase number: CaseNumber) async throws -> [SupervisionOrder] {
        try await repository.orders(on: .case(number))
    }

    /// The orders on a complaint.
    public func orders(onComplaint id: Int64) async throws -> [SupervisionOrder] {
        try await repository.orders(on: .complaint(id))
    }

    /// The orders on a rectification.
    public func orders(onRectification id: Int64) async throws -> [SupervisionOrder] {
        try await repository.orders(on: .rectification(id))
    }

    /// Supervisors see every order; approvers their department's, clerks their hall's.
    func may(see order: SupervisionOrder, _ identity: Identity) -> Bool {
        identity.role.may(.supervise) || order.isOwned(by: CaseActor(identity.account))
    }

    /// Who answers for `subject`, and why nothing can be ordered on it any more (nil: it can).
    func owner(of subject: SupervisedSubject) async throws -> (DepartmentCode?, HallCode?, String?) {
        switch subject {
        case .case(let number):
            guard let record = try await cases.repository.find(number) else { throw CaseStoreError.notFound(number) }
            let ended: Set<CaseState> = [.concluded, .delivered, .notAccepted, .withdrawn]
            return (record.department, record.hall, ended.contains(record.state) ? "当前为“\(record.state.label)”" : nil)
        case .rectification(let id):
            guard let rectification = try await ratings.rectification(id) else { throw ProblemDetails.notFound("整改不存在") }
            return (rectification.department, rectification.hall, rectification.state.isOpen ? nil : "当前为“\(rectification.state.label)”")
        case .complaint(let id):
            guard let complaint = try await complaints.find(id: id) else { throw ProblemDetails.notFound("来件不存在") }
            if complaint.state == .received { return (nil, nil, "尚未分办") }
            return (complaint.department, complaint.department == nil ? complaint.hall : nil,
                    complaint.state.isOpen ? nil : "当前为“\(complaint.state.label)”")
        }
    }

    // MARK: Overview

    /// What supervisors watch, computed at most every ``overviewSeconds`` for all of them.
    public func overview(by identity: Identity) async throws -> SupervisionOverview {
        try identity.require(.supervise)
        let now = clock.now()
        if let fresh = overviewCache.fresh(0, now: now) { return fresh }
        let generation = overviewCache.generation
        let overview = try await computeOverview(now: now)
        overviewCache.store(overview, for: 0, now: now, readAt: generation)
        return overview
    }

    func computeOverview(now: Int64) async throws -> SupervisionOverview {
        let today = calendar.today
        let working = calendar.calendar
        async let groups = cases.repository.clockGroups()
        async let overdue = cases.repository.overdueCases(today: today, limit: Self.overviewListLength)
        async let paused = cases.repository.pausedCases(limit: 500)
        async let rectifications = ratings.openCounts(today: today)
        async let complaintCounts = complaints.openCounts(today: today)
        async let orders = repository.open(department: nil, hall: nil, limit: 500)
        var halls: [HallWaiting] = []
        for hall in catalog.snapshot.organisation.halls {
            let figures = try await queues.repository.waitingToday(hall: hall.code, day: today)
            let targets = try await queues.queues(hall: hall.code).map(\.targetWaitMinutes)
            halls.append(HallWaiting(
                hall: hall.code, name: hall.name, waitingNow: figures.waiting,
                longestWaitingSeconds: figures.oldestIssuedAt.map { Int(max(0, now - $0)) }, calledToday: figures.called,
                averageWaitSeconds: figures.called > 0 ? Double(figures.waitedSeconds) / Double(figures.called) : nil,
                targetMinutes: targets.min() ?? 15))
        }
        let open = try await rectifications
        return SupervisionOverview(
            asOf: now, today: today,
            departments: SupervisionOverview.lights(try await groups, today: today, calendar: working, yellowShare: cases.yellowShare),
            overdueCases: try await overdue, stuck: SupervisionOverview.stuck(try await paused, today: today, calendar: working), halls: halls,
            rectificationsOpen: open.open, rectificationsOverdue: open.overdue, complaints: try await complaintCounts, orders: try await orders)
    }
}
