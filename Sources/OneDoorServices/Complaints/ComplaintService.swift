import OneDoorCore
import OneDoorStorage

/// 投诉、举报、咨询、建议 (issue 18 §2, ADR 0043): taken online (anyone, or a signed-in citizen), at
/// a hall's supervision desk or by phone (a clerk records it); assigned by a supervisor — or at
/// once to the department of the case it names — with the kind's working days to reply; replied
/// by the owner; followed and rated by the complainant with its number and query code. Every
/// entrance goes through here; permission is checked once.
public final class ComplaintService: Sendable {
    public let repository: ComplaintRepository
    let cases: CaseService
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock
    let templates: MessageTemplateService
    let messagesWritten: @Sendable () -> Void
    /// Filings and follow-up lookups per client and minute: a public form must not be a way to
    /// flood the departments or guess query codes.
    let filings: ClientThrottle
    let lookups: ClientThrottle

    public init(repository: ComplaintRepository, cases: CaseService, catalog: CatalogService, calendar: CalendarService, clock: any AppClock,
                templates: MessageTemplateService = .builtIn, messagesWritten: @escaping @Sendable () -> Void = {},
                filingsPerMinute: Int = 5, lookupsPerMinute: Int = 30) {
        self.repository = repository
        self.cases = cases
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
        self.templates = templates
        self.messagesWritten = messagesWritten
        filings = ClientThrottle(AttemptLimiter(limit: filingsPerMinute, window: 60))
        lookups = ClientThrottle(AttemptLimiter(limit: lookupsPerMinute, window: 60))
    }

    /// Files a complaint: online by anyone (`citizen` when signed in), or recorded by `staff` at a
    /// desk or from a phone call. The complainant is told its number and query code.
    public func file(_ input: ComplaintInput, channel: ComplaintChannel, citizen: CitizenIdentity? = nil, staff: Identity? = nil,
                     client: String) async throws -> Complaint {
        let now = clock.now()
        if staff == nil, let wait = filings.admit(client: client, now: now) { throw TooManyRequests(retryAfter: wait) }
        let number = input.caseNumber.trimmingWhitespace().uppercased()
        let concerned = number.isEmpty || number.count > 40 ? nil : try await cases.repository.find(CaseNumber(rawValue: number))
        let knownHall = input.hall.isEmpty || catalog.snapshot.hallsByCode[HallCode(rawValue: input.hall)] != nil
        var complaint = try ComplaintRules.file(input, channel: channel, citizen: citizen?.account, recordedBy: staff.map { CaseActor($0.account) },
                                                concerned: concerned, knownHall: knownHall, today: calendar.today, calendar: calendar.calendar, now: now)
        complaint.queryCode = CaseService.randomQueryCode()
        let book = await templates.current()
        let stored = try await repository.insert(complaint, at: now, policy: cases.repository.messagePolicy) { ComplaintMessages.received($0, book: book) }
        if stored.hasContact { messagesWritten() }
        return stored
    }

    /// The complaint `number` for whoever holds its query code; a wrong code is answered exactly
    /// like an unknown number.
    public func follow(number: String, code: String, client: String) async throws -> Complaint {
        if let wait = lookups.admit(client: client, now: clock.now()) { throw TooManyRequests(retryAfter: wait) }
        let trimmed = number.trimmingWhitespace().uppercased()
        guard trimmed.count <= 40, let complaint = try await repository.find(number: trimmed),
              ConstantTime.equal(complaint.queryCode, code.trimmingWhitespace()) else {
            throw ProblemDetails.notFound("没有找到该编号的来件，或查询码不正确")
        }
        return complaint
    }

    /// The complainant rates the reply.
    public func rate(number: String, code: String, satisfied: Bool, comment: String, client: String) async throws -> Complaint {
        let current = try await follow(number: number, code: code, client: client)
        let next = try ComplaintRules.rate(current, satisfied: satisfied, comment: comment, now: clock.now())
        try await repository.save(next, expectedRevision: current.revision, at: clock.now())
        return next
    }

