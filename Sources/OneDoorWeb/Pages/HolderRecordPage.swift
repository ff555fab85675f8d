import OneDoorCore
import OneDoorServices

/// A case's applicant as the base records know them (一次采集、反复使用), for the staff who work
/// on the case: each field with its source, time and check, the value that disagrees, every
/// earlier value; and what they hold that checklists can take by reference.
struct HolderRecordPage: PageModel {
    var title: String { "申请人基础信息" }
    var bodyClass: String { "admin" }
    var number: String
    var caseLink: String
    var applicant: String
    var fields: [RecordDisplay.Field]
    var hasFields: Bool
    var held: [RecordDisplay.Held]
    var hasHeld: Bool
    var message: String?

    init(_ record: CaseRecord, _ view: HolderRecordView, canSettle: Bool = false) {
        number = record.number.rawValue
        caseLink = SiteURL.caseDetail(.value(record.number)).path
        applicant = "\(record.applicant.name)（\(record.applicant.maskedNumber)）"
        fields = RecordDisplay.fields(view)
        // A clerk or approver settles a conflict with the applicant; supervisors read.
        for i in fields.indices where canSettle && fields[i].conflict != nil {
            fields[i].settleAction = SiteURL.caseApplicantRecordField(.value(record.number), .value(fields[i].code)).path
        }
        hasFields = !fields.isEmpty
        held = RecordDisplay.held(view.held)
        hasHeld = !held.isEmpty
    }
}
