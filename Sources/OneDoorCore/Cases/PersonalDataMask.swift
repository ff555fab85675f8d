/// Personal data as answers to actions, lists and logs show it: what staff need to recognise a
/// person, not the numbers themselves. Full numbers are shown only by a view of the case, which
/// is logged (`personal_data_access`).
extension Person {
    /// The person with their document number and phone masked.
    public var masked: Person {
        Person(name: name, documentType: documentType, documentNumber: documentType.masked(documentNumber), phone: PersonalDataMask.phone(phone))
    }
}

extension Applicant {
    /// A person's number and phone masked; an enterprise's USCC is public (国家企业信用信息公示),
    /// its phone masked.
    public var masked: Applicant {
        switch self {
        case .person(let p):
            return .person(p.masked)
        case .enterprise(var e):
            e.phone = PersonalDataMask.phone(e.phone)
            return .enterprise(e)
        }
    }
}

extension CaseRecord {
    /// The case with its applicant's and agent's personal numbers masked.
    public var masked: CaseRecord {
        var copy = self
        copy.applicant = applicant.masked
        copy.agent = agent?.masked
        return copy
    }
}

public enum PersonalDataMask {
    /// "138****8000": the first three and last four digits of a mobile number; shorter numbers
    /// keep only their last two.
    public static func phone(_ phone: String) -> String {
        let chars = Array(phone)
        if chars.count >= 11 { return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4)) }
        if chars.count > 2 { return String(repeating: "*", count: chars.count - 2) + String(chars.suffix(2)) }
        return phone
    }
}

extension PersonalDataMask {
    /// "张*": the surname only, for lists seen by people who do not handle the case.
    public static func name(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
