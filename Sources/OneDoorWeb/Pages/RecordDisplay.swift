import OneDoorCore

/// A base-record value as pages print it: codes by their labels (性别 "2" → 女).
enum RecordDisplay {
    static func value<F: RecordField>(_ field: F, _ value: String) -> String {
        switch field {
        case let f as PersonField:
            switch f {
            case .gender: return Gender(rawValue: value)?.label ?? value
            case .ethnicity: return Ethnicity.label(value) ?? value
            case .maritalStatus: return MaritalStatus(rawValue: value)?.label ?? value
            case .politicalStatus: return PoliticalStatus(rawValue: value)?.label ?? value
            case .elderly, .lowIncome: return value == "yes" ? "是" : "否"
            default: return value
            }
        case let f as EnterpriseField:
            switch f {
            case .type: return EnterpriseType(rawValue: value)?.label ?? value
            case .status: return EnterpriseStatus(rawValue: value)?.label ?? value
            case .legalRepresentativeID:
                return ResidentID.masked(String(value.drop(while: { $0 != ":" }).dropFirst()))
            default: return value
            }
        default: return value
        }
    }
}
