import OneDoorCore
import OneDoorStorage

/// A holder's base record as staff may see it, with what they hold.
public struct HolderRecordView: Sendable {
    public var key: String
    public var person: PersonRecord?
    public var enterprise: EnterpriseBaseRecord?
    public var held: [HeldMaterial]
}

/// 一次采集、反复使用 at the window (issue 16 §1, §2, ADR 0035): what a case says about its
/// applicant goes into their base record, what it received into their vault, and both are read
/// back for the next intake.
extension CaseService {
    var records: BaseRecordRepository { BaseRecordRepository(database: repository.database) }

    /// What a new case adds to its applicant's and agent's records (only what is new to them)
    /// and the vault. `identityChecked`: a clerk saw the documents (at intake, or when an online
    /// applicant brought the originals).
    func holderWrites(_ draft: CaseRecord, source: RecordSource, identityChecked: Bool, address: String? = nil, at now: Int64) async throws
        -> BaseRecordRepository.CaseWrites {
        var writes = BaseRecordRepository.CaseWrites(deposits: VaultDeposits.of(draft))
        func add(_ found: (row: BaseRecordRepository.StatementRow, changed: [String])?, _ key: String) {
            guard let found else { return }
            writes.statements.append(found.row)
            if !found.changed.isEmpty { writes.changedFields[key] = found.changed }
        }
        let key = draft.applicant.key
        switch draft.applicant {
        case .person(let person):
            add(try await statement(key, RecordObservations.person(person, identityChecked: identityChecked, address: address), source: source, at: now), key)
        case .enterprise(let enterprise):
            add(try await statement(key, RecordObservations.enterprise(enterprise, licenceChecked: identityChecked), source: source, at: now), key)
        }
        if let agent = draft.agent {
            let agentKey = Applicant.person(agent).key
            add(try await statement(agentKey, RecordObservations.person(agent, identityChecked: identityChecked), source: source, at: now), agentKey)
        }
        return writes
    }

    /// Of what was `said` about the holder under `key`, what is new to their record, as a row to
    /// append, with the fields whose value it replaces; nil when nothing is new.
    private func statement<F: RecordField>(_ key: String, _ said: [Observation<F>], source: RecordSource, at now: Int64) async throws
        -> (row: BaseRecordRepository.StatementRow, changed: [String])? {
        let known: BaseRecord<F> = try await records.record(key) ?? BaseRecord(key: key)
        let new = known.news(said, source: source, at: now)
        guard !new.isEmpty else { return nil }
        let next = known.observing(new, source: source, at: now, today: nil)
        let changed = F.allCases.filter { field in known[field] != nil && next[field] != nil && known[field] != next[field] }.map(\.rawValue)
        return (try .init(holder: key, RecordStatement(source: source, at: now, observations: new)), changed)
    }

    /// What stands or falls with a step besides the case: the licence it issues, and in the
    /// vault the materials it received and a result that is a paper of the applicant's. Nil when
    /// nothing (the step keeps its one-statement form).
    func stepWrites(_ issue: (@Sendable (any SQLExecutor) async throws -> Void)?, before current: CaseRecord, after next: CaseRecord, at now: Int64)
        -> (@Sendable (any SQLExecutor) async throws -> Void)? {
        var deposits = VaultDeposits.received(before: current, after: next)
        if current.state != .concluded, let result = catalog.snapshot.itemsByCode[next.itemCode]?.guide.result,
           let entry = VaultDeposits.result(next, result: result, today: calendar.today) { deposits.append(entry) }
        guard let insert = VaultRepository.insert(deposits, caseNumber: next.number.rawValue, at: now) else { return issue }
        return { db in
            try await issue?(db)
            try await db.execute(insert.sql, insert.binds)
        }
    }

    /// What the holder under `key` (their ID number or USCC being `code`) has that a checklist
    /// can take by reference: licences in force (A) and vault entries still valid.
    func heldMaterials(key: String, code: String) async throws -> [HeldMaterial] {
        let today = calendar.today
        let (licences, entries) = try await records.held(key, code: code, validOn: today)
        return HeldMaterial.of(licences: licences, vault: entries, today: today)
    }

