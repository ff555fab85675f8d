import Crypto
import Foundation
import OneDoorCore
import OneDoorStorage
import Synchronization

/// What a verifier is told about a licence (issue 16 §3): where it stands, why, and the face of
/// the licence with the holder's number masked.
public struct LicenceVerification: Sendable, Hashable {
    public var identifier: String
    public var standing: LicenceStanding
    /// Why, in Chinese (the status reason, or what failed).
    public var reason: String
    /// The licence as signed, the holder's number masked; nil when the signature failed.
    public var licence: Licence?
    public var keyID: String?
    public var supersededBy: String?
    /// When the register and signatures were checked (a remembered answer keeps its time).
    public var checkedAt: Int64 = 0
}

/// Electronic licences: issuing (inside a case's conclusion, through `CaseService`), reading by
/// holders and the issuing department, status changes by the issuing department, verification
/// for anyone, and the published keys (ADR 0033).
public final class LicenceService: Sendable {
    public let repository: LicenceRepository
    public let keys: LicenceKeyRing
    let catalog: CatalogService
    let calendar: CalendarService
    let enterprises: EnterpriseRepository
    let clock: any AppClock
    /// Tokens whose signatures checked out, by the SHA-256 of the licence token, its latest
    /// status token and the status and reason in the register: a verification repeated skips the two
    /// signature checks, never the register read, so a status change shows at once.
    private let verified = Mutex<Set<SHA256Digest>>([])
    static let verifiedCapacity = 50_000

    /// Verifications answered in the last `answerLifetime` seconds, by identifier. A licence
    /// verified by its QR code is asked for again and again while nothing changes; an issue or
    /// a status change here or on another server (`ClusterMessage.licences`) forgets them all at
    /// once. The lifetime bounds how long a change written behind the platform's back (which
    /// sends no message) can go unnoticed by a verifier.
    private let answers = Mutex<(serial: Int, entries: [String: (at: Int64, serial: Int, result: LicenceVerification)])>((0, [:]))
    static let answerLifetime: Int64 = 10
    static let answerCapacity = 50_000
    let cluster: ClusterBus?

    public init(repository: LicenceRepository, keys: LicenceKeyRing, catalog: CatalogService, calendar: CalendarService, clock: any AppClock,
                cluster: ClusterBus? = nil) {
        self.cluster = cluster
        self.repository = repository
        self.keys = keys
        self.catalog = catalog
        self.calendar = calendar
        self.enterprises = EnterpriseRepository(database: repository.database)
        self.clock = clock
    }

    // MARK: Verification (public)

    /// Verifies a licence by its identifier: the identifier's check character, the register, the
    /// issuer's signature on the licence and on its latest status.
    public func verify(_ text: String) async throws -> LicenceVerification {
        let identifier: LicenceIdentifier
        switch LicenceIdentifier.parse(text) {
        case .success(let parsed): identifier = parsed
        case .failure(let failed): throw failed
        }
        let id = identifier.description
        let now = clock.now()
        if let answer = answers.withLock({ $0.entries[id] }), now - answer.at < Self.answerLifetime, now >= answer.at {
            return restanding(answer.result)
        }
        var result = try await verifyAfresh(id)
        result.checkedAt = now
        answers.withLock { answers in
            if answers.entries.count >= Self.answerCapacity { answers.entries.removeAll(keepingCapacity: true) }
            answers.serial += 1
            answers.entries[id] = (now, answers.serial, result)
        }
        return result
    }

    /// The serial of the answer remembered for `identifier` (as given in the URL) while it is in
    /// force and still true today, nil when there is none: what an encoded copy of the answer is
    /// stamped with (every answer remembered gets a new serial).
    public func answerStamp(_ identifier: String) -> Int? {
        let now = clock.now()
        guard let answer = answers.withLock({ $0.entries[identifier] }), now - answer.at < Self.answerLifetime, now >= answer.at,
              answer.result.standing != .valid || (answer.result.licence?.validUntil.map { $0 >= calendar.today } ?? true) else { return nil }
        return answer.serial
    }

    /// A remembered answer as of today: a licence can expire between two lookups.
    func restanding(_ result: LicenceVerification) -> LicenceVerification {
        guard result.standing == .valid, let until = result.licence?.validUntil, until < calendar.today else { return result }
        var expired = result
        expired.standing = .expired
        expired.reason = "有效期至 \(until.chinese)，已过期"
        return expired
    }

