import OneDoorCore
import OneDoorStorage
import Synchronization

/// A theme case as staff see it: the theme, each child with today's light, where it stands.
public struct ThemeCaseView: Sendable {
    public var theme: ThemeCase
    public var children: [CaseView]
    public var progress: ThemeProgress
    /// The promise as it stands, moved by the children's special procedures and extensions.
    public var schedule: ThemeSchedule
    /// The theme's own light, on that date.
    public var light: CaseLight
}

/// 一件事 (issue 17 §2): one acceptance at any window makes a theme case and a child per
/// selected item; children that wait start in the transaction concluding their prerequisites.
extension CaseService {
    /// Accepts a theme at the clerk's hall: the published version of the theme, each child under
    /// the published version of its item, all stored in one transaction.
    public func themeIntake(_ request: ThemeIntakeRequest, by identity: Identity, client: String) async throws -> ThemeCaseView {
        try await openTheme(request, online: nil, by: identity, client: client)
    }

    /// An online theme application accepted (网上受理, or at a window once the originals were
    /// seen): the theme case opened as at a window, each child carrying the application and
    /// its delivery choice, the application's decision (`then`) in the same transaction.
    func openOnlineTheme(
        _ request: ThemeIntakeRequest, application: OnlineApplication, trips: Int, by identity: Identity, client: String,
        then: @escaping @Sendable (ThemeCase, [CaseRecord], any SQLExecutor) async throws -> Void
    ) async throws -> ThemeCaseView {
        try await openTheme(request, online: OnlineThemeOpening(application: application, trips: trips, then: then), by: identity, client: client)
    }

    struct OnlineThemeOpening {
        var application: OnlineApplication
        var trips: Int
        var then: @Sendable (ThemeCase, [CaseRecord], any SQLExecutor) async throws -> Void
    }

    private func openTheme(_ request: ThemeIntakeRequest, online: OnlineThemeOpening?, by identity: Identity, client: String) async throws
        -> ThemeCaseView {
        let snapshot = catalog.snapshot
        guard let theme = snapshot.themesByCode[request.themeCode] else {
            throw ValidationFailed([ValidationProblem(path: "theme", reason: "主题“\(request.themeCode)”不存在或未发布")])
        }
        guard identity.role == .clerk, let hallCode = identity.account.hall, let hall = snapshot.hallsByCode[hallCode] else {
            throw CaseRuleError.forbidden("只有归属服务中心的综合窗口人员可以受理申请")
        }
        // 已有，免提交 at the window, against the theme's one list (online, the application did it).
        var request = request
        if online == nil {
            request.materials = try await resolvingReuse(request.materials, applicant: request.applicant,
                                                         checklist: OnlineApplying.themeChecklist(theme, answers: request.answers, items: snapshot.itemsByCode))
        }
        let now = clock.now()
        let windows = Set(snapshot.organisation.windows.lazy.filter { $0.hall == hall.code }.map(\.number))
        var (draft, children) = try ThemeIntake.open(request, theme: theme, items: snapshot.itemsByCode, hall: hall, actor: CaseActor(identity.account),
                                                     today: calendar.today, now: now, calendar: calendar.calendar, windows: windows)
        draft.queryCode = queryCode()
        if let online {
            for i in children.indices {
                children[i].record.application = online.application.id
                children[i].record.deliveryChoice = online.application.delivery
                // Online, the visits are those made to show originals (none at depth Ⅲ/Ⅳ).
                children[i].record.trips = i == 0 ? online.trips : 0
            }
        }
        let holders = try await holderWrites(children[0].record, source: online == nil ? .window : .online,
                                             identityChecked: online.map { $0.trips > 0 } ?? true, at: now)
        // One message for the whole theme, in its own transaction; the children send none at acceptance.
        let book = await templates.current()
        let messages = draft.correction == nil ? ThemeMessages.accepted(draft, book: book) : ThemeMessages.correction(draft, book: book)
        // Each child accepted is an event push rules may listen for, written with it.
        var pushes: [(Int, @Sendable (CaseRecord, any SQLExecutor) async throws -> Void)] = []
        for (i, child) in children.enumerated() {
            // The base record's changes are the theme's, told once (with its first child).
            let changed = i == 0 ? holders.changedFields[child.record.applicant.key] ?? [] : []
            if let write = await pushWrite(child.record, accepting: true, concluding: false, licence: nil, changed: changed, at: now) {
                pushes.append((i, write))
            }
        }
        let then = Self.themeOpened(pushes: pushes, decided: online?.then)
        let (stored, records) = try await themeCases.open(draft, children: children, actorID: identity.account.id,
                                                           actor: identity.actor(client: client), at: now, holders: holders, messages: messages,
                                                           then: then)
        if !messages.isEmpty || !pushes.isEmpty { messagesWritten() }
        for (record, child) in zip(records, children) { remember(record, child.events) }
        return themeView(stored, children: zip(records, children).map { ($0, $1.events) })
    }

