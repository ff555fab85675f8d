/// A change of a licence's status as its issuer signs it: which licence, what it is now, why,
/// when, and its place in the licence's history, so that a history entry cannot be moved to
/// another licence or another place without its signature failing.
public struct LicenceStatusStatement: Sendable, Hashable, Codable {
    public var identifier: String
    public var seq: Int
    public var action: String
    public var status: LicenceStatus
    public var reason: String
    /// Unix seconds.
    public var at: Int64

    public init(identifier: String, seq: Int, action: String, status: LicenceStatus, reason: String, at: Int64) {
        self.identifier = identifier
        self.seq = seq
        self.action = action
        self.status = status
        self.reason = reason
        self.at = at
    }
}

/// Signs for a department (ADR 0033). The storage layer calls it inside the transaction that
/// issues or changes a licence, since the identifier, and so what is signed, is only known there.
public protocol LicenceSigner: Sendable {
    /// The signed form of `licence` (a compact JWS), by its issuing department.
    func token(for licence: Licence) async throws -> String
    /// The signed form of a status change by `department`.
    func token(for statement: LicenceStatusStatement, department: DepartmentCode) async throws -> String
}