    /// Forgets every remembered verification (a licence issued or changed, here or elsewhere).
    public func forgetVerifications() {
        answers.withLock { $0.entries.removeAll(keepingCapacity: true) }
    }

    /// A licence was issued or changed on this server: forget here, tell the others.
    public func licencesChanged() {
        forgetVerifications()
        cluster?.publish(.licences)
    }

    func verifyAfresh(_ id: String) async throws -> LicenceVerification {
        guard let record = try await repository.find(id), let latest = try await repository.latestEvent(id) else {
            throw ProblemDetails.notFound("电子证照“\(id)”不在本平台的证照库中")
        }
        let invalid = { (reason: String) in
            LicenceVerification(identifier: id, standing: .invalid, reason: reason, licence: nil, keyID: nil, supersededBy: nil)
        }
        // The status and its reason are part of what was checked: the same tokens with another
        // status or reason in the row (written behind the platform's back) are checked again, and fail.
        var hasher = SHA256()
        hasher.update(data: Data(record.token.utf8))
        hasher.update(data: Data(latest.token.utf8))
        hasher.update(data: Data(record.status.rawValue.utf8))
        hasher.update(data: Data(record.statusReason.utf8))
        let digest = hasher.finalize()
        var kid = LicenceKeyRing.kid(of: record.token)
        if !verified.withLock({ $0.contains(digest) }) {
            guard let (signed, signedBy) = await keys.verifiedLicence(record.token), signed.identifier == id else {
                return invalid("签名验证失败：证照内容被改动，或不是颁发机构的签章")
            }
            guard signed == record.licence else { return invalid("证照库中的内容与签章的内容不符") }
            kid = signedBy
            if latest.action == "issue" {
                guard latest.token == record.token, record.status == .valid else { return invalid("证照状态与签章的记录不符") }
            } else {
                guard let statement = await keys.verifiedStatement(latest.token, department: signed.issuer.department),
                      statement.identifier == id, statement.seq == latest.seq, statement.status == record.status,
                      statement.reason == record.statusReason else {
                    return invalid("证照状态与签章的记录不符")
                }
            }
            verified.withLock { set in
                if set.count >= Self.verifiedCapacity { set.removeAll(keepingCapacity: true) }
                set.insert(digest)
            }
        }
        let standing = record.standing(today: calendar.today)
        let reason: String
        switch standing {
        case .expired: reason = "有效期至 \(record.licence.validUntil?.chinese ?? "")，已过期"
        case .valid: reason = "签章有效，证照在有效期内"
        default: reason = record.statusReason
        }
        return LicenceVerification(identifier: id, standing: standing, reason: reason, licence: record.licence.masked, keyID: kid,
                                   supersededBy: record.supersededBy)
    }

    // MARK: Holders

    /// The licences the citizen holds: under their ID once verified at a window, and those of the
    /// verified enterprises they represent or act for.
    public func mine(by identity: CitizenIdentity) async throws -> [LicenceRecord] {
        try await repository.held(by: try await holderCodes(identity))
    }

    /// One licence for its holder; 404 for anyone else.
    public func licence(_ text: String, by identity: CitizenIdentity) async throws -> (LicenceRecord, [LicenceEventRecord]) {
        let id = try Self.identifier(text)
        guard let record = try await repository.find(id), try await holderCodes(identity).contains(record.licence.holder.code) else {
            throw ProblemDetails.notFound("电子证照不存在")
        }
        return (record, try await repository.events(id))
    }

    /// 我的材料: what the citizen (and the verified enterprises they represent or act for) hold
    /// that an application can take instead of an upload — licences in force (A), and their own
    /// identity once a clerk checked it (B).
    public func materials(by identity: CitizenIdentity) async throws -> [HeldMaterial] {
        let today = calendar.today
        var held: [HeldMaterial] = []
        // Each holder's licences and what windows received from them and kept (材料库), by their key.
        for code in try await holderCodes(identity) {
            let key = code == identity.account.documentNumber ? (identity.account.documentType ?? .residentID).holderKey(code) : "uscc:\(code)"
            let (licences, entries) = try await BaseRecordRepository(database: repository.database).held(key, code: code, validOn: today)
            held += HeldMaterial.of(licences: licences, vault: entries, today: today)
        }
        if identity.account.realName == .verified, identity.account.documentType == .residentID, let number = identity.account.documentNumber {
            held.append(.verifiedIdentity(number))
        }
        return held
    }

