import Mustache
import Foundation
import OneDoorCore
import OneDoorServices

/// Formats for dates and times as the pages print them (China time).
enum PageDates {
    static func dateTime(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// "HH:mm" in China time, by arithmetic: the call screen prints several on every update.
    static func time(_ seconds: Int64) -> String {
        AppointmentSlot.clock(CivilDate.minuteOfDay(epochSeconds: seconds))
    }
}

/// A line of a case list.
struct CaseRow: Sendable {
    var number: String
    var link: String
    var itemName: String
    var state: String
    var applicant: String
    var received: String
    var promised: String
    var legal: String
    var light: String
    var lightLabel: String
    var paused: Bool

    init(_ record: CaseListing, light: CaseLight) {
        number = record.number.rawValue
        link = SiteURL.caseDetail(.value(record.number)).path
        itemName = record.itemName
        state = record.state.label
        applicant = "\(record.applicant.name)（\(record.applicant.maskedNumber)）"
        received = record.receivedOn.description
        promised = record.promisedDeadline?.description ?? "—"
        legal = record.legalDeadline?.description ?? "—"
        self.light = light.rawValue
        lightLabel = light.label
        paused = record.specialProcedure != nil
    }
}

/// A queue shows fifty rows of eleven fields: looked up by name, not by reflection.
extension CaseRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "link": link
        case "itemName": itemName
        case "state": state
        case "applicant": applicant
        case "received": received
        case "promised": promised
        case "legal": legal
        case "light": light
        case "lightLabel": lightLabel
        case "paused": paused
        default: nil
        }
    }
}

struct CaseListPage: PageModel {
    var title: String { heading }
    var bodyClass: String { "admin" }
    var heading: String
    var explanation: String
    var rows: [CaseRow]
    var total: Int
    /// 督办 the viewer's department (or hall) has still to answer.
    var ordersWaiting = 0
    var hasOrdersWaiting = false
    var canIntake: Bool
    var previousLink: String?
    var nextLink: String?
    // The search and filters, as asked (kept in the form and the page links).
    var query = ""
    var states: [SelectOption] = []
    var lates: [SelectOption] = []
    var from = ""
    var to = ""
    var halls: [SelectOption] = []
    var departments: [SelectOption] = []
    var showScopeFilters = false
    var filtered = false
    var problems: [String] = []
    var hasProblems = false
}

/// A case for staff: everything about it, and the forms for what the viewer may do next.
struct CasePage: PageModel {
    struct Step: Sendable {
        var at: String
        var step: String
        var actor: String
        var opinion: String
        var attachments: String?
        var changes: String?
    }

    /// The documents of one material: its files, and where a clerk uploads more.
    struct DocumentGroup: Sendable {
        var index: Int
        var name: String
        var files: [DocumentRow]
        var hasFiles: Bool
        var uploadAction: String?
    }

    struct DocumentRow: Sendable {
        var name: String
        var link: String
        var detail: String
    }

    /// One face field of the licence the conclusion issues, pre-filled from the case.
    struct LicenceInput: Sendable {
        var name: String
        var label: String
        var value: String
        var required: Bool
    }

