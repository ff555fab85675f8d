import OneDoorCore
import OneDoorStorage

/// The window's evaluator: who served last, and the visit waiting to be rated (nil: none).
public struct WindowEvaluation: Sendable, Hashable {
    public var staffName: String?
    public var staffNumber: String?
    public var ticketID: String?
    public var ticketNumber: String?

    public init() {}
}

/// A rating with its rectification, as the rater or the owner sees it.
public struct RatingView: Sendable {
    public var rating: Rating
    public var rectification: Rectification?
    /// Whether the rater may still change it (within ``RatingRules/changeDays``).
    public var changeable = true
}

/// 好差评 and 整改 (issue 18 §1, ADR 0040): the applicant rates a concluded case of theirs (一事一评)
/// once, changing it within 7 days; a 差评 opens a rectification owned by the rated department,
/// run by its approvers (核实 → 整改 → 反馈), answered by the rater, appealed to a supervisor.
/// Every entrance goes through here; permission is checked once.
public final class RatingService: Sendable {
    public let repository: RatingRepository
    let cases: CaseService
    let queues: QueueService
    let accounts: AccountRepository
    let applications: ApplicationRepository
    let templates: MessageTemplateService
    let messagesWritten: @Sendable () -> Void
    let calendar: CalendarService
    let clock: any AppClock
    /// Working days the written result of a rectification is due in.
    public let rectificationDays: Int

    public init(repository: RatingRepository, cases: CaseService, queues: QueueService, accounts: AccountRepository, applications: ApplicationRepository,
                calendar: CalendarService,
                clock: any AppClock, templates: MessageTemplateService = .builtIn, messagesWritten: @escaping @Sendable () -> Void = {},
                rectificationDays: Int = RectificationRules.defaultDays) {
        self.templates = templates
        self.messagesWritten = messagesWritten
        self.repository = repository
        self.cases = cases
        self.queues = queues
        self.accounts = accounts
        self.applications = applications
        self.calendar = calendar
        self.clock = clock
        self.rectificationDays = rectificationDays
    }

    /// The citizen rates (or, within 7 days, re-rates) one of their own cases once it ended — the
    /// rating records the item, department, hall, window and the accepting clerk's number; a
    /// 差评 opens its rectification in the same transaction. Anyone else's case is unknown (404).
    public func rateCase(_ number: CaseNumber, _ input: RatingInput, by identity: CitizenIdentity) async throws -> RatingView {
        guard let (record, events) = try await cases.citizenRecord(number, by: identity) else { throw CaseStoreError.notFound(number) }
        guard [.concluded, .delivered, .notAccepted].contains(record.state) else {
            throw CaseRuleError.notAllowed("办件当前为“\(record.state.label)”，办结后才能评价")
        }
        let context = RatingContext(caseNumber: record.number, itemCode: record.itemCode, itemName: record.itemName, department: record.department,
                                    hall: record.hall, window: record.window,
                                    staffNumber: events.first { $0.action == "accept" || $0.action == "refuse" }?.staffNumber)
        return try await rate(.case(number), input, context: context, rater: record.applicant.key)
    }

    /// The citizen rates (or re-rates within 7 days) their own online application once it was
    /// decided (网上办理, 一事一评): the pre-review is what is rated — the hall's, or the department's
    /// where it reviews its own items, which then owns a 差评's rectification.
    public func rateApplication(_ id: String, _ input: RatingInput, by identity: CitizenIdentity) async throws -> RatingView {
        let application = try await ownDecided(id, by: identity)
        let context = RatingContext(caseNumber: application.caseNumber, itemCode: application.theme == nil ? application.itemCode : nil,
                                    itemName: application.itemName, department: application.departmentReview == true ? application.department : nil,
                                    hall: application.hall)
        return try await rate(.application(id), input, context: context, rater: application.applicant.key)
    }

    /// The rating of one of the citizen's decided applications (nil: not rated).
    public func applicationRating(_ id: String, by identity: CitizenIdentity) async throws -> RatingView? {
        _ = try await ownDecided(id, by: identity)
        guard let rating = try await repository.rating(of: .application(id)) else { return nil }
        return RatingView(rating: rating, rectification: try await repository.rectification(ofRating: rating.id),
                          changeable: RatingRules.changeable(rating, now: clock.now()))
    }

