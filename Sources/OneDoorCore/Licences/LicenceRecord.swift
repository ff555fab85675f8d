/// A licence in the register: the signed licence, where it stands and when that changed.
public struct LicenceRecord: Sendable, Hashable {
    public var licence: Licence
    public var status: LicenceStatus
    public var statusReason: String
    public var supersededBy: String?
    /// The signed form (compact JWS) the licence was issued as.
    public var token: String
    public var createdAt: Int64
    public var updatedAt: Int64

    public init(licence: Licence, status: LicenceStatus, statusReason: String, supersededBy: String?, token: String, createdAt: Int64, updatedAt: Int64) {
        self.licence = licence
        self.status = status
        self.statusReason = statusReason
        self.supersededBy = supersededBy
        self.token = token
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Where it stands on `today` (its status, or expired by its date).
    public func standing(today: CivilDate) -> LicenceStanding {
        LicenceStanding.of(status: status, validUntil: licence.validUntil, today: today)
    }
}

/// One entry of a licence's history, with its signed statement.
public struct LicenceEventRecord: Sendable, Hashable {
    public var seq: Int
    public var at: Int64
    public var action: String
    public var status: LicenceStatus
    public var reason: String
    public var actor: String
    public var token: String

    public init(seq: Int, at: Int64, action: String, status: LicenceStatus, reason: String, actor: String, token: String) {
        self.seq = seq
        self.at = at
        self.action = action
        self.status = status
        self.reason = reason
        self.actor = actor
        self.token = token
    }
}

/// A signing key pair of a department (or the platform), Ed25519, stored as base64url raw keys
/// (ADR 0033: a stand-in for the department's seal device).
public struct SigningKey: Sendable, Hashable {
    public var kid: String
    /// A department's code, or `platform`.
    public var owner: String
    public var algorithm: String
    public var publicKey: String
    public var privateKey: String
    public var createdAt: Int64
    public var retiredAt: Int64?

    public init(kid: String, owner: String, algorithm: String = "EdDSA", publicKey: String, privateKey: String, createdAt: Int64, retiredAt: Int64? = nil) {
        self.kid = kid
        self.owner = owner
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.privateKey = privateKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

public enum LicenceStoreError: Error, Sendable, Equatable {
    case notFound(String)
    /// The licence changed since it was read.
    case conflict(String)
}