    var title: String { "办件 \(number)" }
    /// The licence a conclusion with 准予 issues (its type's name), with the inputs of its face.
    var licenceTypeName: String?
    var licenceInputs: [LicenceInput] = []
    /// An enterprise licence for a person's application (设立登记): the new USCC and name.
    var licenceAsksHolder = false
    /// The licence the case issued.
    var issuedLicence: String?
    var issuedLicenceLink: String?
    var documents: [DocumentGroup] = []
    var hasDocuments = false
    /// 督办 on the case (电子监察).
    var supervision: SupervisionSection?
    var bodyClass: String { "admin" }
    var number: String
    var revision: Int
    var itemName: String
    var itemLink: String
    var itemVersion: Int
    var caseKind: String
    var state: String
    var currentStep: String
    var light: String
    var lightLabel: String
    var departmentName: String
    var hallName: String
    var window: String
    /// "A012（综合受理）· 取号 09:02 · 叫号 09:14 · 等候 12 分钟" when opened from a ticket.
    var visit: String?
    var applicantLines: [String]
    var agentLine: String?
    /// The applicant's base record and held materials (read on purpose, logged).
    var applicantRecordLink: String
    var received: String
    var accepted: String
    var promised: String
    var legal: String
    var limits: String
    var clockNote: String?
    var decision: String?
    var delivery: String?
    var refusal: String?
    var materials: [CaseFormPage.MaterialRow]
    /// The 容缺 materials still to be handed in, for the clerk's form.
    var outstanding: [CaseFormPage.MaterialRow]
    var materialPhrases: [String]
    /// Why the case cannot be concluded yet, or why this viewer may not take the next step.
    var waitingNote: String?
    /// The theme case (一件事) it is a child of.
    var themeCaseLink: String?
    var themeCaseNumber: String?
    var steps: [Step]
    var notices: [SelectOption]
    var message: String?
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    // What the viewer may do now.
    var canCompleteCorrection: Bool
    var canReceiveMaterials: Bool
    var canUndertake: Bool
    var canReview: Bool
    var canDecide: Bool
    var canConclude: Bool
    var canDeliver: Bool
    /// What the applicant asked for (online applications): the deliver form starts there.
    var deliveryChoice: String?
    var deliverPickup: Bool
    var deliverPost: Bool
    var deliverElectronic: Bool
    var trips: String?
    var canSendBack: Bool
    var canWithdraw: Bool
    var canStartSpecial: Bool
    var canEndSpecial: Bool
    var canExtend: Bool
    var specialKinds: [SelectOption]
    var actionsLink: String

