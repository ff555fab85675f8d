/// What the deciding department enters when a case that ends in a licence concludes: the face
/// values and, for an enterprise licence applied for by a person (设立登记: the enterprise has no
/// code until it is registered), the holder's code and name.
public struct LicenceDraft: Sendable, Hashable {
    public var holderCode: String
    public var holderName: String
    public var fields: [String: String]

    public init(holderCode: String = "", holderName: String = "", fields: [String: String] = [:]) {
        self.holderCode = holderCode
        self.holderName = holderName
        self.fields = fields
    }
}

/// Turns a draft into the licence to issue (pure; the serial and so the identifier are given in
/// the transaction that concludes the case).
public enum LicenceIssuing {
    /// Serial numbers are eight digits within a type and issuer.
    public static func serial(_ number: Int64) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Face values the case already tells (the applicant's name, legal representative …), to
    /// pre-fill the form; the department checks and completes them.
    public static func suggestedFields(_ type: LicenceType, applicant: Applicant) -> [String: String] {
        var values: [String: String] = [:]
        for field in type.fields {
            switch (field.key, applicant) {
            case ("name", _), ("operator", _), ("unit", _), ("holder", .person): values[field.key] = applicant.name
            case ("legalRepresentative", .enterprise(let e)): values[field.key] = e.legalRepresentative
            case ("gender", .person(let p)):
                let check = ResidentID.check(p.documentNumber)
                if check.isValid, let gender = check.gender { values[field.key] = gender.label }
            case ("birthDate", .person(let p)):
                let check = ResidentID.check(p.documentNumber)
                if check.isValid, let born = check.birthDate { values[field.key] = born.chinese }
            default: break
            }
        }
        return values
    }

    /// The licence of `type` for the case's `applicant`, issued by `issuer` on `today`; every
    /// problem of the draft named under `licence.…`.
    public static func licence(
        _ type: LicenceType, draft: LicenceDraft, applicant: Applicant, issuer: LicenceIssuer, caseNumber: String?, today: CivilDate
    ) throws(ValidationFailed) -> Licence {
        var c = ProblemCollector()
        var fields: [LicenceField] = []
        for field in type.fields {
            let value = (draft.fields[field.key] ?? "").trimmingWhitespace()
            if value.isEmpty {
                if field.required { c.add("licence.fields.\(field.key)", "请填写照面项“\(field.label)”") }
                continue
            }
            c.limitText("licence.fields.\(field.key)", value, label: field.label, maxLength: 1000)
            fields.append(LicenceField(key: field.key, label: field.label, value: value))
        }
        let known = Set(type.fields.map(\.key))
        for key in draft.fields.keys.sorted() where !known.contains(key) {
            c.add("licence.fields.\(String(key.prefix(40)))", "“\(type.name)”没有这一照面项")
        }
        let holder = Self.holder(type, draft: draft, applicant: applicant, into: &c)
        if !c.problems.isEmpty { throw ValidationFailed(c.problems) }
        return Licence(identifier: "", typeCode: type.code, typeName: type.name, version: 1, holder: holder, issuer: issuer, issuedOn: today,
                       validUntil: type.validUntil(issuedOn: today), fields: fields, caseNumber: caseNumber, supersedes: nil)
    }

    static func holder(_ type: LicenceType, draft: LicenceDraft, applicant: Applicant, into c: inout ProblemCollector) -> LicenceHolder {
        let givenName = draft.holderName.trimmingWhitespace()
        c.limitText("licence.holderName", givenName, label: "持证主体名称", maxLength: 100)
        switch (type.holder, applicant) {
        case (.person, .person(let person)):
            if person.documentType != .residentID && person.documentType != .residencePermit {
                c.add("licence.holderCode", "“\(type.name)”的持证人须以公民身份号码登记，申请人的证件不是居民身份证或居住证")
            }
            return LicenceHolder(kind: .person, code: person.documentNumber, name: person.name)
        case (.person, .enterprise):
            c.add("licence.holderCode", "“\(type.name)”颁发给个人，本件的申请人是单位")
            return LicenceHolder(kind: .person, code: "", name: "")
        case (.enterprise, _):
            let given = draft.holderCode.trimmingWhitespace()
            var code = ""
            if !given.isEmpty {
                let check = USCC.check(given)
                for problem in check.problems { c.add("licence.holderCode", problem) }
                code = check.normalized
            } else if case .enterprise(let enterprise) = applicant {
                code = enterprise.uscc
            } else {
                c.add("licence.holderCode", "请填写持证单位的统一社会信用代码（设立登记时为新核发的代码）")
            }
            var name = givenName
            if name.isEmpty, case .enterprise(let enterprise) = applicant, given.isEmpty || code == enterprise.uscc { name = enterprise.name }
            if name.isEmpty { c.add("licence.holderName", "请填写持证单位名称") }
            return LicenceHolder(kind: .enterprise, code: code, name: name)
        }
    }
}

extension Licence {
    /// The licence with its place in the sequence: serial and version within its type and issuer.
    public func numbered(serial: String, version: Int, supersedes: String?) -> Licence? {
        guard let identifier = LicenceIdentifier(typeCode: typeCode, issuerCode: issuer.code, serial: serial, version: version) else { return nil }
        var copy = self
        copy.identifier = identifier.description
        copy.version = version
        copy.supersedes = supersedes
        return copy
    }
}