    private func ownDecided(_ id: String, by identity: CitizenIdentity) async throws -> OnlineApplication {
        guard ApplicationService.isID(id), let (application, _) = try await applications.find(id), application.citizen == identity.account.id else {
            throw ApplicationStoreError.notFound(id)
        }
        guard application.state == .accepted || application.state == .refused else {
            throw CaseRuleError.notAllowed("申报当前为“\(application.state.label)”，受理或不予受理后才能评价")
        }
        return application
    }

    /// The rating of one of the citizen's cases, with its rectification (nil: not rated).
    public func caseRating(_ number: CaseNumber, by identity: CitizenIdentity) async throws -> RatingView? {
        guard try await cases.citizenRecord(number, by: identity) != nil else { throw CaseStoreError.notFound(number) }
        guard let rating = try await repository.rating(of: .case(number)) else { return nil }
        return RatingView(rating: rating, rectification: try await repository.rectification(ofRating: rating.id),
                          changeable: RatingRules.changeable(rating, now: clock.now()))
    }

    func rate(_ service: RatedService, _ input: RatingInput, context: RatingContext, rater: String) async throws -> RatingView {
        let existing = try await repository.rating(of: service)
        let now = clock.now()
        let rating = try RatingRules.rate(input, service: service, context: context, rater: rater, existing: existing, now: now)
        let opening = try RectificationRules.open(rating, today: calendar.today, now: now, calendar: calendar.calendar, days: rectificationDays)
        let (stored, rectification) = try await repository.rate(rating, replacing: existing, opening: opening, at: now)
        return RatingView(rating: stored, rectification: rectification)
    }

    // MARK: Published figures

    /// The month's figures by hall, department and item (政务公开: published monthly) — public,
    /// counts only, no rater or staff.
    public func figures(month: CivilDate) async throws -> [RatingGrouping: [RatingFigure]] {
        let from = month.firstOfMonth.startEpochSeconds, to = month.firstOfMonth(adding: 1).startEpochSeconds
        var figures: [RatingGrouping: [RatingFigure]] = [:]
        for grouping in RatingGrouping.published { figures[grouping] = try await repository.figures(from: from, to: to, by: grouping) }
        return figures
    }

    // MARK: The window's evaluator (一次一评)

    /// Minutes after a ticket is finished during which the window's evaluator asks for its rating.
    public static let evaluatorMinutes: Int64 = 10

    /// What the evaluator facing the citizen at a window shows: the member of staff who served
    /// last (their name card) and the visit waiting to be rated, if one finished in the last
    /// minutes and is not rated yet. `device` is a kiosk of the hall (checked by the caller).
    public func evaluator(hall: HallCode, window: WindowNumber) async throws -> WindowEvaluation {
        guard let last = try await lastVisit(hall: hall, window: window) else { return WindowEvaluation() }
        var evaluation = WindowEvaluation()
        if let id = last.staffID, let staff = try await accounts.account(id: id) {
            evaluation.staffName = staff.displayName
            evaluation.staffNumber = staff.staffNumber
        }
        if try await repository.rating(of: .ticket(last.ticket.id)) == nil {
            evaluation.ticketID = last.ticket.id
            evaluation.ticketNumber = last.ticket.number
        }
        return evaluation
    }

    /// The citizen at the window rates the visit just finished there (一次一评): only the ticket
    /// the evaluator shows — the last finished at that window within its minutes —, once; the
    /// rating records the hall, window and staff number, and a 差评's rectification is the hall's.
    public func rateTicket(_ ticketID: String, hall: HallCode, window: WindowNumber, _ input: RatingInput) async throws -> RatingView {
        guard let last = try await lastVisit(hall: hall, window: window), last.ticket.id == ticketID else {
            throw CaseRuleError.notAllowed("该次服务已不在评价时间内，或不是本窗口刚办结的服务")
        }
        if try await repository.rating(of: .ticket(ticketID)) != nil { throw RatingStoreError.alreadyRated }
        var staff: StaffAccount?
        if let id = last.staffID { staff = try await accounts.account(id: id) }
        let context = RatingContext(caseNumber: last.ticket.caseNumber, itemName: "\(last.ticket.number) 号", hall: hall, window: window,
                                    staffNumber: staff?.staffNumber)
        var input = input
        input.channel = .window
        return try await rate(.ticket(ticketID), input, context: context, rater: last.ticket.holderKey)
    }