    /// The record and held materials of the holder under `key`, in one read.
    func holderView(key: String, code: String) async throws -> HolderRecordView {
        let today = calendar.today
        if key.hasPrefix("uscc:") {
            let (record, licences, entries) = try await records.holder(key, code: code, validOn: today, as: EnterpriseField.self)
            return HolderRecordView(key: key, enterprise: record, held: HeldMaterial.of(licences: licences, vault: entries, today: today))
        }
        let (record, licences, entries) = try await records.holder(key, code: code, validOn: today, as: PersonField.self)
        return HolderRecordView(key: key, person: record, held: HeldMaterial.of(licences: licences, vault: entries, today: today))
    }

    /// The materials of `request` the clerk ticked as given by reference, checked against what
    /// the applicant holds now: each becomes received with its note; one that is not offered
    /// (never held, revoked, expired, below grade B) is refused by its path.
    func resolvingReuse(_ request: IntakeRequest, item: ServiceItem) async throws -> IntakeRequest {
        var next = request
        next.materials = try await resolvingReuse(request.materials, applicant: request.applicant, checklist: item.guide.materials)
        return next
    }

    /// The receipts marked 已有，免提交 against `checklist` (an item's, or a theme's merged list),
    /// each checked against what the applicant holds today and noted with its source.
    func resolvingReuse(_ receipts: [MaterialReceipt], applicant: Applicant, checklist: [Material]) async throws -> [MaterialReceipt] {
        guard receipts.contains(where: \.reuse) else { return receipts }
        let code = applicant.number.trimmingWhitespace().uppercased()
        var normalized = applicant
        if case .person(var p) = normalized { p.documentNumber = code; normalized = .person(p) }
        if case .enterprise(var e) = normalized { e.uscc = code; normalized = .enterprise(e) }
        let offers = MaterialReusing.offers(materials: checklist, held: try await heldMaterials(key: normalized.key, code: code), today: calendar.today)
        var next = receipts
        var c = ProblemCollector()
        for (i, receipt) in receipts.enumerated() where receipt.reuse {
            guard let index = checklist.firstIndex(where: { $0.name == receipt.name }), let held = offers[index] else {
                c.add("materials[\(i)]", "“\(receipt.name)”没有可直接使用的已有材料（或已失效），请收取纸质或电子材料")
                continue
            }
            next[i].received = true
            next[i].reused = MaterialReuse(materialIndex: index, material: receipt.name, held: held, consentedAt: clock.now()).note
        }
        if !c.problems.isEmpty { throw ValidationFailed(c.problems) }
        return next
    }

    /// The record and held materials of an applicant a clerk just called up (the read is logged
    /// with that lookup), for the intake form: conflicts to settle, materials already held.
    public func holderForIntake(_ applicant: Applicant, by identity: Identity) async throws -> HolderRecordView {
        guard identity.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以调取申请人信息") }
        // One read for the record, the licences and the vault (issue 16: p99 < 5 ms at 1,000,000 people).
        return try await holderView(key: applicant.key, code: applicant.number)
    }

    /// An applicant as the base record under `key` knows them, for one who never applied here
    /// but whom a line system (or another platform) recorded; nil when nothing is known or the
    /// name is not.
    func recordedApplicant(key: String) async throws -> Applicant? {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        if parts[0] == "uscc" {
            guard let record: EnterpriseBaseRecord = try await records.record(key), let name = record[.name] else { return nil }
            return .enterprise(Enterprise(name: name, uscc: parts[1], legalRepresentative: record[.legalRepresentative] ?? "", phone: record[.phone] ?? ""))
        }
        guard let type = DocumentType(rawValue: parts[0]), let record: PersonRecord = try await records.record(key), let name = record[.name] else { return nil }
        return .person(Person(name: name, documentType: type, documentNumber: parts[1], phone: record[.phone] ?? ""))
    }

