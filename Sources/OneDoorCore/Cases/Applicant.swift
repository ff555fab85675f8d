/// The identity document a person applies with.
public enum DocumentType: String, Sendable, Codable, CaseIterable {
    /// 居民身份证 (GB 11643).
    case residentID = "resident-id"
    /// 港澳台居民居住证 (same number format, address codes 810000/820000/830000).
    case residencePermit = "residence-permit"
    case passport
    case other

    public var label: String {
        switch self {
        case .residentID: "居民身份证"
        case .residencePermit: "港澳台居民居住证"
        case .passport: "护照"
        case .other: "其他证件"
        }
    }
}

extension DocumentType {
    /// The key of one holder for the real-name limits of tickets and appointments: the type and
    /// the normalised number, so one person is one key however the number was typed.
    public func holderKey(_ normalizedNumber: String) -> String { rawValue + ":" + normalizedNumber }

    /// The document number normalised (upper case, a 15-digit resident ID upgraded to 18), with
    /// every problem added under `documentNumber` / `documentType`, and the resident-ID check
    /// for the two ID-number documents (birth date, gender, region).
    public func checkedNumber(_ number: String, today: CivilDate?, into c: inout ProblemCollector) -> (normalized: String, residentID: ResidentID.Check?) {
        let raw = number.trimmingWhitespace()
        switch self {
        case .residentID, .residencePermit:
            let check = ResidentID.check(raw, today: today)
            for problem in check.problems { c.add("documentNumber", problem) }
            if check.isValid {
                let permit = ["81", "82", "83"].contains(String(check.normalized.prefix(2)))
                if self == .residentID && permit { c.add("documentType", "该号码是港澳台居民居住证号码，请选择“港澳台居民居住证”") }
                if self == .residencePermit && !permit { c.add("documentType", "港澳台居民居住证号码以 81、82 或 83 开头") }
            }
            return (check.normalized, check)
        case .passport, .other:
            let normalized = raw.uppercased()
            c.requireText("documentNumber", normalized, label: "证件号码", maxLength: 30)
            // Free text here let one caller take any number of tickets under invented names: a
            // number is letters and digits (and `-` for other documents), with at least one digit.
            let bytes = Array(normalized.utf8)
            let plain = bytes.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (self == .other && $0 == 0x2D) }
            let hasDigit = bytes.contains { (0x30...0x39).contains($0) }
            if !normalized.isEmpty {
                switch self {
                case .passport where !(plain && hasDigit && (5...17).contains(bytes.count)):
                    c.add("documentNumber", "护照号码应为 5 到 17 位字母或数字")
                case .other where !(plain && hasDigit && (4...30).contains(bytes.count)):
                    c.add("documentNumber", "证件号码应为 4 到 30 位字母、数字或“-”，且含数字")
                default: break
                }
            }
            return (normalized, nil)
        }
    }

    /// The number as lists, answers, logs and notices show it. ID-number documents keep their
    /// first and last four characters (region and check digits, as counters read them out);
    /// passports and other documents, whose numbers are short, keep the first one and the last
    /// two, so that most of the number is hidden.
    public func masked(_ number: String) -> String {
        switch self {
        case .residentID, .residencePermit:
            return ResidentID.masked(number)
        case .passport, .other:
            let chars = Array(number)
            guard chars.count >= 6 else { return String(repeating: "*", count: chars.count) }
            return String(chars.prefix(1)) + String(repeating: "*", count: chars.count - 3) + String(chars.suffix(2))
        }
    }
}

/// A natural person: an applicant or an agent (代办人).
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var documentType: DocumentType
    /// Normalised: upper case, a 15-digit resident ID upgraded to 18.
    public var documentNumber: String
    public var phone: String
    /// For messages by e-mail; nil when not given.
    public var email: String?

    public init(name: String, documentType: DocumentType, documentNumber: String, phone: String = "", email: String? = nil) {
        self.name = name
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.phone = phone
        self.email = email
    }

    /// Checks the fields and normalises the number; `today` bounds birth dates.
    public func checked(today: CivilDate?, into c: inout ProblemCollector) -> Person {
        var person = self
        person.name = name.trimmingWhitespace()
        c.requireText("name", person.name, label: "姓名", maxLength: 50)
        person.documentNumber = documentType.checkedNumber(documentNumber, today: today, into: &c).normalized
        let phone = self.phone.trimmingWhitespace()
        person.phone = phone
        if !phone.isEmpty && (phone.count > 20 || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) })) {
            c.add("phone", "联系电话只能包含数字、“-”和“+”，最多 20 位")
        }
        person.email = EmailAddress.checked(email, field: "email", into: &c)
        return person
    }
}

