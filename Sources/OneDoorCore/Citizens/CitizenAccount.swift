/// How sure the platform is of who holds a citizen account (issue 15 §1).
public enum RealNameLevel: String, Sendable, Codable, CaseIterable {
    /// Signed in by phone only.
    case none
    /// Name and resident ID given by the holder and checked per GB 11643 (实名（自报）).
    case selfDeclared = "self-declared"
    /// A clerk saw the holder and their ID card at a window (实名（核验）).
    case verified

    public var label: String {
        switch self {
        case .none: "未实名"
        case .selfDeclared: "实名（自报）"
        case .verified: "实名（核验）"
        }
    }
}

/// A citizen's own account, kept apart from staff accounts: reached by a mainland mobile number
/// and a one-time code, bound to a person once they give their name and ID.
public struct CitizenAccount: Sendable, Hashable {
    public var id: Int64
    /// 11 digits, as `CaseMessages.mobile` normalises it; unique.
    public var phone: String
    public var name: String?
    public var documentType: DocumentType?
    public var documentNumber: String?
    public var realName: RealNameLevel
    public var email: String?
    public var createdAt: Int64

    public init(id: Int64, phone: String, name: String? = nil, documentType: DocumentType? = nil, documentNumber: String? = nil,
                realName: RealNameLevel = .none, email: String? = nil, createdAt: Int64) {
        self.id = id
        self.phone = phone
        self.name = name
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.realName = realName
        self.email = email
        self.createdAt = createdAt
    }

    public var maskedPhone: String { PersonalDataMask.phone(phone) }

    public var maskedDocumentNumber: String? {
        guard let documentType, let documentNumber else { return nil }
        return documentType.masked(documentNumber)
    }

    /// Whether the account may see cases accepted at windows under its ID: only once a clerk has
    /// seen the holder and the card; a self-declared ID could be anyone's.
    public var seesWindowCases: Bool { realName == .verified }
}

/// A signed-in citizen, as the services see one request's caller.
public struct CitizenIdentity: Sendable, Hashable {
    public var account: CitizenAccount
    public var sessionTokenHash: String
    public var csrfToken: String

    public init(account: CitizenAccount, sessionTokenHash: String, csrfToken: String) {
        self.account = account
        self.sessionTokenHash = sessionTokenHash
        self.csrfToken = csrfToken
    }
}
