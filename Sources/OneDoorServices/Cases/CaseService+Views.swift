import OneDoorCore
import OneDoorStorage

/// What staff read of cases — one case, the queues and lists, the access log — each read of
/// personal data admitted and logged; and the light of a case on today's date.
extension CaseService {
    /// A case with its history for a member of staff who may see it; the view of personal data
    /// is logged (who, when, which case, from where).
    public func view(_ number: CaseNumber, by identity: Identity, client: String, purpose: String = "查看办件") async throws -> CaseView {
        guard let (record, events) = try await repository.findWithEvents(number) else { throw CaseStoreError.notFound(number) }
        try Self.authoriseView(record, identity: identity)
        try await admitPersonalRead(by: identity, client: client)
        try await repository.recordAccess(caseNumber: number.rawValue, purpose: purpose, actor: identity.actor(client: client), at: clock.now())
        return CaseView(record: record, events: events, light: light(record))
    }

    /// The case an action form is about, for reading the form against its checklist: authorised
    /// like a view, but not logged as one, since the action itself is authorised and audited.
    public func forAction(_ number: CaseNumber, by identity: Identity) async throws -> CaseRecord {
        // The form needs the case's material names, which never change after intake: the case
        // this server remembers will do (the action itself is decided on the stored case).
        var record = working.withLock { $0[number]?.record }
        if record == nil { record = try await repository.find(number) }
        guard let record else { throw CaseStoreError.notFound(number) }
        try Self.authoriseView(record, identity: identity)
        return record
    }

    /// A department's back-office queue, by deadline. Approvers see their own department's.
    public func departmentQueue(_ department: DepartmentCode, page: PageRequest, by identity: Identity) async throws -> (cases: [CaseSummary], total: Int) {
        if identity.role == .approver && identity.account.department != department {
            throw CaseRuleError.forbidden("只能查看本部门（\(identity.account.department ?? "无")）的待办")
        }
        let (found, total) = try await repository.departmentQueue(department, limit: page.pageSize, offset: page.offset)
        return (found, total)
    }

    /// The cases a hall accepted, newest first. Clerks see their own hall's.
    public func hallCases(_ hall: HallCode, page: PageRequest, by identity: Identity) async throws -> (cases: [CaseSummary], total: Int) {
        if identity.role == .clerk && identity.account.hall != hall {
            throw CaseRuleError.forbidden("只能查看本服务中心（\(identity.account.hall ?? "无")）受理的办件")
        }
        let (found, total) = try await repository.hallCases(hall, limit: page.pageSize, offset: page.offset)
        return (found, total)
    }

    /// Who read which applicant's personal data (个人信息查阅记录), newest first.
    public func accessLog(caseNumber: String?, page: PageRequest, by identity: Identity) async throws -> (entries: [PersonalDataAccess], total: Int) {
        try identity.require(.readAuditLog)
        return try await repository.accessLog(caseNumber: caseNumber, limit: page.pageSize, offset: page.offset)
    }

    /// Counts a read of personal data by `identity`; past the limit the read is refused (429) and
    /// the account is flagged to supervisors in the audit log (once a minute at most).
    func admitPersonalRead(by identity: Identity, client: String) async throws {
        let now = clock.now()
        guard let wait = personalReads.admit(client: "account:\(identity.account.id)", now: now) else { return }
        let flag = flagged.withLock { last in
            if let at = last[identity.account.id], now - at < 60 { return false }
            last[identity.account.id] = now
            return true
        }
        if flag {
            try await audit.record(at: now, actor: identity.actor(client: client), action: "personalData.bulkRead",
                                   target: identity.account.username, detail: "一分钟内查阅个人信息超过上限，已暂停查阅")
        }
        throw TooManyRequests(retryAfter: wait)
    }

    /// A page of the cases `identity` works on, narrowed by `filter`: a clerk's hall (newest
    /// first), an approver's department queue (by deadline), or every case for supervisors.
    /// The scope comes from the account, never from the request.
    public func list(_ filter: CaseListFilter, page: PageRequest, by identity: Identity) async throws -> (cases: [CaseSummary], total: Int) {
        var filter = filter
        let problems = filter.problems()
        if !problems.isEmpty { throw ValidationFailed(problems) }
        if let text = filter.text?.trimmingWhitespace(), !text.isEmpty {
            // Items by name: their codes, from the catalogue (cases keep only the code as a column).
            filter.itemCodes = Array(catalog.snapshot.items.filter { $0.guide.name.contains(text) }.prefix(50).map(\.code))
        }
        let today = calendar.today
        let hall: HallCode?, backOffice: DepartmentCode?
        switch identity.role {
        case .clerk: (hall, backOffice) = (identity.account.hall ?? "", nil) // no hall: nothing matches
        case .approver: (hall, backOffice) = (nil, identity.account.department ?? "")
        case .supervisor: (hall, backOffice) = (nil, nil)
        case .admin: throw CaseRuleError.forbidden("中心管理员不查看办件内容")
        }
        guard let late = filter.late, late.needsCounting else {
            return try await repository.cases(matching: filter, hall: hall, backOffice: backOffice, today: today, limit: page.pageSize, offset: page.offset)
        }
        // Green or yellow: the running cases not yet late, each lit here, then paged.
        let candidates = try await repository.cases(matching: filter, hall: hall, backOffice: backOffice, today: today,
                                                    limit: Self.maximumLitCandidates + 1, offset: 0).cases
        if candidates.count > Self.maximumLitCandidates {
            throw ValidationFailed([ValidationProblem(path: "late", reason: "符合条件的在办件超过 \(Self.maximumLitCandidates) 件，请先选择服务中心、部门或日期再按绿灯、黄灯筛选")])
        }
        let lit = candidates.filter { light($0.listing).rawValue == late.rawValue }
        return (Array(lit.dropFirst(page.offset).prefix(page.pageSize)), lit.count)
    }

    /// Running cases lit one by one for a green or yellow filter, at most.
    static let maximumLitCandidates = 20_000

    /// Clerks serve any case at any window (全区通办, 统一窗口出件); approvers see their department's;
    /// supervisors see all. Administrators run the centre, not cases.
    static func authoriseView(_ record: CaseRecord, identity: Identity) throws {
        switch identity.role {
        case .clerk, .supervisor: return
        case .approver:
            guard identity.account.department == record.department else { throw CaseRuleError.forbidden("该办件由其他部门（\(record.department)）审批") }
        case .admin:
            throw CaseRuleError.forbidden("中心管理员不查看办件内容")
        }
    }

    public func light(_ record: CaseRecord) -> CaseLight {
        light(CaseListing(record))
    }

    public func light(_ listing: CaseListing) -> CaseLight {
        CaseClock.light(listing, today: calendar.today, calendar: calendar.calendar, yellowShare: yellowShare)
    }
}
