import OneDoorCore
import OneDoorStorage

/// Issuing the electronic licence a concluded case ends in (issue 16 §3).
extension CaseService {
    /// The licence type a case's item issues, if its result is an electronic licence.
    public func licenceType(of record: CaseRecord) -> LicenceType? {
        catalog.snapshot.itemsByCode[record.itemCode]?.guide.result.licenceType.flatMap(LicenceTypes.find)
    }

    /// The licence to issue with this step, unnumbered: only a conclusion with 准予 of an item
    /// whose result is a licence. The department's signing key is made ready here, before the
    /// transaction, which only signs.
    func licenceToIssue(_ action: CaseAction, case record: CaseRecord, draft: LicenceDraft?) async throws -> Licence? {
        guard case .conclude = action else { return nil }
        return try await licenceToIssue(concluded: record, draft: draft)
    }

    /// The licence a case concluded with 准予 issues, if its item's result is one (unnumbered;
    /// a case opened and concluded at once is numbered by its own insert, and the licence with it).
    func licenceToIssue(concluded record: CaseRecord, draft: LicenceDraft?) async throws -> Licence? {
        guard record.decision?.granted == true, let type = licenceType(of: record) else { return nil }
        guard let draft else {
            throw ValidationFailed([ValidationProblem(path: "licence", reason: "本事项办结时颁发电子证照“\(type.name)”，请填写证照的照面信息")])
        }
        guard let department = catalog.snapshot.departmentsByCode[type.department] else {
            throw ValidationFailed([ValidationProblem(path: "licence", reason: "颁发部门 \(type.department) 不在本平台的部门中")])
        }
        let issuer = LicenceIssuer(department: department.code, code: department.uscc, name: department.name)
        let licence = try LicenceIssuing.licence(type, draft: draft, applicant: record.applicant, issuer: issuer, caseNumber: record.number.rawValue,
                                                 today: calendar.today)
        try await licenceKeys.prepare(department.code.rawValue)
        return licence
    }

    /// The write that issues the licence inside the step's transaction, if the step issues one,
    /// with the licence (its renewal notice goes with the step's messages).
    func licenceIssue(_ action: CaseAction, case record: CaseRecord, draft: LicenceDraft?, at now: Int64, actor: AuditActor)
        async throws -> (licence: Licence, write: @Sendable (any SQLExecutor) async throws -> Void)? {
        guard let licence = try await licenceToIssue(action, case: record, draft: draft) else { return nil }
        let signer = licenceKeys
        return (licence, { db in _ = try await LicenceRepository.issue(licence, at: now, actor: actor, signer: signer, in: db) })
    }

    /// A 即办件 concluded on the spot at intake issues its licence in the intake's transaction,
    /// numbered with the case (the licence names it); checked here, before anything is written.
    func licenceAtIntake(_ draft: CaseRecord, licence face: LicenceDraft?, at now: Int64, actor: AuditActor)
        async throws -> (licence: Licence, write: @Sendable (CaseRecord, any SQLExecutor) async throws -> Void)? {
        guard draft.state == .concluded, let licence = try await licenceToIssue(concluded: draft, draft: face) else { return nil }
        let signer = licenceKeys
        return (licence, { record, db in
            var numbered = licence
            numbered.caseNumber = record.number.rawValue
            _ = try await LicenceRepository.issue(numbered, at: now, actor: actor, signer: signer, in: db)
        })
    }

    /// Why a renewal notice (``CaseMessages/renewalNotices(_:licence:today:book:)``) should not go
    /// out, or nil while the case's licence is still in force with that last day.
    public func licenceRenewalMoot(_ message: OutboxMessage) async -> String? {
        guard let (number, until) = CaseMessages.licenceRenewal(key: message.message.key) else { return "提醒的证照无法识别" }
        let found: LicenceRecord?
        do {
            found = try await LicenceRepository(database: repository.database).issued(by: number.rawValue)
        } catch {
            return nil  // the database did not answer: send it
        }
        guard let record = found else { return "证照不存在" }
        guard record.status == .valid else { return "证照\(record.status.label)" }
        if record.licence.validUntil != until { return "证照有效期已变更" }
        return nil
    }
}
