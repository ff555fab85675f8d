import OneDoorCore
import OneDoorStorage
import Synchronization

/// A case as staff see it: the record, its history and today's light.
public struct CaseView: Sendable {
    public var record: CaseRecord
    public var events: [CaseEvent]
    public var light: CaseLight
}

/// What the public progress lookup shows: no names of applicants or staff, no ID numbers.
public struct CaseProgress: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var step: String
        public var at: Int64
        /// Staff are shown by number (工号), not name.
        public var staffNumber: String
    }

    public var number: CaseNumber
    public var itemName: String
    public var state: CaseState
    public var currentStep: String
    public var receivedOn: CivilDate
    public var promisedDeadline: CivilDate?
    public var hallName: String
    public var pausedFor: String?
    public var steps: [Step]
    /// What the applicant still has to bring: everything a correction notice asked for, or the
    /// 容缺 materials with their dates (no personal data, only material names).
    public var missing: [String]
    /// The applicant's visits so far (nil for cases from before trips were counted), how the
    /// result comes, and whether it came from an online application.
    public var trips: Int? = nil
    public var delivery: String? = nil
    public var online = false
    /// 一件事: the theme's own state in words, and each child (the theme case's page), or the
    /// theme case a child belongs to (a child's page).
    public var stateLabel: String? = nil
    public var children: [Child] = []
    public var themeNumber: CaseNumber? = nil

    public struct Child: Sendable, Equatable {
        public var number: CaseNumber
        public var itemName: String
        public var state: String
        public var promisedDeadline: CivilDate?
    }
}

/// Thrown when a public lookup comes too fast from one client.
public struct TooManyRequests: Error, Sendable, Equatable {
    public var retryAfter: Int64
}

/// Cases: intake at any window, back-office actions, views with their personal-data log, and
/// the public progress lookup.
public final class CaseService: Sendable {
    public let repository: CaseRepository
    /// Theme cases (一件事) and their children.
    public let themeCases: ThemeCaseRepository
    /// The words of the messages a change writes (ADR 0029).
    let templates: MessageTemplateService
    /// Who acts for which enterprise: the enterprises' cases and messages a citizen sees.
    let enterpriseLinks: EnterpriseRepository
    /// The departments' licence signing keys, shared with `LicenceService`.
    public let licenceKeys: LicenceKeyRing
    let catalog: CatalogService
    let calendar: CalendarService
    /// Tickets a case is opened from (取号 → 受理).
    let queues: QueueService
    let clock: any AppClock
    let queryCode: @Sendable () -> String
    let progressThrottle: ClientThrottle
    /// Recent progress answers by case number, with the code they need. A change drops its
    /// entry at once, here and through the cluster bus on the other servers sharing the
    /// database; entries also expire after `progressCacheSeconds` should a message be lost.
    /// `fill` numbers each entry, so that an encoded answer kept elsewhere can tell whether it
    /// was made from the entry still in force (``progressStamp(_:)``).
    let progressCache = Mutex<(fills: Int, entries: [CaseNumber: (progress: CaseProgress, code: String, at: Int64, fill: Int)])>((0, [:]))
    static let progressCacheSeconds: Int64 = 3
    static let progressCacheCapacity = 20_000
    /// Share of the promised limit below which a case turns yellow (default 20 %).
    public let yellowShare: Double
    /// Reads of personal data per account: a clerk serves a few people an hour, so sixty case
    /// views or applicant look-ups a minute is someone walking through the register.
    let personalReads: ClientThrottle
    /// When each account was last flagged for bulk reading, so the audit log gets one entry a
    /// minute per account, not one per refused read.
    let flagged = Mutex<[Int64: Int64]>([:])
    let audit: AuditRepository
    let cluster: ClusterBus?
    /// Wakes the outbox's dispatcher after a change wrote messages to the applicant (ADR 0022).
    let messagesWritten: @Sendable () -> Void
    /// Called after a step that issued a licence (the verifications remembered are stale).
    private let licenceIssued = Mutex<@Sendable () -> Void>({})

    /// Forgets the remembered progress of `number` (changed here).
    func forgetProgress(_ number: CaseNumber) {
        progressCache.withLock { _ = $0.entries.removeValue(forKey: number) }
    }

    /// Forgets all this server remembers of a case (changed on another server).
    public func forget(_ number: CaseNumber) {
        forgetProgress(number)
        forgetWorking(number)
    }

    /// Forgets every remembered progress answer and case (messages from other servers may have been missed).
    public func forgetAll() {
        progressCache.withLock { $0.entries.removeAll(keepingCapacity: true) }
        working.withLock { $0.removeAll(keepingCapacity: true) }
    }

