import OneDoorCore
import OneDoorServices

/// 在线办理: the form that starts an online application (hall, and whom it is for).
struct ApplyStartPage: PageModel {
    struct HallOption: Sendable {
        var code: String
        var name: String
        var selected: Bool
    }

    struct EnterpriseOption: Sendable {
        var uscc: String
        var label: String
        var selected: Bool
    }

    var title: String { "在线办理：\(itemName)" }
    var enterprises: [EnterpriseOption] = [] { didSet { hasEnterprises = !enterprises.isEmpty } }
    var hasEnterprises = false
    var forEnterprise = false
    var itemName: String
    var itemLink: String
    var action: String
    var depth: String
    var depthNote: String
    var halls: [HallOption]
    var key: String
    var csrf: String
    var needsRealName: Bool
    var message: String?
    var problems: [ValidationProblem] = [] { didSet { hasProblems = !problems.isEmpty } }
    var hasProblems = false
    var agentName = ""
    var agentNumber = ""
    var agentPhone = ""
    var forOther = false

    /// "必交 · 原件 1 份 · 复印件 1 份": what a material asks of the applicant (with its kind for the reviewer).
    static func requirement(_ m: Material, type: Bool = false) -> String {
        let necessity = m.necessity == .required ? "必交" : m.necessity == .deferrable ? "可容缺" : "选交"
        return necessity + (type ? " · \(m.type.label)" : "") + " · 原件 \(m.originals) 份" + (m.copies > 0 ? " · 复印件 \(m.copies) 份" : "")
    }

    /// What the depth means for the applicant's visits.
    static func depthNote(_ depth: OnlineDepth) -> String {
        switch depth {
        case .one: "该事项只提供网上咨询，请到服务中心办理。"
        case .two: "网上预审：网上提交材料，预审通过后携带原件到服务中心一次即可受理（最多跑一次）。"
        case .three: "网上受理：网上提交材料，预审通过即受理，最多跑一次（领取结果时）。"
        case .four: "全程网办：网上提交、网上受理，结果邮寄或电子送达，无需到现场（零跑腿）。"
        }
    }
}

/// One of the citizen's own applications: its upload slots, delivery, submission, history.
struct MyApplicationPage: PageModel {
    struct FileRow: Sendable {
        var name: String
        var detail: String
        var link: String
        var deleteAction: String?
        /// A picture of an image upload (the reviewer's page).
        var thumbnail: String? = nil

        /// "PDF · 1.0 MB · 2026-09-28 09:00".
        static func detail(_ file: ApplicationFile) -> String {
            "\(file.blob.kind.label) · \(OneDoorWeb.size(file.blob.size)) · \(PageDates.dateTime(file.uploadedAt))"
        }
    }

    struct Slot: Sendable {
        var index: Int
        var name: String
        var requirement: String
        var required: Bool
        var notes: String?
        var blankForm: String?
        var sample: String?
        var defect: String?
        var files: [FileRow]
        var hasFiles: Bool
        var uploadAction: String?
        /// 已有，免提交: what the applicant already holds for this material, and whether they chose it.
        var offered: String?
        var reused: String?
        var reuseAction: String?
    }

    struct Step: Sendable {
        var at: String
        var step: String
        var actor: String
        var opinion: String
    }

    var title: String { "网上申报 \(id)" }
    var id: String
    var itemName: String
    var state: String
    var stateCode: String
    var nextStep: String
    var depthNote: String
    var hallName: String
    var applicantLine: String
    var agentLine: String?
    var deadline: String?
    var editable: Bool
    var canWithdraw: Bool
    var defects: [String]
    var hasDefects: Bool
    var originals: [String]
    var hasOriginals: Bool
    var refusal: String?
    var referral: String?
    var caseLink: String?
    /// 好差评 of the pre-review, once decided.
    var rating: RatingSection?
    /// 一件事: the items the application is for, in the theme's order.
    var themeItems: String?
    var slots: [Slot]
    var deliveryAction: String
    var submitAction: String
    var withdrawAction: String
    var allowPickup: Bool
    var pickup: Bool
    var post: Bool
    var electronic: Bool
    var deliveryLabel: String?
    var recipient: String
    var recipientPhone: String
    var savedAddresses: [SelectOption] = [] { didSet { hasSavedAddresses = !savedAddresses.isEmpty } }
    var hasSavedAddresses = false
    var address: String
    var submitLabel: String
    var submitKey: String
    var csrf: String
    var history: [Step]
    var message: String?
    var problems: [ValidationProblem] = [] { didSet { hasProblems = !problems.isEmpty } }
    var hasProblems = false

