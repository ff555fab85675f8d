/// An electronic licence (电子证照) as issued and signed: the identifier, the type, the holder,
/// the issuing department, the dates and the face fields. This is exactly what the issuing
/// department signs (ADR 0033), so a verifier holding only the licence file and the published
/// keys can check every word of it; its status (suspended, revoked) changes later and is kept
/// beside it, signed separately.
public struct Licence: Sendable, Hashable, Codable {
    /// `LicenceIdentifier` as text.
    public var identifier: String
    public var typeCode: String
    public var typeName: String
    public var version: Int
    public var holder: LicenceHolder
    public var issuer: LicenceIssuer
    public var issuedOn: CivilDate
    /// The last valid day; nil: 长期.
    public var validUntil: CivilDate?
    public var fields: [LicenceField]
    /// The case it concluded, if any.
    public var caseNumber: String?
    /// The version this one replaced (变更), if any.
    public var supersedes: String?

    public init(identifier: String, typeCode: String, typeName: String, version: Int, holder: LicenceHolder, issuer: LicenceIssuer,
                issuedOn: CivilDate, validUntil: CivilDate?, fields: [LicenceField], caseNumber: String?, supersedes: String?) {
        self.identifier = identifier
        self.typeCode = typeCode
        self.typeName = typeName
        self.version = version
        self.holder = holder
        self.issuer = issuer
        self.issuedOn = issuedOn
        self.validUntil = validUntil
        self.fields = fields
        self.caseNumber = caseNumber
        self.supersedes = supersedes
    }

    /// The value of face field `key`, or "".
    public func value(_ key: String) -> String {
        fields.first { $0.key == key }?.value ?? ""
    }

    /// The licence as a verifier or a list shows it: a person holder's number masked.
    public var masked: Licence {
        var copy = self
        copy.holder.code = copy.holder.maskedCode
        return copy
    }
}

/// 持证主体: the holder's kind, code type (111 / 001), code and name.
public struct LicenceHolder: Sendable, Hashable, Codable {
    public var kind: LicenceHolderKind
    public var codeType: String
    public var code: String
    public var name: String

    public init(kind: LicenceHolderKind, code: String, name: String) {
        self.kind = kind
        self.codeType = kind.codeType
        self.code = code
        self.name = name
    }

    public var maskedCode: String {
        kind == .person ? ResidentID.masked(code) : code
    }

    /// The holder as an applicant (its `key` finds their cases, pushes and contact).
    public var applicant: Applicant {
        kind == .enterprise ? .enterprise(Enterprise(name: name, uscc: code, legalRepresentative: ""))
            : .person(Person(name: name, documentType: .residentID, documentNumber: code))
    }
}

/// 颁发机构: the issuing department, by our code, its USCC (the identifier's issuer segment) and name.
public struct LicenceIssuer: Sendable, Hashable, Codable {
    public var department: DepartmentCode
    public var code: String
    public var name: String

    public init(department: DepartmentCode, code: String, name: String) {
        self.department = department
        self.code = code
        self.name = name
    }
}

/// One face field with its value.
public struct LicenceField: Sendable, Hashable, Codable {
    public var key: String
    public var label: String
    public var value: String

    public init(key: String, label: String, value: String) {
        self.key = key
        self.label = label
        self.value = value
    }
}

/// Where a licence stands. Expiry is not a status: it follows from the date, so a licence
/// nobody touched is expired the day after its last valid day.
public enum LicenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case valid
    /// 暂停: suspended by the issuing department; can be restored.
    case suspended
    /// 注销/吊销: ended for good.
    case revoked
    /// Replaced by a newer version (变更).
    case superseded

    public var label: String {
        switch self {
        case .valid: "有效"
        case .suspended: "已暂停"
        case .revoked: "已注销（吊销）"
        case .superseded: "已变更（被新版本取代）"
        }
    }
}
