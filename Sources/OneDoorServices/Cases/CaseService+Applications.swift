import OneDoorCore
import OneDoorStorage

extension CaseService {
    /// Opens the case of an online application (ADR 0026) by the window's rules
    /// (``Intake/open``) at the clerk's hall: 受理 after pre-review (no trip), 受理 when the
    /// originals are seen (one trip), or the written 不予受理. `then` records the application's
    /// side in the case's transaction. An approver accepts for their department (items it
    /// pre-reviews itself) at the hall the applicant chose.
    func openOnline(
        _ request: IntakeRequest, application: OnlineApplication, trips: Int, by identity: Identity, client: String,
        then: @escaping @Sendable (CaseRecord, any SQLExecutor) async throws -> Void
    ) async throws -> CaseView {
        let snapshot = catalog.snapshot
        guard let item = snapshot.itemsByCode[request.itemCode] else {
            throw CaseRuleError.notAllowed("事项“\(application.itemName)”已不再受理")
        }
        let byDepartment = identity.role == .approver
        guard let hallCode = byDepartment ? application.hall : identity.account.hall, let hall = snapshot.hallsByCode[hallCode] else {
            throw CaseRuleError.forbidden("只有归属服务中心的综合窗口人员可以受理申请")
        }
        // The checklist of the version in force: a material the item no longer lists is dropped.
        var request = request
        let names = Set(item.guide.materials.map(\.name))
        request.materials = request.materials.filter { names.contains($0.name) }
        let now = clock.now()
        var (draft, events) = try Intake.open(request, item: item, hall: hall, actor: CaseActor(identity.account), today: calendar.today, now: now,
                                              calendar: calendar.calendar, byDepartment: byDepartment)
        draft.queryCode = queryCode()
        draft.application = application.id
        draft.deliveryChoice = application.delivery
        draft.trips = trips
        let messages = CaseMessages.messages(draft, events: events, hallName: hall.name, book: await templates.current())
        // The applicant's record learns what they said online — checked when they brought the
        // originals — and a postal address to themselves as where they live.
        let address = application.delivery?.address.flatMap { $0.recipient == draft.applicant.name ? $0.address : nil }
        let holders = try await holderWrites(draft, source: .online, identityChecked: trips > 0, address: address, at: now)
        // Accepted online is accepted: the rules listening for it push in the same transaction.
        let pushes = await pushWrite(draft, accepting: true, concluding: false, licence: nil, changed: holders.changedFields[draft.applicant.key] ?? [],
                                     at: now)
        let decided: @Sendable (CaseRecord, any SQLExecutor) async throws -> Void = pushes.map { write in
            { @Sendable numbered, db in
                try await then(numbered, db)
                try await write(numbered, db)
            }
        } ?? then
        let record = try await repository.open(draft, events: events, actorID: identity.account.id, actor: identity.actor(client: client),
                                               at: now, messages: messages, holders: holders, then: decided)
        if !messages.isEmpty || pushes != nil { messagesWritten() }
        remember(record, events)
        forgetProgress(record.number)
        return CaseView(record: record, events: events, light: light(record))
    }
}