    public init(
        repository: CaseRepository, catalog: CatalogService, calendar: CalendarService, queues: QueueService, clock: any AppClock,
        yellowShare: Double = 0.2, progressLookupsPerMinute: Int = 30, personalReadsPerMinute: Int = 60,
        queryCode: @escaping @Sendable () -> String = CaseService.randomQueryCode, cluster: ClusterBus? = nil,
        messagesWritten: @escaping @Sendable () -> Void = {}, templates: MessageTemplateService = .builtIn
    ) {
        self.templates = templates
        self.cluster = cluster
        self.messagesWritten = messagesWritten
        self.personalReads = ClientThrottle(AttemptLimiter(limit: personalReadsPerMinute, window: 60))
        self.audit = AuditRepository(database: repository.database)
        self.repository = repository
        self.themeCases = ThemeCaseRepository(database: repository.database)
        self.enterpriseLinks = EnterpriseRepository(database: repository.database)
        self.licenceKeys = LicenceKeyRing(repository: SigningKeyRepository(database: repository.database), clock: clock)
        self.catalog = catalog
        self.calendar = calendar
        self.queues = queues
        self.clock = clock
        self.yellowShare = yellowShare
        self.progressThrottle = ClientThrottle(AttemptLimiter(limit: progressLookupsPerMinute, window: 60))
        self.queryCode = queryCode
    }

    /// What to do after a step issued a licence (set once the licence service exists).
    public func whenLicenceIssued(_ action: @escaping @Sendable () -> Void) {
        licenceIssued.withLock { $0 = action }
    }

    /// Six digits from the system's secure generator.
    public static func randomQueryCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let n = Int.random(in: 0..<1_000_000, using: &generator)
        let digits = String(n)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Opens a case at the clerk's hall for the published version of the item.
    /// Returns the new case with its first history entries: the intake is the clerk's own
    /// handling (audited with it), not a separate view of personal data.
    public func intake(_ request: IntakeRequest, by identity: Identity, client: String) async throws -> CaseView {
        let snapshot = catalog.snapshot
        guard let item = snapshot.itemsByCode[request.itemCode] else {
            throw ValidationFailed([ValidationProblem(path: "item", reason: "事项“\(request.itemCode)”不存在或未发布")])
        }
        guard let hallCode = identity.account.hall, let hall = snapshot.hallsByCode[hallCode] else {
            throw CaseRuleError.forbidden("只有归属服务中心的综合窗口人员可以受理申请")
        }
        var ticket: (Ticket, HallQueue)?
        if let id = request.ticket { ticket = try await queues.ticketForIntake(id: id) }
        let request = try await resolvingReuse(request, item: item)
        let now = clock.now()
        let actor = CaseActor(identity.account)
        let windows = Set(snapshot.organisation.windows.lazy.filter { $0.hall == hall.code }.map(\.number))
        var (draft, events) = try Intake.open(request, item: item, hall: hall, actor: actor, today: calendar.today, now: now,
                                              calendar: calendar.calendar, ticket: ticket, windows: windows)
        draft.queryCode = queryCode()
        // Opening a case for a ticket just called is the start of its service (办理中), in the
        // case's own transaction; the case is stored only if the ticket is then being served at
        // this window.
        var start: CaseRepository.TicketStart?
        if let (called, _) = ticket, called.state == .called, let window = draft.window {
            _ = try queues.clerkHall(identity, window: window)
            start = CaseRepository.TicketStart(ticket: called.id, window: window, policy: queues.policy)
        }
        // The applicant is told (受理, 补齐补正, 不予受理) in the intake's own transaction.
        let book = await templates.current()
        var messages = CaseMessages.messages(draft, events: events, hallName: hall.name, book: book)
        let issue = try await licenceAtIntake(draft, licence: request.licence, at: now, actor: identity.actor(client: client))
        if let issue { messages += CaseMessages.renewalNotices(draft, licence: issue.licence, today: calendar.today, book: book) }
        // What the clerk saw goes into the applicant's base record and vault, in the same transaction.
        let holders = try await holderWrites(draft, source: .window, identityChecked: true, at: now)
        // A 即办件 concluded on the spot makes its pushes in the same transaction, numbered there.
        let pushes = await pushWrite(draft, accepting: true, concluding: true, licence: issue?.licence,
                                     changed: holders.changedFields[draft.applicant.key] ?? [], at: now)
        let then: (@Sendable (CaseRecord, any SQLExecutor) async throws -> Void)? = pushes.map { write in
            { @Sendable numbered, db in
                try await issue?.write(numbered, db)
                try await write(numbered, db)
            }
        } ?? issue?.write
        let record = try await repository.open(draft, events: events, actorID: identity.account.id, actor: identity.actor(client: client),
                                               at: now, start: start, messages: messages, holders: holders, then: then)
        if !messages.isEmpty || pushes != nil { messagesWritten() }
        if issue != nil { licenceIssued.withLock { $0 }() }
        if start != nil { queues.hallChanged(hall.code) }
        remember(record, events)
        forgetProgress(record.number)
        return CaseView(record: record, events: events, light: light(record))
    }

