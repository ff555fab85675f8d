import OneDoorCore
import OneDoorStorage

/// One use of a citizen's personal data as 我的 shows it (issue 16 §4): when, which unit, the
/// member of staff by number only, why.
public struct DataUse: Sendable, Hashable {
    public var at: Int64
    public var unit: String
    public var staffNumber: String
    public var purpose: String
    public var caseNumber: String
}

extension CaseService {
    /// Who used the citizen's data: every recorded read of the personal data in the cases they
    /// see (their own, their enterprises'), newest first.
    public func dataUse(by identity: CitizenIdentity, accounts: [StaffAccount], limit: Int = 200) async throws -> [DataUse] {
        let numbers = try await repository.cases(applicantKeys: try await applicantKeys(identity), citizen: identity.account.id, limit: 500, offset: 0)
            .cases.map(\.listing.number.rawValue)
        let staff = Dictionary(accounts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let snapshot = catalog.snapshot
        return try await repository.accessLog(ofCases: numbers, limit: limit).map { entry, actorID in
            let account = actorID.flatMap { staff[$0] }
            let unit = account.map { account in
                account.department.map { snapshot.departmentsByCode[$0]?.name ?? $0.rawValue }
                    ?? account.hall.map { snapshot.hallsByCode[$0]?.name ?? $0.rawValue } ?? account.role.label
            } ?? "系统"
            return DataUse(at: entry.at, unit: unit, staffNumber: account?.staffNumber ?? "—", purpose: entry.purpose, caseNumber: entry.caseNumber)
        }
    }
}