    /// The complaints `identity` works on: every open one and the latest for supervisors (the
    /// unassigned first), the department's or the hall's open ones for their staff.
    public func list(by identity: Identity) async throws -> (open: [Complaint], recent: [Complaint]) {
        switch identity.role {
        case .supervisor:
            return (try await repository.open(department: nil, hall: nil, limit: 500), try await repository.recent(limit: 50))
        case .approver:
            guard let department = identity.account.department else { return ([], []) }
            return (try await repository.open(department: department, hall: nil, limit: 500), [])
        case .clerk:
            guard let hall = identity.account.hall else { return ([], []) }
            return (try await repository.open(department: nil, hall: hall, limit: 500), [])
        case .admin: throw CaseRuleError.forbidden("中心管理员不办理来件")
        }
    }

    public func detail(_ id: Int64, by identity: Identity) async throws -> Complaint {
        guard let complaint = try await repository.find(id: id), may(see: complaint, identity) else { throw ProblemDetails.notFound("来件不存在") }
        return complaint
    }

    /// The complaint quoted by `number`, for staff who may see it.
    public func detail(number: String, by identity: Identity) async throws -> Complaint {
        let trimmed = number.trimmingWhitespace().uppercased()
        guard trimmed.count <= 40, let complaint = try await repository.find(number: trimmed), may(see: complaint, identity) else {
            throw ProblemDetails.notFound("来件不存在")
        }
        return complaint
    }

    /// A supervisor classifies it and gives it to a department or a hall.
    public func assign(_ id: Int64, category: ComplaintCategory?, department: DepartmentCode?, hall: HallCode?, expectedRevision: Int?,
                       by identity: Identity) async throws -> Complaint {
        try identity.require(.supervise)
        let current = try await detail(id, by: identity)
        if let expectedRevision, expectedRevision != current.revision { throw ComplaintStoreError.conflict }
        let snapshot = catalog.snapshot
        let known = department.map { snapshot.departmentsByCode[$0] != nil } ?? hall.map { snapshot.hallsByCode[$0] != nil } ?? false
        let next = try ComplaintRules.assign(current, category: category, department: department, hall: department == nil ? hall : nil, known: known,
                                             today: calendar.today, calendar: calendar.calendar, now: clock.now(), by: CaseActor(identity.account))
        try await repository.save(next, expectedRevision: current.revision, at: clock.now())
        return next
    }

    /// The owner replies; the complainant is told (not an anonymous reporter).
    public func reply(_ id: Int64, text: String, finding: ComplaintFinding?, expectedRevision: Int?, by identity: Identity) async throws -> Complaint {
        let current = try await detail(id, by: identity)
        if let expectedRevision, expectedRevision != current.revision { throw ComplaintStoreError.conflict }
        let next = try ComplaintRules.reply(current, text: text, finding: finding, now: clock.now(), by: CaseActor(identity.account))
        let messages = ComplaintMessages.replied(next, book: await templates.current())
        try await repository.save(next, expectedRevision: current.revision, at: clock.now(), messages: messages, policy: cases.repository.messagePolicy)
        if !messages.isEmpty { messagesWritten() }
        return next
    }

    /// A signed-in citizen's own complaints.
    public func mine(by identity: CitizenIdentity) async throws -> [Complaint] {
        try await repository.filed(byCitizen: identity.account.id, limit: 50)
    }

    /// Supervisors see every complaint; a department or hall its own (assigned to it).
    func may(see complaint: Complaint, _ identity: Identity) -> Bool {
        if identity.role.may(.supervise) { return true }
        if let department = complaint.department { return identity.role == .approver && identity.account.department == department }
        return identity.role == .clerk && complaint.state != .received && complaint.hall != nil && identity.account.hall == complaint.hall
    }
}