    init(_ detail: ApplicationDetail, hallName: String, csrf: String, submitKey: String) {
        let a = detail.application
        let idValue = a.id
        id = idValue
        itemName = a.itemName
        state = a.state.label
        stateCode = a.state.rawValue
        nextStep = a.nextStep
        depthNote = ApplyStartPage.depthNote(a.depth)
        self.hallName = hallName
        applicantLine = "\(a.applicant.name)（\(a.applicant.maskedNumber)）"
        agentLine = a.agent.map { "代办人：\($0.name)（\($0.documentType.masked($0.documentNumber))）" }
        deadline = a.state == .submitted ? a.reviewDeadline?.chinese : nil
        editable = a.state.isEditable
        canWithdraw = !a.state.isFinal
        defects = a.defects.map(\.line)
        hasDefects = a.state == .correction && !a.defects.isEmpty
        originals = a.originals
        hasOriginals = a.state == .awaitingOriginals && !a.originals.isEmpty
        refusal = a.refusal
        referral = a.referral
        caseLink = a.caseNumber.map { SiteURL.meCase(.value($0)).path }
        themeItems = a.theme.map { "共 \($0.itemNames.count) 项：" + $0.itemNames.joined(separator: "、") }
        let defectsByIndex = Dictionary(a.defects.map { ($0.materialIndex, $0.problem) }, uniquingKeysWith: { first, _ in first })
        let editable = a.state.isEditable
        slots = detail.materials.enumerated().map { index, m in
            let mine = detail.files.filter { $0.materialIndex == index }
            return Slot(
                index: index, name: m.name,
                requirement: ApplyStartPage.requirement(m),
                required: m.necessity == .required, notes: m.notes.isEmpty ? nil : m.notes, blankForm: m.blankForm, sample: m.sample,
                defect: defectsByIndex[index],
                files: mine.map { file in
                    FileRow(name: file.name, detail: FileRow.detail(file),
                            link: SiteURL.meApplicationFile(.value(idValue), .value(String(file.id))).path,
                            deleteAction: editable ? SiteURL.meApplicationFileDelete(.value(idValue), .value(String(file.id))).path : nil)
                },
                hasFiles: !mine.isEmpty,
                uploadAction: editable && a.reuse(of: index) == nil ? SiteURL.meApplicationFiles(.value(idValue), .value(String(index))).path : nil,
                offered: a.reuse(of: index) == nil ? detail.offers[index].map { "\($0.label)，\($0.grade.label)" } : nil,
                reused: a.reuse(of: index).map { "\($0.held.label)（\($0.held.grade.label)）" },
                reuseAction: editable && (detail.offers[index] != nil || a.reuse(of: index) != nil)
                    ? SiteURL.meApplicationReuse(.value(idValue), .value(String(index))).path : nil
            )
        }
        deliveryAction = SiteURL.meApplicationDelivery(.value(idValue)).path
        submitAction = SiteURL.meApplicationSubmit(.value(idValue)).path
        withdrawAction = SiteURL.meApplicationWithdraw(.value(idValue)).path
        allowPickup = a.depth != .four
        pickup = a.delivery?.method == .pickup
        post = a.delivery?.method == .post
        electronic = a.delivery?.method == .electronic
        deliveryLabel = a.delivery.map { choice in choice.label + (choice.address.map { "（\($0.masked.line)）" } ?? "") }
        recipient = a.delivery?.address?.recipient ?? a.applicant.name
        recipientPhone = a.delivery?.address?.phone ?? ""
        address = a.delivery?.address?.address ?? ""
        submitLabel = a.state == .correction ? "补正后重新提交" : "提交申报"
        self.submitKey = submitKey
        self.csrf = csrf
        history = detail.events.map { Step(at: PageDates.dateTime($0.at), step: $0.step, actor: $0.actor == "申请人" ? "申请人" : "工号 \($0.actor)",
                                           opinion: $0.opinion) }
    }
}

/// The hall's pre-review queue (网上预审) and the applications waiting for their originals.
struct PreReviewQueuePage: PageModel {
    struct Row: Sendable {
        var link: String
        var id: String
        var itemName: String
        var applicant: String
        var submitted: String
        var deadline: String
        var light: String
        var lightLabel: String
        var round: String
    }