    /// What is written in a theme intake's transaction once everything is numbered: the pushes of
    /// the children accepted, and an online application's decision.
    private static func themeOpened(
        pushes: [(Int, @Sendable (CaseRecord, any SQLExecutor) async throws -> Void)],
        decided: (@Sendable (ThemeCase, [CaseRecord], any SQLExecutor) async throws -> Void)?
    ) -> (@Sendable (ThemeCase, [CaseRecord], any SQLExecutor) async throws -> Void)? {
        if pushes.isEmpty && decided == nil { return nil }
        return { theme, records, db in
            for (i, write) in pushes where records.indices.contains(i) { try await write(records[i], db) }
            try await decided?(theme, records, db)
        }
    }

    /// A theme case the citizen may follow: its applicant is theirs (or an enterprise they act
    /// for), or it came from their own online application.
    public func citizenTheme(_ number: CaseNumber, by identity: CitizenIdentity) async throws -> ThemeCase? {
        guard let (theme, children) = try await themeCases.find(number) else { return nil }
        if try await applicantKeys(identity).contains(theme.applicant.key) { return theme }
        if let application = children.first?.application, try await repository.isOwnApplication(application, of: identity.account.id) { return theme }
        return nil
    }

    /// A theme case with its children, for staff who may see it; the read of personal data is
    /// logged once, under the theme case.
    public func themeCase(_ number: CaseNumber, by identity: Identity, client: String) async throws -> ThemeCaseView {
        guard let (theme, children) = try await themeCases.find(number) else { throw CaseStoreError.notFound(number) }
        try Self.authoriseThemeView(theme, identity: identity)
        try await admitPersonalRead(by: identity, client: client)
        try await repository.recordAccess(caseNumber: number.rawValue, purpose: "查看一件事", actor: identity.actor(client: client), at: clock.now())
        return themeView(theme, children: children.map { ($0, []) })
    }

    /// Acts on a theme case as a whole: 统一出件, withdrawal, the lead department's decision to
    /// carry on or stop after a refusal. The theme and every child it changes are stored in one
    /// transaction, each from the revision read here.
    public func themeAct(_ number: CaseNumber, _ action: ThemeAction, expectedRevision: Int?, by identity: Identity, client: String) async throws
        -> ThemeCaseView {
        let (theme, children) = try await themeToAct(number, expectedRevision: expectedRevision, by: identity)
        let now = clock.now()
        let (next, changes) = try ThemeActions.apply(action, to: theme, children: children, by: CaseActor(identity.account), today: calendar.today, now: now)
        // After a refused prerequisite the applicant is told what the lead department decided, and why.
        var messages: [OutgoingMessage] = []
        switch action {
        case .carryOn(let reason), .stop(let reason):
            var stopped = false
            if case .stop = action { stopped = true }
            messages = ThemeMessages.decided(next, stopped: stopped, reason: reason, refused: children.filter(ThemeProgress.failed).map(\.itemName),
                                             withdrawn: changes.map(\.record.itemName), book: await templates.current())
        case .deliverAll, .withdraw:
            break
        }
        return try await storeThemeChange(next, from: theme, children: children, changes: changes, action: action.name, messages: messages,
                                          by: identity, client: client, at: now)
    }

    /// 补正后受理 of a whole theme at a window: the one form again, every child accepted (or
    /// waiting for its prerequisites) in one transaction with the theme, one acceptance message.
    public func themeCompleteCorrection(
        _ number: CaseNumber, materials: [MaterialReceipt], opinion: String, expectedRevision: Int?, by identity: Identity, client: String
    ) async throws -> ThemeCaseView {
        let (theme, children) = try await themeToAct(number, expectedRevision: expectedRevision, by: identity)
        let snapshot = catalog.snapshot
        var guides: [ItemCode: ServiceGuide] = [:]
        for child in theme.children { guides[child.item] = snapshot.itemsByCode[child.item]?.guide }
        let now = clock.now()
        let (next, changes) = try ThemeIntake.completeCorrection(theme, children: children, materials: materials, opinion: opinion, guides: guides,
                                                                 actor: CaseActor(identity.account), today: calendar.today, now: now,
                                                                 calendar: calendar.calendar)
        let messages = ThemeMessages.accepted(next, book: await templates.current())
        return try await storeThemeChange(next, from: theme, children: children, changes: changes, action: "complete-correction", messages: messages,
                                          by: identity, client: client, at: now)
    }

    /// A theme case to act on as a whole, for someone who may see it, from the revision they saw.
    private func themeToAct(_ number: CaseNumber, expectedRevision: Int?, by identity: Identity) async throws -> (ThemeCase, [CaseRecord]) {
        guard let (theme, children) = try await themeCases.find(number) else { throw CaseStoreError.notFound(number) }
        try Self.authoriseThemeView(theme, identity: identity)
        if let expectedRevision, expectedRevision != theme.revision { throw CaseStoreError.conflict(number: number) }
        return (theme, children)
    }

