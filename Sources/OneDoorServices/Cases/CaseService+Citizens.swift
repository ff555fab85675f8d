import OneDoorCore
import OneDoorStorage

extension CaseService {
    /// A citizen's own cases (我的办件). A verified account (a clerk saw the holder and the ID
    /// card) sees every case under its ID, whichever window accepted it; an account that is not
    /// verified sees only what it applied for online itself.
    public func citizenCases(page: PageRequest, by identity: CitizenIdentity) async throws -> (cases: [CaseSummary], total: Int) {
        try await repository.cases(applicantKeys: try await applicantKeys(identity), citizen: identity.account.id, limit: page.pageSize,
                                   offset: page.offset)
    }

    /// The case with its history if it is the citizen's: under their verified ID, or from their
    /// own online application.
    func citizenRecord(_ number: CaseNumber, by identity: CitizenIdentity) async throws -> (CaseRecord, [CaseEvent])? {
        guard let (record, events) = try await repository.findWithEvents(number) else { return nil }
        if try await applicantKeys(identity).contains(record.applicant.key) { return (record, events) }
        if let application = record.application, try await repository.isOwnApplication(application, of: identity.account.id) { return (record, events) }
        return nil
    }

    /// The applicant keys whose cases the citizen sees: their own once verified, and each
    /// enterprise they represent or act for once its legal representative is verified (ADR 0027).
    func applicantKeys(_ identity: CitizenIdentity) async throws -> [String] {
        (Self.applicantKey(identity.account).map { [$0] } ?? []) + (try await enterpriseKeys(identity))
    }

    /// The keys of the enterprises whose cases and messages the citizen sees: those they
    /// represent or act for, once the legal representative is verified (ADR 0027).
    public func enterpriseKeys(_ identity: CitizenIdentity) async throws -> [String] {
        let today = calendar.today
        return try await enterpriseLinks.links(citizen: identity.account.id)
            .filter { $0.seesCases(on: today) }.map { "uscc:\($0.enterprise.uscc)" }
    }

    /// The key the account's cases are stored under, once a clerk has verified whose it is.
    static func applicantKey(_ account: CitizenAccount) -> String? {
        guard account.seesWindowCases, let type = account.documentType, let number = account.documentNumber else { return nil }
        return Applicant.person(Person(name: account.name ?? "", documentType: type, documentNumber: number)).key
    }
}

extension CaseService {
    /// One of the citizen's own cases whole, for its written notices (受理、补正、不予受理、办结):
    /// the citizen's own data, so nothing is masked; unknown (404) when not theirs.
    public func citizenCaseRecord(_ number: CaseNumber, by identity: CitizenIdentity) async throws -> (record: CaseRecord, events: [CaseEvent]) {
        guard let found = try await citizenRecord(number, by: identity) else { throw ProblemDetails.notFound("办件“\(number)”不存在") }
        return found
    }
}