/// An enterprise or other organisation applying under its USCC.
public struct Enterprise: Sendable, Hashable, Codable {
    public var name: String
    public var uscc: String
    public var legalRepresentative: String
    public var phone: String
    /// For messages by e-mail; nil when not given.
    public var email: String?
    /// Set when a clerk accepted a USCC that fails only its check character (early pilot codes).
    public var checksumOverrideReason: String?

    public init(name: String, uscc: String, legalRepresentative: String, phone: String = "", email: String? = nil, checksumOverrideReason: String? = nil) {
        self.name = name
        self.uscc = uscc
        self.legalRepresentative = legalRepresentative
        self.phone = phone
        self.email = email
        self.checksumOverrideReason = checksumOverrideReason
    }

    public func checked(into c: inout ProblemCollector) -> Enterprise {
        var enterprise = self
        enterprise.name = name.trimmingWhitespace()
        enterprise.legalRepresentative = legalRepresentative.trimmingWhitespace()
        c.requireText("name", enterprise.name, label: "单位名称", maxLength: 100)
        c.requireText("legalRepresentative", enterprise.legalRepresentative, label: "法定代表人", maxLength: 50)
        let check = USCC.check(uscc)
        enterprise.uscc = check.normalized
        let reason = checksumOverrideReason?.trimmingWhitespace() ?? ""
        enterprise.checksumOverrideReason = nil
        if check.onlyChecksumFailed && !reason.isEmpty {
            // Some genuine early codes fail the check: accepted with the clerk's recorded reason.
            enterprise.checksumOverrideReason = String(reason.prefix(200))
        } else {
            for problem in check.problems {
                c.add("uscc", problem + (check.onlyChecksumFailed ? "（如确认证照上的代码无误，可注明理由后继续）" : ""))
            }
        }
        enterprise.phone = phone.trimmingWhitespace()
        c.limitText("phone", enterprise.phone, label: "联系电话", maxLength: 20)
        enterprise.email = EmailAddress.checked(email, field: "email", into: &c)
        return enterprise
    }
}

/// Who applies: a person or an enterprise. In JSON, `{"person": {…}}` or `{"enterprise": {…}}`.
public enum Applicant: Sendable, Hashable, Codable {
    case person(Person)
    case enterprise(Enterprise)

    enum CodingKeys: String, CodingKey { case person, enterprise }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let person = try container.decodeIfPresent(Person.self, forKey: .person) {
            self = .person(person)
        } else if let enterprise = try container.decodeIfPresent(Enterprise.self, forKey: .enterprise) {
            self = .enterprise(enterprise)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.person, .init(codingPath: decoder.codingPath, debugDescription: "申请人应为个人（person）或单位（enterprise）"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .person(let p): try container.encode(p, forKey: .person)
        case .enterprise(let e): try container.encode(e, forKey: .enterprise)
        }
    }

    /// The key the applicant is stored and found again under (一次采集、反复使用).
    /// A person or an enterprise.
    public var kind: LicenceHolderKind {
        switch self {
        case .person: .person
        case .enterprise: .enterprise
        }
    }

    public var key: String {
        switch self {
        case .person(let p): "\(p.documentType.rawValue):\(p.documentNumber)"
        case .enterprise(let e): "uscc:\(e.uscc)"
        }
    }

    public var name: String {
        switch self {
        case .person(let p): p.name
        case .enterprise(let e): e.name
        }
    }

    /// The identifying number as lists, logs and notices show it: masked for people.
    public var maskedNumber: String {
        switch self {
        case .person(let p): p.documentType.masked(p.documentNumber)
        case .enterprise(let e): e.uscc
        }
    }

    /// The identifying number in full: the document number of a person, the USCC of an
    /// enterprise (the holder code of their licences).
    public var number: String {
        switch self {
        case .person(let p): p.documentNumber
        case .enterprise(let e): e.uscc
        }
    }

    public var phone: String {
        switch self {
        case .person(let p): p.phone
        case .enterprise(let e): e.phone
        }
    }

    public var email: String? {
        switch self {
        case .person(let p): p.email
        case .enterprise(let e): e.email
        }
    }

    public func checked(today: CivilDate?, into c: inout ProblemCollector) -> Applicant {
        switch self {
        case .person(let p): .person(c.checking("applicant.person") { p.checked(today: today, into: &$0) })
        case .enterprise(let e): .enterprise(c.checking("applicant.enterprise") { e.checked(into: &$0) })
        }
    }
}

extension ProblemCollector {
    /// Runs a check written for a nested value with its own collector, reporting under `field`.
    public mutating func checking<T>(_ field: String, _ check: (inout ProblemCollector) -> T) -> T {
        var inner = ProblemCollector()
        let result = check(&inner)
        add(contentsOf: inner.problems.map { ValidationProblem(path: field.isEmpty ? $0.path : "\(field).\($0.path)", reason: $0.reason) })
        return result
    }
}
