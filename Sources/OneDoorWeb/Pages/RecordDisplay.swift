import OneDoorCore
import OneDoorServices

/// Base records and held materials as pages print them: codes by their labels (性别 "2" → 女),
/// each value with where and when it came from.
enum RecordDisplay {
    /// One field: the value in use, its provenance, the value that disagrees, the earlier ones.
    struct Field: Sendable {
        var code: String
        var label: String
        var value: String
        var provenance: String
        var conflict: String?
        var history: [String]
        var hasHistory: Bool
        /// Where the applicant-record page posts how its conflict was settled, for those who may.
        var settleAction: String? = nil
    }

    /// A material held, with its grade and until when.
    struct Held: Sendable {
        var label: String
        var grade: String
        var validUntil: String
    }

    static func fields(_ view: HolderRecordView) -> [Field] {
        func rows<F: RecordField>(_ base: BaseRecord<F>) -> [Field] {
            F.allCases.compactMap { field in
                guard let entry = base.fields[field] else { return nil }
                func said(_ v: SourcedValue) -> String { "\(value(field, v.value))（\(provenance(v))）" }
                let earlier = entry.history.filter { $0 != entry.current && $0 != entry.conflict }.map(said)
                return Field(code: field.rawValue, label: field.label, value: value(field, entry.current.value), provenance: provenance(entry.current),
                             conflict: entry.conflict.map(said), history: earlier, hasHistory: !earlier.isEmpty)
            }
        }
        return view.person.map(rows) ?? view.enterprise.map(rows) ?? []
    }

    static func provenance(_ v: SourcedValue) -> String { "\(v.source.label) \(PageDates.dateTime(v.at))\(v.verified ? "，已核验" : "，未核验")" }

    static func held(_ held: [HeldMaterial]) -> [Held] {
        held.map { Held(label: $0.label, grade: $0.grade.label, validUntil: $0.validUntil?.chinese ?? "长期") }
    }

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
