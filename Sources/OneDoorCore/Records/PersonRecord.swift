/// The 18 basic items of a person (自然人库, issue 16 §1; Hetang keeps 18 per resident), no
/// photographs.
public enum PersonField: String, RecordField {
    case name, gender, ethnicity, birthDate, idNumber, householdAddress, residenceAddress, phone, maritalStatus, education, employer,
         socialInsurance, disabilityGrade, elderly, lowIncome, householdMembers, politicalStatus, militaryService

    public var label: String {
        switch self {
        case .name: "姓名"
        case .gender: "性别"
        case .ethnicity: "民族"
        case .birthDate: "出生日期"
        case .idNumber: "公民身份号码"
        case .householdAddress: "户籍地址"
        case .residenceAddress: "居住地址"
        case .phone: "联系电话"
        case .maritalStatus: "婚姻状况"
        case .education: "文化程度"
        case .employer: "工作单位"
        case .socialInsurance: "参保状态"
        case .disabilityGrade: "残疾等级"
        case .elderly: "老年人优待"
        case .lowIncome: "低保/低收入"
        case .householdMembers: "家庭成员"
        case .politicalStatus: "政治面貌"
        case .militaryService: "兵役状况"
        }
    }

    /// The value as stored, or why it cannot be: codes must be the standard's, dates real, a
    /// phone a mainland mobile, free text bounded.
    public func checked(_ raw: String, today: CivilDate?) -> Result<String, ValidationFailed> {
        let value = raw.trimmingWhitespace()
        let fail = failure
        guard !value.isEmpty else { return fail("\(label)不能为空") }
        switch self {
        case .gender: return Gender(rawValue: value) == nil ? fail("性别应为 GB/T 2261.1 代码（0、1、2、9）") : .success(value)
        case .ethnicity: return Ethnicity.label(value) == nil ? fail("民族应为 GB 3304 代码（01–56、97、98）") : .success(value)
        case .maritalStatus: return MaritalStatus(rawValue: value) == nil ? fail("婚姻状况应为 GB/T 2261.2 代码") : .success(value)
        case .politicalStatus: return PoliticalStatus(rawValue: value) == nil ? fail("政治面貌应为 GB/T 4762 代码（01–13）") : .success(value)
        case .birthDate:
            guard let date = CivilDate(value) else { return fail("出生日期应为 YYYY-MM-DD") }
            if let today, date > today { return fail("出生日期不能晚于今天") }
            return .success(date.description)
        case .idNumber:
            let check = ResidentID.check(value, today: today)
            return check.isValid ? .success(check.normalized) : fail("公民身份号码无效")
        case .phone:
            guard let mobile = CaseMessages.mobile(value) else { return fail("联系电话应为 11 位手机号码") }
            return .success(mobile)
        case .elderly, .lowIncome:
            return ["yes", "no"].contains(value) ? .success(value) : fail("\(label)应为 yes 或 no")
        default:
            return value.count > 200 ? fail("\(label)不能超过 200 字") : .success(value)
        }
    }
}

/// A person's base record: the 18 items keyed by document type and number.
public typealias PersonRecord = BaseRecord<PersonField>

extension BaseRecord where Field == PersonField {
    /// The record with what a valid resident ID itself says — the number, the birth date, the
    /// gender — as values from `source`, verified when `verified`.
    public func withIdentity(_ number: String, source: RecordSource, at: Int64, verified: Bool = true) -> PersonRecord {
        observing(PersonField.identity(number, verified: verified), source: source, at: at, today: nil)
    }
}

extension PersonField {
    /// What a valid resident ID number says of its holder; nothing for another number.
    public static func identity(_ number: String, verified: Bool) -> [Observation<PersonField>] {
        let check = ResidentID.check(number)
        guard check.isValid, let gender = Gender.from(residentID: check.normalized), let born = check.birthDate else { return [] }
        return [Observation(.idNumber, check.normalized, verified: verified), Observation(.birthDate, born.description, verified: verified),
                Observation(.gender, gender.rawValue, verified: verified)]
    }
}
