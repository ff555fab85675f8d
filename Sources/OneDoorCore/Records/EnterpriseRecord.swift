/// The items of an enterprise's base record (法人库, issue 16 §1), keyed by USCC.
public enum EnterpriseField: String, RecordField {
    case name, type, legalRepresentative, legalRepresentativeID, registeredAddress, registeredCapital, businessScope, establishmentDate,
         status, registrationAuthority, phone

    public var label: String {
        switch self {
        case .name: "名称"
        case .type: "类型"
        case .legalRepresentative: "法定代表人"
        case .legalRepresentativeID: "法定代表人身份证件"
        case .registeredAddress: "住所"
        case .registeredCapital: "注册资本（万元）"
        case .businessScope: "经营范围"
        case .establishmentDate: "成立日期"
        case .status: "登记状态"
        case .registrationAuthority: "登记机关"
        case .phone: "联系电话"
        }
    }

    public func checked(_ raw: String, today: CivilDate?) -> Result<String, ValidationFailed> {
        let value = raw.trimmingWhitespace()
        let fail = failure
        guard !value.isEmpty else { return fail("\(label)不能为空") }
        switch self {
        case .type: return EnterpriseType(rawValue: value) == nil ? fail("类型应为企业类型代码之一") : .success(value)
        case .status: return EnterpriseStatus(rawValue: value) == nil ? fail("登记状态应为 active、cancelled 或 revoked") : .success(value)
        case .legalRepresentativeID:
            // The legal representative's own record: a key like an applicant's.
            guard value.hasPrefix("resident-id:") || value.hasPrefix("residence-permit:") else { return fail("法定代表人身份证件应为居民身份证或居住证") }
            let check = ResidentID.check(String(value.drop(while: { $0 != ":" }).dropFirst()))
            return check.isValid ? .success(String(value.prefix(while: { $0 != ":" })) + ":" + check.normalized) : fail("法定代表人身份证号码无效")
        case .registeredCapital:
            // 万元, up to four decimals: no float is stored, only the digits as written.
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            let digits = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            guard digits, parts.count <= 2, parts[0].count <= 12, parts.count == 1 || parts[1].count <= 4 else { return fail("注册资本应为以万元计的数字，最多四位小数") }
            return .success(value)
        case .establishmentDate:
            guard let date = CivilDate(value) else { return fail("成立日期应为 YYYY-MM-DD") }
            if let today, date > today { return fail("成立日期不能晚于今天") }
            return .success(date.description)
        case .phone:
            return value.count > 20 || !value.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) })
                ? fail("联系电话只能包含数字、“-”和“+”，最多 20 位") : .success(value)
        case .businessScope: return value.count > 2000 ? fail("经营范围不能超过 2000 字") : .success(value)
        default: return value.count > 200 ? fail("\(label)不能超过 200 字") : .success(value)
        }
    }
}

/// An enterprise's base record.
public typealias EnterpriseBaseRecord = BaseRecord<EnterpriseField>

extension BaseRecord where Field == EnterpriseField {
    /// Whether the enterprise's papers kept in the vault still stand: not once its record says
    /// it was cancelled or its licence revoked (注销, 吊销) — the copies of its 营业执照 and lease
    /// with it. A record that says nothing of its status stands.
    public var papersStand: Bool {
        self[.status].map { $0 == EnterpriseStatus.active.rawValue } ?? true
    }
}

/// 企业类型 as the business licence names it [M: the labels are the licence's; the codes ours].
public enum EnterpriseType: String, Sendable, Hashable, Codable, CaseIterable {
    case limitedLiability = "limited-liability", jointStock = "joint-stock", soleProprietorship = "sole-proprietorship", partnership,
         individualBusiness = "individual-business", cooperative, branch, other

    public var label: String {
        switch self {
        case .limitedLiability: "有限责任公司"
        case .jointStock: "股份有限公司"
        case .soleProprietorship: "个人独资企业"
        case .partnership: "合伙企业"
        case .individualBusiness: "个体工商户"
        case .cooperative: "农民专业合作社"
        case .branch: "分公司"
        case .other: "其他"
        }
    }
}

/// What an application says about its applicant, as base-record observations: what a clerk
/// checked against the document at a window (or a verified account said online) is verified;
/// a phone or an address the applicant gives is theirs to say, not checked.
public enum RecordObservations {
    public static func person(_ person: Person, identityChecked: Bool, address: String? = nil) -> [Observation<PersonField>] {
        var said: [Observation<PersonField>] = [Observation(.name, person.name, verified: identityChecked)]
        if person.documentType == .residentID || person.documentType == .residencePermit {
            said += PersonField.identity(person.documentNumber, verified: identityChecked)
        }
        if let mobile = CaseMessages.mobile(person.phone) { said.append(Observation(.phone, mobile, verified: false)) }
        if let address = address?.trimmingWhitespace(), !address.isEmpty { said.append(Observation(.residenceAddress, address, verified: false)) }
        return said
    }

    public static func enterprise(_ enterprise: Enterprise, licenceChecked: Bool) -> [Observation<EnterpriseField>] {
        var said = [Observation(EnterpriseField.name, enterprise.name, verified: licenceChecked),
                    Observation(.legalRepresentative, enterprise.legalRepresentative, verified: licenceChecked)]
        if !enterprise.phone.isEmpty { said.append(Observation(.phone, enterprise.phone, verified: false)) }
        return said
    }
}