    /// Stores the theme and the children a whole-theme step changed in one transaction, with its
    /// messages, then drops the changed children from this server's and the others' caches.
    private func storeThemeChange(
        _ next: ThemeCase, from theme: ThemeCase, children: [CaseRecord], changes: [(record: CaseRecord, event: CaseEvent)], action: String,
        messages: [OutgoingMessage], by identity: Identity, client: String, at now: Int64
    ) async throws -> ThemeCaseView {
        let (saved, records) = try await themeCases.apply(next, expectedRevision: theme.revision, children: changes, action: action,
                                                          actorID: identity.account.id, actor: identity.actor(client: client), at: now, messages: messages)
        if !messages.isEmpty { messagesWritten() }
        let byNumber = Dictionary(records.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for record in records {
            forget(record.number)
            cluster?.publish(.caseChanged(record.number))
        }
        return themeView(saved, children: children.map { (byNumber[$0.number] ?? $0, []) })
    }

    /// The coordinator's view (issue 17 §2): the running theme cases an approver's department
    /// leads, a clerk's hall accepted, or all of them for supervisors — at most 200, oldest first.
    public func runningThemes(by identity: Identity) async throws -> [ThemeCaseView] {
        let found: [(theme: ThemeCase, children: [CaseRecord])]
        switch identity.role {
        case .approver: found = try await themeCases.running(lead: identity.account.department ?? "", limit: 200)
        case .clerk: found = try await themeCases.running(hall: identity.account.hall ?? "", limit: 200)
        case .supervisor: found = try await themeCases.running(limit: 200)
        case .admin: throw CaseRuleError.forbidden("中心管理员不查看办件内容")
        }
        return found.map { themeView($0.theme, children: $0.children.map { ($0, []) }) }
    }

    func themeView(_ theme: ThemeCase, children: [(CaseRecord, [CaseEvent])]) -> ThemeCaseView {
        let records = children.map(\.0)
        var light = CaseLight.none
        let progress = ThemeProgress(theme, children: records)
        let schedule = ThemeSchedule(theme, children: records, calendar: calendar.calendar)
        if let deadline = schedule.deadline, progress.stage == .running || progress.stage == .blocked {
            light = calendar.today > deadline ? .red : .green
        }
        return ThemeCaseView(theme: theme, children: children.map { CaseView(record: $0.0, events: $0.1, light: self.light($0.0)) },
                             progress: progress, schedule: schedule, light: light)
    }

    /// Clerks (any hall: 统一出件) and supervisors see every theme case; approvers those of their
    /// department's lead or with a child of their department.
    static func authoriseThemeView(_ theme: ThemeCase, identity: Identity) throws {
        switch identity.role {
        case .clerk, .supervisor: return
        case .approver:
            let department = identity.account.department
            guard theme.leadDepartment == department || theme.children.contains(where: { $0.department == department }) else {
                throw CaseRuleError.forbidden("该一件事不涉及本部门")
            }
        case .admin:
            throw CaseRuleError.forbidden("中心管理员不查看办件内容")
        }
    }

    /// What a step of a theme's child writes besides itself: when it concludes, the waiting
    /// siblings it was the last prerequisite of start in the same transaction, with the papers
    /// it produced; and when it was the last to conclude of a 统一出件 theme, the one message that
    /// everything can be collected. `started` receives the children started, for the caches.
    func themeStarts(
        before current: CaseRecord, after next: CaseRecord, also: (@Sendable (any SQLExecutor) async throws -> Void)?,
        actorID: Int64?, actor: AuditActor, caseActor: CaseActor, at now: Int64, started: StartedChildren
    ) async -> (@Sendable (any SQLExecutor) async throws -> Void)? {
        guard let link = next.theme, current.state != .concluded, next.state == .concluded else { return also }
        let snapshot = catalog.snapshot
        let today = calendar.today, workingCalendar = calendar.calendar
        let book = await templates.current()
        let policy = repository.messagePolicy
        return { db in
            try await also?(db)
            let after = try await ThemeCaseRepository.startWaiting(link.number, db, actorID: actorID, actor: actor, at: now) { children, issued in
                var guides: [ItemCode: ServiceGuide] = [:], licences: [ItemCode: String] = [:]
                for child in children {
                    guides[child.itemCode] = snapshot.itemsByCode[child.itemCode]?.guide
                    licences[child.itemCode] = issued[child.number]
                }
                return try ThemeStart.starting(children, guides: guides, licences: licences, today: today, now: now, actor: caseActor,
                                               calendar: workingCalendar)
            }
            guard let after else { return }
            started.records.withLock { $0 = after.started }
            if after.theme.pickUp == .together, ThemeProgress(after.theme, children: after.children).stage == .ready {
                let messages = ThemeMessages.ready(after.theme, book: book)
                if !messages.isEmpty { try await db.executeBatch(messages.map { OutboxRepository.enqueueStatement($0, at: now, policy: policy) }) }
            }
        }
    }
}

/// The children a step started, handed from inside its transaction to the caches after it.
final class StartedChildren: Sendable {
    let records = Mutex<[CaseRecord]>([])
}