    /// 一次采集、反复使用: the applicant stored under a resident ID, residence permit or USCC
    /// number, for a clerk's intake form. Logged like a view of a case (with the masked number
    /// as the purpose), and counted against the account's reads.
    public func storedApplicant(number: String, by identity: Identity, client: String) async throws -> Applicant? {
        guard identity.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以调取申请人信息") }
        let trimmed = number.trimmingWhitespace().uppercased()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 40 else { return nil }
        try await admitPersonalRead(by: identity, client: client)
        let id = ResidentID.check(trimmed)
        var keys = ["resident-id:\(id.normalized)", "residence-permit:\(id.normalized)", "uscc:\(trimmed)"]
        if !id.isValid { keys.append(contentsOf: ["passport:\(trimmed)", "other:\(trimmed)"]) }
        return try await applicant(keys: keys, shown: ResidentID.masked(trimmed), by: identity, client: client)
    }

    /// The applicant stored for the holder of a ticket being served (取号 → 受理), logged.
    public func storedApplicant(forTicket ticket: Ticket, by identity: Identity, client: String) async throws -> Applicant? {
        guard identity.role == .clerk else { throw CaseRuleError.forbidden("只有综合窗口人员可以调取申请人信息") }
        try await admitPersonalRead(by: identity, client: client)
        return try await applicant(keys: [ticket.holderKey], shown: ticket.maskedDocumentNumber, by: identity, client: client)
    }

    private func applicant(keys: [String], shown: String, by identity: Identity, client: String) async throws -> Applicant? {
        for key in keys {
            var found = try await repository.applicant(key: key)
            if found == nil { found = try await recordedApplicant(key: key) }
            if let found {
                try await repository.recordAccess(caseNumber: "", purpose: "受理时调取申请人信息（\(shown)）", actor: identity.actor(client: client),
                                                  at: clock.now())
                return found
            }
        }
        return nil
    }

    /// A person's base record read by staff for `purpose`, a case they work on whose applicant or
    /// agent the person is (issue 16 §4): any other purpose is refused (403) and nothing read.
    /// The read is logged under that case.
    public func personRecord(_ number: String, purpose: String, by identity: Identity, client: String) async throws -> HolderRecordView {
        let id = ResidentID.check(number.trimmingWhitespace())
        guard id.isValid else { throw ValidationFailed([ValidationProblem(path: "id", reason: "公民身份号码无效")]) }
        let keys = ["resident-id:\(id.normalized)", "residence-permit:\(id.normalized)"]
        let kase = try await purposeCase(purpose, holders: keys, by: identity)
        try await admitPersonalRead(by: identity, client: client)
        var found: HolderRecordView?
        for key in keys where found == nil {
            let view = try await holderView(key: key, code: id.normalized)
            if view.person != nil { found = view }
        }
        guard let found else { throw ProblemDetails.notFound("没有该自然人的基础信息") }
        try await repository.recordAccess(caseNumber: kase.rawValue, purpose: "查阅自然人基础信息（\(ResidentID.masked(id.normalized))）",
                                          actor: identity.actor(client: client), at: clock.now())
        return found
    }

    /// An enterprise's base record read by staff for `purpose`, like ``personRecord``.
    public func enterpriseRecord(_ uscc: String, purpose: String, by identity: Identity, client: String) async throws -> HolderRecordView {
        let check = USCC.check(uscc.trimmingWhitespace())
        guard check.problems.isEmpty else { throw ValidationFailed([ValidationProblem(path: "uscc", reason: "统一社会信用代码无效")]) }
        let key = "uscc:\(check.normalized)"
        let kase = try await purposeCase(purpose, holders: [key], by: identity)
        try await admitPersonalRead(by: identity, client: client)
        let found = try await holderView(key: key, code: check.normalized)
        guard found.enterprise != nil else { throw ProblemDetails.notFound("没有该法人的基础信息") }
        try await repository.recordAccess(caseNumber: kase.rawValue, purpose: "查阅法人基础信息（\(check.normalized)）",
                                          actor: identity.actor(client: client), at: clock.now())
        return found
    }

