import OneDoorCore
import OneDoorServices

/// The written notices of a case (standards.md §5), each printable on A4 or an 80 mm receipt printer.
enum CaseNoticeKind: String, CaseIterable, Sendable {
    case acceptance
    case correction
    case refusal
    case specialProcedure = "special-procedure"
    case conclusion

    var title: String {
        switch self {
        case .acceptance: "受理通知书（受理回执）"
        case .correction: "补齐补正告知书"
        case .refusal: "不予受理通知书"
        case .specialProcedure: "特别程序告知书"
        case .conclusion: "办结通知书"
        }
    }

    /// The notices that exist for a case in its present state.
    static func available(for record: CaseRecord) -> [CaseNoticeKind] {
        var kinds: [CaseNoticeKind] = []
        if record.state == .correction { kinds.append(.correction) }
        if record.state == .notAccepted { kinds.append(.refusal) }
        if record.acceptedOn != nil { kinds.append(.acceptance) }
        if record.specialProcedure != nil { kinds.append(.specialProcedure) }
        if record.decision != nil && [.decided, .concluded, .delivered].contains(record.state) { kinds.append(.conclusion) }
        return kinds
    }
}

struct NoticePage: PageModel {
    var title: String { heading }
    // Not "notice": that class is the coloured message bar of the staff pages.
    var bodyClass: String { receipt ? "notice-doc receipt" : "notice-doc a4" }
    var heading: String
    var receipt: Bool
    var number: String
    var itemName: String
    var itemCode: String
    var departmentName: String
    var applicant: String
    var agent: String?
    var received: String
    var paragraphs: [String]
    var materials: [String]
    var hasMaterials: Bool
    /// What follows the list: the closing sentence, and the remedies of a refusal (§38).
    var closing: [String]
    /// The member of staff who took the step the notice records (经办人), by staff number.
    var handler: String
    /// Who issues it, over the seal (盖章).
    var sealName: String
    var promised: String?
    var queryCode: String
    var hallName: String
    var hallPhone: String?
    var window: String
    var progressURL: String
    /// Inline SVG of the progress URL (rendered with triple braces: it is our own markup).
    var qrSVG: String
    var otherFormatLink: String
    var otherFormatName: String
    var issued: String

    init(kind: CaseNoticeKind, record: CaseRecord, events: [CaseEvent] = [], snapshot: CatalogSnapshot, progressURL: String, qrSVG: String,
         receipt: Bool, today: CivilDate) {
        let hall = snapshot.hallsByCode[record.hall]
        let department = snapshot.departmentsByCode[record.department]?.name ?? record.department.rawValue
        heading = kind == .conclusion && record.decision?.granted == false ? "不予许可决定书" : kind.title
        self.receipt = receipt
        number = record.number.rawValue
        itemName = record.itemName
        itemCode = record.itemCode.rawValue
        departmentName = department
        applicant = "\(record.applicant.name)（\(record.applicant.maskedNumber)）"
        agent = record.agent.map { "\($0.name)（\($0.documentType.masked($0.documentNumber))）" }
        received = record.receivedOn.chinese
        promised = record.promisedDeadline?.chinese
        queryCode = record.queryCode
        hallName = hall?.name ?? record.hall.rawValue
        hallPhone = hall.flatMap { $0.phone.isEmpty ? nil : $0.phone }
        window = record.window.map { "\($0) 号窗口" } ?? ""
        self.progressURL = progressURL
        self.qrSVG = qrSVG
        otherFormatLink = SiteURL.caseNotice(.value(record.number), .value(kind)).path(["format": receipt ? nil : "receipt"])
        otherFormatName = receipt ? "A4 版" : "80 mm 回执版"
        issued = today.chinese
        let remedies = RemedyBodies(department: snapshot.departmentsByCode[record.department], regions: snapshot.organisation.regions)
        closing = []
        // The step the notice records: intake for the counter's notices, the decision for the result.
        let steps: Set<String> = switch kind {
        case .acceptance: ["accept", "complete-correction"]
        case .correction: ["request-correction"]
        case .refusal: ["refuse"]
        case .specialProcedure: ["start-special-procedure"]
        case .conclusion: ["decide"]
        }
        let event = events.last { steps.contains($0.action) } ?? events.last
        handler = event.map { "工号 \($0.staffNumber)" } ?? ""
        sealName = kind == .conclusion || kind == .specialProcedure ? department : (hall?.name ?? department)
        switch kind {
        case .acceptance:
            paragraphs = ["您申请的“\(record.itemName)”已于 \(record.acceptedOn?.chinese ?? received) 受理，由\(department)审批。",
                          "承诺办结时限：\(record.promisedLimit.phrase)，预计 \(record.promisedDeadline?.chinese ?? "—") 前办结（法定时限 \(record.legalLimit.phrase)）。"]
                + record.materials.filter { !$0.received && $0.dueDate != nil }.map { "容缺受理：请于 \($0.dueDate!.chinese) 前补交“\($0.name)”。" }
            materials = record.materials.filter(\.received).map { "\($0.name)：\($0.receivedPhrase)" + ($0.receivedOn.map { "（\($0.chinese)收）" } ?? "") }
        case .correction:
            paragraphs = ["您申请的“\(record.itemName)”材料不齐全或不符合法定形式。根据《中华人民共和国行政许可法》第三十二条，现一次性告知需要补齐补正的全部内容："]
            materials = Intake.correctionList(record.materials)
            closing = ["补齐补正后，请携本告知书到任一综合窗口办理，办理时限自受理之日起计算。本告知书所列以外的材料，不再要求您提供。"]
        case .refusal:
            paragraphs = ["您申请的“\(record.itemName)”，经审查不予受理。理由：\(record.refusal ?? "")。"]
                + (record.referral.map { ["请向 \($0) 提出申请。"] } ?? [])
            materials = []
            closing = [remedies.sentence(document: "本通知书")]
        case .specialProcedure:
            let p = record.specialProcedure
            paragraphs = ["您申请的“\(record.itemName)”需要进行\(p?.kind.label ?? "特别程序")。事由：\(p?.reason ?? "")。",
                          "预计所需时间 \(p?.expectedDays ?? 0) 天，自 \(p?.startedOn.chinese ?? "") 起。根据《中华人民共和国行政许可法》第四十五条，所需时间不计入办理时限。"]
            materials = []
        case .conclusion:
            let decision = record.decision
            paragraphs = decision?.granted == true
                ? ["您申请的“\(record.itemName)”已于 \(decision?.decidedOn.chinese ?? "") 办结，决定准予。", "请凭本通知书到任一综合窗口领取结果，或选择邮寄送达。"]
                : ["您申请的“\(record.itemName)”，经审查决定不予许可。理由：\(decision?.reason ?? "")。"]
            materials = []
            if decision?.granted == false { closing = [remedies.sentence(document: "本决定书")] }
        }
        hasMaterials = !materials.isEmpty
    }
}

