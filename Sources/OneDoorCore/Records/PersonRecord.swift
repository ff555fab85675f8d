/// Where a value in a base record came from (issue 16 §1).
public enum RecordSource: String, Sendable, Hashable, Codable, CaseIterable {
    case window
    case online
    case lineSystem = "line-system"
    case citizen

    public var label: String {
        switch self {
        case .window: "窗口采集"
        case .online: "网上申报"
        case .lineSystem: "部门业务系统"
        case .citizen: "本人填报"
        }
    }
}

/// One value of one field, with where and when it came from and whether it was checked (a clerk
/// saw the document, a line system vouches for it).
public struct SourcedValue: Sendable, Hashable, Codable {
    public var value: String
    public var source: RecordSource
    public var at: Int64
    public var verified: Bool

    public init(value: String, source: RecordSource, at: Int64, verified: Bool) {
        self.value = value
        self.source = source
        self.at = at
        self.verified = verified
    }
}

/// The 18 basic items of a person (自然人库, issue 16 §1; Hetang keeps 18 per resident), no
/// photographs.
public enum PersonField: String, Sendable, Hashable, Codable, CaseIterable {
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
        func fail(_ reason: String) -> Result<String, ValidationFailed> { .failure(ValidationFailed([ValidationProblem(path: rawValue, reason: reason)])) }
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

/// A field's values: the one in use, a different one that was said and not (yet) believed over
/// it — shown to the clerk as a conflict — and every value ever observed, oldest first.
public struct FieldHistory: Sendable, Hashable, Codable {
    public var current: SourcedValue
    public var conflict: SourcedValue?
    public var history: [SourcedValue]

    public init(current: SourcedValue, conflict: SourcedValue? = nil, history: [SourcedValue]) {
        self.current = current
        self.conflict = conflict
        self.history = history
    }
}

/// A person's base record, keyed like applicants (document type and number): each of the 18
/// items with its sources and history. Pure: intake and online applications observe values,
/// storage keeps the record.
public struct PersonRecord: Sendable, Hashable, Codable {
    public var key: String
    public var fields: [PersonField: FieldHistory]

    public init(key: String, fields: [PersonField: FieldHistory] = [:]) {
        self.key = key
        self.fields = fields
    }

    /// The record after `raw` was said for `field`. The same value again refreshes it (and
    /// stays verified if either was); a different one replaces the value in use only when it is
    /// verified (and not older than a verified value in use) — otherwise it is kept as the
    /// field's conflict, for a clerk to see, and the value in use stays. Every observation joins
    /// the history.
    public func observing(_ field: PersonField, _ raw: String, source: RecordSource, at: Int64, verified: Bool,
                          today: CivilDate?) -> Result<PersonRecord, ValidationFailed> {
        let value: String
        switch field.checked(raw, today: today) {
        case .success(let checked): value = checked
        case .failure(let failed): return .failure(failed)
        }
        let observed = SourcedValue(value: value, source: source, at: at, verified: verified)
        var next = self
        guard var entry = fields[field] else {
            next.fields[field] = FieldHistory(current: observed, history: [observed])
            return .success(next)
        }
        entry.history.append(observed)
        if entry.current.value == value {
            entry.current = SourcedValue(value: value, source: source, at: max(at, entry.current.at), verified: verified || entry.current.verified)
            if entry.conflict?.value == value { entry.conflict = nil }
        } else if verified && (!entry.current.verified || at >= entry.current.at) {
            entry.conflict = nil
            entry.current = observed
        } else {
            entry.conflict = observed
        }
        next.fields[field] = entry
        return .success(next)
    }

    /// The record with what a valid resident ID itself says — the number, the birth date, the
    /// gender — as verified values from `source`.
    public func withIdentity(_ number: String, source: RecordSource, at: Int64) -> PersonRecord {
        let check = ResidentID.check(number)
        guard check.isValid, let gender = Gender.from(residentID: check.normalized), let born = check.birthDate else { return self }
        var record = self
        for (field, value) in [(PersonField.idNumber, check.normalized), (.birthDate, born.description), (.gender, gender.rawValue)] {
            if case .success(let next) = record.observing(field, value, source: source, at: at, verified: true, today: nil) { record = next }
        }
        return record
    }
}
