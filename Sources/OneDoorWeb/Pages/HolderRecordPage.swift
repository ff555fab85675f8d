import OneDoorCore
import OneDoorServices

/// A case's applicant as the base records know them (一次采集、反复使用), for the staff who work
/// on the case: each field with its source, time and check, the value that disagrees, every
/// earlier value; and what they hold that checklists can take by reference.
struct HolderRecordPage: PageModel {
    struct Field: Sendable {
        var label: String
        var value: String
        var provenance: String
        var conflict: String?
        var history: [String]
        var hasHistory: Bool
    }
    struct Held: Sendable {
        var label: String
        var grade: String
        var validUntil: String
    }

    var title: String { "申请人基础信息" }
    var bodyClass: String { "admin" }
    var number: String
    var caseLink: String
    var applicant: String
    var fields: [Field]
    var hasFields: Bool
    var held: [Held]
    var hasHeld: Bool

    init(_ record: CaseRecord, _ view: HolderRecordView) {
        number = record.number.rawValue
        caseLink = SiteURL.caseDetail(.value(record.number)).path
        applicant = "\(record.applicant.name)（\(record.applicant.maskedNumber)）"
        func rows<F: RecordField>(_ base: BaseRecord<F>) -> [Field] {
            F.allCases.compactMap { field in
                guard let entry = base.fields[field] else { return nil }
                func provenance(_ v: SourcedValue) -> String { "\(v.source.label) \(PageDates.dateTime(v.at))\(v.verified ? "，已核验" : "，未核验")" }
                let earlier = entry.history.filter { $0 != entry.current && $0 != entry.conflict }
                    .map { "\(RecordDisplay.value(field, $0.value))（\(provenance($0))）" }
                return Field(label: field.label, value: RecordDisplay.value(field, entry.current.value), provenance: provenance(entry.current),
                             conflict: entry.conflict.map { "\(RecordDisplay.value(field, $0.value))（\(provenance($0))）" },
                             history: earlier, hasHistory: !earlier.isEmpty)
            }
        }
        fields = view.person.map(rows) ?? view.enterprise.map(rows) ?? []
        hasFields = !fields.isEmpty
        held = view.held.map { Held(label: $0.label, grade: $0.grade.label, validUntil: $0.validUntil?.chinese ?? "长期") }
        hasHeld = !held.isEmpty
    }
}