/// Where an applicant turns against a refusal (行政许可法 §38; standards.md §11): 行政复议 within 60
/// days before the people's government of the department's district, or 行政诉讼 within six months
/// before the district's people's court — both named from the catalogue's regions.
struct RemedyBodies {
    var government: String
    var court: String

    init(department: Department?, regions: [Region]) {
        let byCode = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = []
        var code = department?.region
        // The district and the city above it ("佛山市禅城区"); a province is not part of the name.
        while let current = code, let region = byCode[current], names.count < 2 {
            names.insert(region.name, at: 0)
            code = region.parent
        }
        let place = names.joined()
        government = place.isEmpty ? "本机关的本级人民政府" : "\(place)人民政府"
        court = place.isEmpty ? "有管辖权的人民法院" : "\(place)人民法院"
    }

    func sentence(document: String) -> String {
        "如不服本决定，可以自收到\(document)之日起六十日内向\(government)申请行政复议，或者自收到\(document)之日起六个月内向\(court)提起行政诉讼。"
    }
}

/// The public progress page: lookup form, and the case's steps when number and code match.
struct ProgressPage: PageModel {
    struct Step: Sendable {
        var at: String
        var step: String
        var staffNumber: String
    }

    var title: String { "办件进度查询" }
    var number: String
    var code: String
    var asked: Bool
    var found: Bool
    var itemName = ""
    var state = ""
    var currentStep = ""
    var received = ""
    var promised: String?
    var hallName = ""
    var pausedFor: String?
    var steps: [Step] = []
    var missing: [String] = []
    var hasMissing = false
    var message: String?
    struct Child: Sendable {
        var number: String
        var link: String
        var itemName: String
        var state: String
        var promised: String
    }
    /// 一件事: the children of a theme case, or the link to a child's theme case.
    var children: [Child] = []
    var hasChildren = false
    var themeLink: String?
    /// 好差评 from the notice's QR code: a case that has ended is rated in 我的 (signed in as
    /// its applicant), through the channel "notice".
    var rateLink: String?

    init(number: String, code: String, progress: CaseProgress?, asked: Bool, message: String? = nil) {
        self.number = number
        self.code = code
        self.asked = asked
        found = progress != nil
        self.message = message
        if let progress {
            itemName = progress.itemName
            state = progress.stateLabel ?? progress.state.label
            currentStep = progress.currentStep
            received = progress.receivedOn.chinese
            promised = progress.promisedDeadline?.chinese
            hallName = progress.hallName
            pausedFor = progress.pausedFor
            steps = progress.steps.map { Step(at: PageDates.dateTime($0.at), step: $0.step, staffNumber: $0.staffNumber) }
            missing = progress.missing
            hasMissing = !missing.isEmpty
            children = progress.children.map {
                Child(number: $0.number.rawValue, link: SiteURL.progressCase(.value($0.number)).path(["code": code]), itemName: $0.itemName,
                      state: $0.state, promised: $0.promisedDeadline.map { $0.chinese + "前" } ?? "—")
            }
            hasChildren = !children.isEmpty
            themeLink = progress.themeNumber.map { SiteURL.progressCase(.value($0)).path(["code": code]) }
            if [.concluded, .delivered, .notAccepted].contains(progress.state) && progress.children.isEmpty {
                rateLink = SiteURL.meCase(.value(progress.number)).path(["via": RatingChannel.notice.rawValue], fragment: "rating")
            }
        }
    }
}