    func holderCodes(_ identity: CitizenIdentity) async throws -> [String] {
        var codes: [String] = []
        // A self-declared ID could be anyone's: as with window cases, only a verified one.
        if identity.account.seesWindowCases, let number = identity.account.documentNumber { codes.append(number) }
        let today = calendar.today
        // An enterprise's licences, like its window cases, once a clerk verified who represents it.
        for link in try await enterprises.links(citizen: identity.account.id) where link.seesCases(on: today) {
            codes.append(link.enterprise.uscc)
        }
        return codes
    }

    // MARK: Issuing department

    /// One licence for staff: the issuing department's approvers and supervisors; the read is
    /// recorded as a read of personal data.
    public func licence(_ text: String, by identity: Identity, client: String) async throws -> (LicenceRecord, [LicenceEventRecord]) {
        guard identity.role == .approver || identity.role == .supervisor else { throw Self.refused(acting: false) }
        let id = try Self.identifier(text)
        guard let record = try await repository.find(id) else { throw ProblemDetails.notFound("电子证照不存在") }
        try Self.authorise(record, identity: identity, acting: false)
        try await CaseRepository(database: repository.database).recordAccess(caseNumber: "", purpose: "查看电子证照：\(id)",
                                                                              actor: identity.actor(client: client), at: clock.now())
        return (record, try await repository.events(id))
    }

    /// The department's licences, newest first.
    public func issued(by department: DepartmentCode, page: PageRequest, identity: Identity) async throws -> (records: [LicenceRecord], total: Int) {
        guard identity.role == .supervisor || (identity.role == .approver && identity.account.department == department) else {
            throw ProblemDetails(status: 403, title: "Forbidden", detail: "只能查看本部门颁发的电子证照")
        }
        let (records, total) = try await repository.issued(byDepartment: department, page: page)
        return (records.map { var r = $0; r.licence = r.licence.masked; return r }, total)
    }

    /// Suspends, restores or revokes a licence: the issuing department's approvers only, with a
    /// reason, from the status the page showed (`expected`; else the current one).
    public func act(_ text: String, _ action: LicenceAction, reason: String, expected: LicenceStatus?, by identity: Identity, client: String) async throws -> LicenceRecord {
        guard identity.role == .approver else { throw Self.refused(acting: true) }
        let id = try Self.identifier(text)
        guard let record = try await repository.find(id) else { throw ProblemDetails.notFound("电子证照不存在") }
        try Self.authorise(record, identity: identity, acting: true)
        let from = expected ?? record.status
        let next = try LicenceLifecycle.apply(action, to: from, reason: reason)
        let department = record.licence.issuer.department
        try await keys.prepare(department.rawValue)
        try await repository.change(id, from: from, to: next, action: action, reason: reason.trimmingWhitespace(), department: department,
                                    at: clock.now(), actor: identity.actor(client: client), signer: keys)
        licencesChanged()
        guard let changed = try await repository.find(id) else { throw ProblemDetails.notFound("电子证照不存在") }
        return changed
    }

    static func authorise(_ record: LicenceRecord, identity: Identity, acting: Bool) throws {
        let own = identity.role == .approver && identity.account.department == record.licence.issuer.department
        if acting ? own : (own || identity.role == .supervisor) { return }
        throw refused(acting: acting)
    }

    static func refused(acting: Bool) -> ProblemDetails {
        ProblemDetails(status: 403, title: "Forbidden", detail: acting ? "只有颁发部门的审批人员可以暂停、恢复或注销电子证照" : "只有颁发部门和电子监察人员可以查看电子证照的完整信息")
    }

    static func identifier(_ text: String) throws -> String {
        switch LicenceIdentifier.parse(text) {
        case .success(let parsed): return parsed.description
        case .failure: throw ProblemDetails.notFound("电子证照不存在")
        }
    }

    // MARK: Keys

    /// Rotates a department's key (administrators).
    public func rotateKey(of department: DepartmentCode, by identity: Identity, client: String) async throws -> SigningKey {
        try identity.require(.manageSigningKeys)
        guard catalog.snapshot.departmentsByCode[department] != nil else {
            throw ProblemDetails.notFound("部门“\(department)”不存在")
        }
        return try await keys.rotate(department.rawValue, actor: identity.actor(client: client))
    }
}