    /// Takes an action. `expectedRevision` is the revision the member of staff saw (a stale
    /// page gets 409); without it the current one is used, and a concurrent change still loses.
    /// Returns the case after the action with its whole history.
    /// A conclusion with 准予 of an item whose result is an electronic licence issues it in the
    /// same transaction, from `licence` (the face values the department enters).
    public func act(
        _ number: CaseNumber, _ action: CaseAction, attachments: [String] = [], expectedRevision: Int?, licence draft: LicenceDraft? = nil,
        by identity: Identity, client: String
    ) async throws -> CaseView {
        // The case as this server last stored it, if that is the revision the member of staff saw
        // (or none was given); else, or when acting on it fails, read afresh once.
        var remembered = working.withLock { $0[number] }.flatMap { entry in
            expectedRevision == nil || expectedRevision == entry.record.revision ? entry : nil
        }
        while true {
            let fromMemory = remembered != nil
            do {
                // The case and its history in one read; the answer's history is that plus the new
                // entry, since the conditional update proves nothing was added in between.
                let (current, history): (CaseRecord, [CaseEvent])
                if let remembered { (current, history) = remembered } else {
                    guard let fresh = try await repository.findWithEvents(number) else { throw CaseStoreError.notFound(number) }
                    (current, history) = fresh
                }
                // Who may act comes before anything about the case's state: a 409 would tell an
                // approver of another department the case's revision, and so that it moved.
                try Self.authoriseView(current, identity: identity)
                if let expectedRevision, expectedRevision != current.revision { throw CaseStoreError.conflict(number: number) }
                // A theme's 补齐补正 is one notice: its items are accepted together, on the theme.
                if case .completeCorrection = action, let theme = current.theme {
                    throw CaseRuleError.notAllowed("本件属一件事（\(theme.number)），请在一件事页面补正后一次受理全部事项")
                }
                let now = clock.now()
                let (next, event) = try CaseLifecycle.apply(
                    action, attachments: attachments, to: current, by: CaseActor(identity.account), today: calendar.today, now: now,
                    calendar: calendar.calendar
                )
                let hallName = catalog.snapshot.hallsByCode[next.hall]?.name ?? next.hall.rawValue
                let book = await templates.current()
                var messages = CaseMessages.messages(next, events: [event], hallName: hallName, book: book)
                // 统一出件: the theme tells the applicant once, when its last item concludes.
                if next.theme?.together == true { messages.removeAll { ThemeMessages.heldForTheTheme.contains($0.template) } }
                let issue = try await licenceIssue(action, case: next, draft: draft, at: now, actor: identity.actor(client: client))
                if let issue { messages += CaseMessages.renewalNotices(next, licence: issue.licence, today: calendar.today, book: book) }
                let started = StartedChildren()
                let steps = await themeStarts(before: current, after: next,
                                        also: stepWrites(issue?.write, before: current, after: next, at: now), actorID: identity.account.id,
                                        actor: identity.actor(client: client), caseActor: CaseActor(identity.account), at: now, started: started)
                let pushes = await pushWrite(next, concluding: current.state != .concluded, licence: issue?.licence, at: now)
                let also: (@Sendable (any SQLExecutor) async throws -> Void)? = pushes.map { write in
                    { @Sendable db in
                        try await steps?(db)
                        try await write(next, db)
                    }
                } ?? steps
                let saved = try await repository.update(next, expectedRevision: current.revision, event: event, actorID: identity.account.id,
                                                        actor: identity.actor(client: client), at: now, messages: messages, also: also)
                for sibling in started.records.withLock({ $0 }) {
                    forget(sibling.number)
                    cluster?.publish(.caseChanged(sibling.number))
                }
                if !messages.isEmpty || pushes != nil || next.theme != nil { messagesWritten() }
                if issue != nil { licenceIssued.withLock { $0 }() }
                remember(saved, history + [event])
                forgetProgress(number)
                cluster?.publish(.caseChanged(number))
                return CaseView(record: saved, events: history + [event], light: light(saved))
            } catch where fromMemory {
                // What this server remembered may be stale (another server acted): every refusal
                // is decided again on the stored case.
                forgetWorking(number)
                remembered = nil
            }
        }
    }

    /// Cases this server recently stored, with their history, as stored. A case's next step
    /// usually comes minutes later to the same server, and decoding the stored case and each
    /// history entry was an eighth of a step's CPU. An entry is only a guess: the update is
    /// conditional on its revision, so a stale entry fails and the case is read afresh.
    let working = Mutex<[CaseNumber: (record: CaseRecord, events: [CaseEvent])]>([:])
    static let workingCapacity = 2_000

    func remember(_ record: CaseRecord, _ events: [CaseEvent]) {
        working.withLock { cache in
            if cache.count >= Self.workingCapacity && cache[record.number] == nil { cache.removeAll(keepingCapacity: true) }
            cache[record.number] = (record, events)
        }
    }

    private func forgetWorking(_ number: CaseNumber) {
        working.withLock { _ = $0.removeValue(forKey: number) }
    }
}