    /// The visit last finished at the window within the evaluator's minutes.
    private func lastVisit(hall: HallCode, window: WindowNumber) async throws -> (ticket: Ticket, finishedAt: Int64, staffID: Int64?)? {
        try await queues.repository.lastFinished(hall: hall, window: window, since: clock.now() - Self.evaluatorMinutes * 60)
    }

    // MARK: Rectification

    /// The open rectifications the member of staff's department (or, for clerks, hall) owns; all
    /// of them for supervisors (appeals, overdue ones).
    public func openRectifications(by identity: Identity) async throws -> [Rectification] {
        switch identity.role {
        case .approver: return try await repository.open(department: identity.account.department ?? "", hall: nil, limit: 200)
        case .clerk: return try await repository.open(department: nil, hall: identity.account.hall ?? "", limit: 200)
        case .supervisor: return try await repository.open(department: nil, hall: nil, limit: 500)
        case .admin: throw CaseRuleError.forbidden("整改由被评价的部门或服务中心办理")
        }
    }

    /// A rectification with its rating for its owner — an approver of the rated department, or for
    /// a window visit a clerk of its hall — or a supervisor; who rated is shown to supervisors only.
    public func rectificationDetail(_ id: Int64, by identity: Identity) async throws -> RatingView {
        guard let rectification = try await repository.rectification(id), var rating = try await repository.rating(id: rectification.rating) else {
            throw ProblemDetails.notFound("整改不存在")
        }
        if identity.role != .supervisor {
            guard rectification.isOwned(by: CaseActor(identity.account)) else { throw ProblemDetails.notFound("整改不存在") }
            rating.rater = "（仅监察人员可见）"
        }
        return RatingView(rating: rating, rectification: rectification, changeable: false)
    }

    /// One step of a rectification by its owner or a supervisor, from the revision they saw. The
    /// written result (整改) is told to the rater at the contact they last gave, in the step's
    /// transaction.
    public func act(_ id: Int64, _ action: RectificationAction, expectedRevision: Int?, by identity: Identity) async throws -> Rectification {
        guard let current = try await repository.rectification(id) else { throw ProblemDetails.notFound("整改不存在") }
        if let expectedRevision, expectedRevision != current.revision { throw RatingStoreError.conflict }
        let next = try RectificationRules.apply(action, to: current, by: CaseActor(identity.account), now: clock.now(), today: calendar.today)
        var messages: [OutgoingMessage] = []
        if case .rectify(let result) = action, let rating = try await repository.rating(id: current.rating),
           let contact = try await cases.repository.applicant(key: rating.rater) {
            messages = RatingMessages.feedback(next, rating: rating, result: result.trimmingWhitespace(), phone: contact.phone, email: contact.email,
                                               book: await templates.current())
        }
        try await repository.save(next, expectedRevision: current.revision, at: clock.now(), messages: messages, policy: cases.repository.messagePolicy)
        if !messages.isEmpty { messagesWritten() }
        return next
    }

    /// The citizen's own ratings (theirs and their enterprises'), newest first, with their rectifications.
    public func mine(by identity: CitizenIdentity) async throws -> [RatingView] {
        let now = clock.now()
        return try await repository.ratings(raters: try await cases.applicantKeys(identity), limit: 50).map { rating, rectification in
            RatingView(rating: rating, rectification: rectification, changeable: RatingRules.changeable(rating, now: now))
        }
    }

    /// The rater answers the feedback on the rectification of one of their ratings: theirs by
    /// their verified identity, or the rating of a case of theirs (an online applicant's).
    public func answer(rating id: Int64, satisfied: Bool, comment: String, by identity: CitizenIdentity) async throws -> Rectification {
        guard let rating = try await repository.rating(id: id), let current = try await repository.rectification(ofRating: id) else {
            throw ProblemDetails.notFound("评价不存在")
        }
        var theirs = try await cases.applicantKeys(identity).contains(rating.rater)
        switch rating.service {
        case .case(let number) where !theirs: theirs = try await cases.citizenRecord(number, by: identity) != nil
        case .application(let id) where !theirs: theirs = try await applications.find(id)?.0.citizen == identity.account.id
        default: break
        }
        guard theirs else { throw ProblemDetails.notFound("评价不存在") }
        let next = try RectificationRules.apply(.answer(satisfied: satisfied, comment: comment), to: current, by: nil, now: clock.now())
        try await repository.save(next, expectedRevision: current.revision, at: clock.now())
        return next
    }
}