    init(view: CaseView, snapshot: CatalogSnapshot, viewer: Identity, message: String? = nil, problems: [ValidationProblem] = []) {
        let r = view.record
        number = r.number.rawValue
        revision = r.revision
        itemName = r.itemName
        itemLink = SiteURL.item(.value(r.itemCode)).path(["version": String(r.itemVersion)])
        itemVersion = r.itemVersion
        caseKind = r.caseKind.label
        state = r.state.label
        currentStep = r.state.currentStep
        light = view.light.rawValue
        lightLabel = view.light.label
        departmentName = snapshot.departmentsByCode[r.department]?.name ?? r.department.rawValue
        hallName = snapshot.hallsByCode[r.hall]?.name ?? r.hall.rawValue
        window = r.window.map { "\($0) 号窗口" } ?? ""
        visit = r.visit.map { v in
            "\(v.number)（\(v.queueName)）· 取号 \(PageDates.time(v.issuedAt)) · 叫号 \(PageDates.time(v.calledAt)) · 等候 \(v.waitSeconds / 60) 分钟"
        }
        switch r.applicant {
        case .person(let p):
            applicantLines = ["\(p.name)（个人）", "\(p.documentType.label) \(p.documentNumber)", p.phone.isEmpty ? "" : "电话 \(p.phone)"].filter { !$0.isEmpty }
        case .enterprise(let e):
            applicantLines = ["\(e.name)（单位）", "统一社会信用代码 \(e.uscc)", "法定代表人 \(e.legalRepresentative)",
                              e.checksumOverrideReason.map { "（代码校验位不符，经办人注明：\($0)）" } ?? ""].filter { !$0.isEmpty }
        }
        agentLine = r.agent.map { "代办人：\($0.name)，\($0.documentType.label) \($0.documentNumber)" }
        applicantRecordLink = SiteURL.caseApplicantRecord(.value(r.number)).path
        received = r.receivedOn.chinese
        accepted = r.acceptedOn?.chinese ?? "未受理"
        promised = r.promisedDeadline?.chinese ?? "—"
        legal = r.legalDeadline?.chinese ?? "—"
        limits = "承诺 \(r.promisedLimit.phrase)，法定 \(r.legalLimit.phrase)" + (r.extensionDays > 0 ? "，已延期 \(r.extensionDays) 天" : "")
            + (r.pausedDays > 0 ? "，特别程序已扣除 \(r.pausedDays) 天" : "")
        clockNote = r.specialProcedure.map { "特别程序（\($0.kind.label)）自 \($0.startedOn.chinese) 起进行中，预计 \($0.expectedDays) 天，期间不计入办理时限。事由：\($0.reason)" }
        decision = r.decision.map { "\($0.granted ? "准予" : "不予")（\($0.decidedOn.chinese)）" + ($0.reason.isEmpty ? "" : "：\($0.reason)") }
        delivery = r.delivery.map { "\($0.method.label)（\($0.deliveredOn.chinese)）" + ($0.trackingNumber.map { "，邮件号 \($0)" } ?? "") }
        refusal = r.refusal.map { "不予受理：\($0)" + (r.referral.map { "。请向 \($0) 申请" } ?? "") }
        materials = r.materials.enumerated().map { i, m in
            CaseFormPage.MaterialRow(index: i, name: m.name, necessity: m.necessity.label, necessityCode: m.necessity.rawValue, requirement: "",
                                     received: m.received, copy: !m.original, electronic: m.electronic, pages: m.pages > 0 ? String(m.pages) : "",
                                     due: m.dueDate?.description ?? "", defect: m.defect)
        }
        outstanding = materials.filter { row in r.outstandingMaterials.contains { $0.name == row.name } }
        materialPhrases = r.materials.map {
            "\($0.name)：\($0.receivedPhrase)" + ($0.defect.isEmpty ? "" : "（\($0.defect)）") + ($0.receivedOn.map { "，\($0.chinese)收" } ?? "")
        }
        steps = view.events.map {
            Step(at: PageDates.dateTime($0.at), step: $0.step, actor: "\($0.actorName)（工号 \($0.staffNumber)）", opinion: $0.opinion,
                 attachments: $0.attachments.isEmpty ? nil : $0.attachments.joined(separator: "、"),
                 changes: $0.materialChanges.map { $0.joined(separator: "；") })
        }
        notices = CaseNoticeKind.available(for: r).map { SelectOption(code: SiteURL.caseNotice(.value(r.number), .value($0)).path, name: $0.title, selected: false) }
        self.message = message
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty

        let clerk = viewer.role == .clerk
        let approver = viewer.role == .approver && viewer.account.department == r.department
        let running = r.state.clockRuns
        let paused = r.specialProcedure != nil
        let me = viewer.account.id
        let handled = [r.undertakenBy, r.reviewedBy].contains(me)
        canCompleteCorrection = clerk && r.state == .correction
        canReceiveMaterials = clerk && [.accepted, .undertaken, .reviewed, .decided].contains(r.state) && !r.outstandingMaterials.isEmpty
        canUndertake = approver && r.state == .accepted && !paused
        canReview = approver && r.state == .undertaken && !paused && r.undertakenBy != me
        let chiefAlone = r.chiefMayDecide(CaseActor(viewer.account))
        canDecide = approver && (chiefAlone || (r.state == .reviewed && !handled)) && !paused
        canConclude = approver && r.state == .decided && r.outstandingMaterials.isEmpty
        waitingNote = if r.state == .waiting {
            "本件属于一件事，待前置事项办结后自动开始办理，开始前不能承办。"
        } else if approver && r.state == .decided, let owed = r.outstandingMaterials.first {
            "容缺材料“\(owed.name)”尚未补交（应于 \(owed.dueDate?.chinese ?? "") 前），补交后才能办结。"
        } else if approver && ((r.state == .undertaken && r.undertakenBy == me) || (r.state == .reviewed && handled)) && !chiefAlone {
            "承办、审核、决定须由不同人员办理：您已办理本件的上一环节，请由本部门其他人员办理下一步。"
        } else { nil }
        themeCaseLink = r.theme.map { SiteURL.themeCase(.value($0.number)).path }
        themeCaseNumber = r.theme?.number.rawValue
        canDeliver = clerk && r.state == .concluded
        deliveryChoice = r.deliveryChoice.map { choice in
            "申请人选择\(choice.label)" + (choice.address.map { "：" + $0.line } ?? "")
        }
        let chosen = r.deliveryChoice?.method ?? .pickup
        deliverPickup = chosen == .pickup
        deliverPost = chosen == .post
        deliverElectronic = chosen == .electronic
        trips = r.trips.map { "\($0) 次" + (r.application != nil ? "（网上申报）" : "") }
        canSendBack = approver && [.undertaken, .reviewed, .decided].contains(r.state)
        canWithdraw = clerk && [.correction, .accepted, .undertaken, .reviewed].contains(r.state)
        canStartSpecial = approver && running && !paused
        canEndSpecial = approver && paused
        canExtend = approver && running && r.extensionDays == 0
        specialKinds = SpecialProcedureKind.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: false) }
        actionsLink = SiteURL.caseDetail(.value(r.number)).path + "/actions/"
    }
}