    /// The base record of a case's applicant, for staff who work on the case (the purpose is
    /// the case itself), logged under it.
    public func applicantRecord(_ number: CaseNumber, by identity: Identity, client: String) async throws -> (CaseRecord, HolderRecordView) {
        guard let record = try await repository.find(number) else { throw CaseStoreError.notFound(number) }
        let key = record.applicant.key
        _ = try await purposeCase(number.rawValue, holders: [key], by: identity)
        try await admitPersonalRead(by: identity, client: client)
        let view = try await holderView(key: key, code: record.applicant.number)
        try await repository.recordAccess(caseNumber: number.rawValue, purpose: "查阅申请人基础信息（\(record.applicant.maskedNumber)）",
                                          actor: identity.actor(client: client), at: clock.now())
        return (record, view)
    }

    /// A clerk or approver working on case `number` settled a conflict in its applicant's record
    /// with the applicant: `choice` "new" takes the disagreeing value as checked, "current"
    /// confirms the value in use. Appended as a checked statement of theirs, audited.
    public func settleConflict(_ number: CaseNumber, field name: String, choice: String?, by identity: Identity, client: String) async throws {
        guard identity.role == .clerk || identity.role == .approver else { throw CaseRuleError.forbidden("只有经办的窗口或审批人员可以核实基础信息") }
        guard let record = try await repository.find(number) else { throw CaseStoreError.notFound(number) }
        let key = record.applicant.key
        _ = try await purposeCase(number.rawValue, holders: [key], by: identity)
        guard let choice, ["new", "current"].contains(choice) else {
            throw ValidationFailed([ValidationProblem(path: "choice", reason: "请选择采信新值（new）或维持原值（current）")])
        }
        let takeNew = choice == "new"
        let now = clock.now()
        func statement<F: RecordField>(_ type: F.Type) async throws -> (BaseRecordRepository.StatementRow, String) {
            guard let field = F(rawValue: name) else { throw ProblemDetails.notFound("没有“\(name.prefix(40))”这一项") }
            guard let base: BaseRecord<F> = try await records.record(key), let entry = base.fields[field], let conflict = entry.conflict else {
                throw CaseRuleError.notAllowed("“\(field.label)”没有需要核实的不一致")
            }
            let value = takeNew ? conflict.value : entry.current.value
            let row = try BaseRecordRepository.StatementRow(holder: key, RecordStatement(source: .window, at: now, observations: [Observation(field, value, verified: true)]))
            return (row, "核实\(field.label)：\(takeNew ? "采信新值" : "维持原值")")
        }
        let (row, detail) = if case .person = record.applicant { try await statement(PersonField.self) } else { try await statement(EnterpriseField.self) }
        try await records.settle(row, caseNumber: number.rawValue, actor: identity.actor(client: client), detail: detail, at: now)
    }

    /// The case a purpose names, if the reader works on it and the record's holder is its
    /// applicant or agent; otherwise why not. A clerk works on their hall's cases, an approver on
    /// their department's, a supervisor on all.
    func purposeCase(_ purpose: String, holders: [String], by identity: Identity) async throws -> CaseNumber {
        let text = purpose.trimmingWhitespace()
        guard !text.isEmpty else { throw ValidationFailed([ValidationProblem(path: "purpose", reason: "查阅个人或法人信息须说明用途：填写所办理的办件编号")]) }
        guard let number = CaseNumber(parsing: text), let record = try await repository.find(number) else {
            throw ValidationFailed([ValidationProblem(path: "purpose", reason: "用途“\(text.prefix(40))”不是存在的办件编号")])
        }
        switch identity.role {
        case .supervisor: break
        case .clerk where identity.account.hall == record.hall: break
        case .approver where identity.account.department == record.department: break
        default: throw CaseRuleError.forbidden("办件 \(number) 不是您经办的办件，不能以此为由查阅")
        }
        let parties = [record.applicant.key] + (record.agent.map { [Applicant.person($0).key] } ?? [])
        guard parties.contains(where: holders.contains) else { throw CaseRuleError.forbidden("办件 \(number) 的申请人或代办人不是所查阅的对象") }
        return number
    }
}