    var title: String { "网上预审" }
    var rows: [Row]
    var hasRows: Bool
    var waiting: [Row]
    var hasWaiting: Bool
    var total: Int

    init(rows: [Row], waiting: [Row], total: Int) {
        self.rows = rows
        self.waiting = waiting
        self.total = total
        hasRows = !rows.isEmpty
        hasWaiting = !waiting.isEmpty
    }

    static func row(_ entry: ApplicationService.QueueEntry) -> Row {
        let a = entry.application
        return Row(link: SiteURL.preReview(.value(a.id)).path, id: a.id, itemName: a.itemName, applicant: "\(a.applicant.name)（\(a.applicant.maskedNumber)）",
                   submitted: a.submittedAt.map(PageDates.dateTime) ?? "", deadline: a.reviewDeadline?.chinese ?? "", light: entry.light.rawValue,
                   lightLabel: entry.light.label, round: a.submissions > 1 ? "第 \(a.submissions) 次提交" : "")
    }
}

/// One application before its reviewer: each material's requirement beside its files, and the
/// decision forms (受理 / 补齐补正 / 不予受理, or 核验原件后受理).
struct PreReviewPage: PageModel {
    struct Material: Sendable {
        var index: Int
        var name: String
        var requirement: String
        var files: [MyApplicationPage.FileRow]
        var hasFiles: Bool
        var missing: Bool
        var deferrableMissing: Bool
        var previousDefect: String?
    }

    var title: String { "预审 \(id)" }
    var id: String
    var itemName: String
    var depth: String
    var state: String
    var applicant: String
    var agent: String?
    var phone: String
    var delivery: String
    var submitted: String
    var deadline: String
    var light: String
    var lightLabel: String
    var revision: Int
    var action: String
    var materials: [Material]
    var inReview: Bool
    var awaitingOriginals: Bool
    var originals: [String]
    var acceptLabel: String
    var history: [MyApplicationPage.Step]
    var message: String?
    var problems: [ValidationProblem] = [] { didSet { hasProblems = !problems.isEmpty } }
    var hasProblems = false

    init(_ detail: ApplicationDetail) {
        let a = detail.application
        id = a.id
        itemName = a.itemName
        depth = a.depth.label
        state = a.state.label
        switch a.applicant {
        case .person(let p): applicant = "\(p.name) · \(p.documentType.label) \(p.documentNumber)"
        case .enterprise(let e): applicant = "\(e.name) · \(e.uscc)"
        }
        agent = a.agent.map { "\($0.name) · \($0.documentType.label) \($0.documentNumber)" }
        phone = a.agent?.phone ?? a.applicant.phone
        delivery = a.delivery.map { $0.label + ($0.address.map { "：" + $0.line } ?? "") } ?? "未选择"
        submitted = a.submittedAt.map(PageDates.dateTime) ?? ""
        deadline = a.reviewDeadline?.chinese ?? ""
        light = detail.light.rawValue
        lightLabel = detail.light.label
        revision = a.revision
        action = SiteURL.preReview(.value(a.id)).path
        let previous = Dictionary(a.defects.map { ($0.materialIndex, $0.problem) }, uniquingKeysWith: { first, _ in first })
        materials = detail.materials.enumerated().map { index, m in
            let mine = detail.files.filter { $0.materialIndex == index }
            return Material(
                index: index, name: m.name,
                requirement: ApplyStartPage.requirement(m, type: true) + (m.notes.isEmpty ? "" : " · \(m.notes)"),
                files: mine.map { file in
                    MyApplicationPage.FileRow(name: file.name, detail: MyApplicationPage.FileRow.detail(file),
                                              link: SiteURL.preReviewFile(.value(a.id), .value(String(file.id))).path, deleteAction: nil,
                                              thumbnail: file.blob.kind == .pdf ? nil : SiteURL.preReviewThumbnail(.value(a.id), .value(String(file.id))).path)
                },
                hasFiles: !mine.isEmpty, missing: mine.isEmpty && m.necessity == .required, deferrableMissing: mine.isEmpty && m.necessity == .deferrable,
                previousDefect: previous[index]
            )
        }
        inReview = a.state == .submitted
        awaitingOriginals = a.state == .awaitingOriginals
        originals = a.originals
        acceptLabel = a.depth == .two ? "预审通过（告知携带原件）" : "受理"
        history = detail.events.map { MyApplicationPage.Step(at: PageDates.dateTime($0.at), step: $0.step, actor: $0.actor, opinion: $0.opinion) }
    }
}
