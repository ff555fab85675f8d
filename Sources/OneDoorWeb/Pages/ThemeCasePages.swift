import OneDoorCore
import OneDoorServices

/// 一件事受理 at a window (issue 17 §2): first the theme's questions, then one form — the
/// applicant once, the merged material list once, how the results are collected — for the items
/// the answers select, with what each waits for.
struct ThemeIntakePage: PageModel {
    struct ChildLine: Sendable {
        var name: String
        var departmentName: String
        var start: String
    }

    struct Answer: Sendable {
        var key: String
        var value: String
    }

    var title: String { "一件事受理：\(name)" }
    var bodyClass: String { "admin" }
    var code: String
    var name: String
    var hallName: String
    var isEnterprise: Bool
    var questions: [ThemeGuidePage.Question]
    var hasQuestions: Bool
    /// The questions are answered (or there are none): the form itself is shown.
    var answered: Bool
    var answers: [Answer]
    var answersText: String
    var children: [ChildLine]
    var childCount: Int
    var materials: [CaseFormPage.MaterialRow]
    var passed: [ThemeGuidePage.PassedLine]
    var documentTypes: [SelectOption]
    var agentDocumentTypes: [SelectOption]
    var fields: CaseFormPage.Fields
    var pickUpEach: Bool
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?
    var formLink: String
    var editLink: String
    /// The answers again, for the applicant lookup's GET form.
    var lookupAnswers: [Answer] = []

    init(entry: ServiceTheme, snapshot: CatalogSnapshot, hallName: String, answers given: [String: String], answered: Bool,
         form: FormData? = nil, prefill: Applicant? = nil, holder: HolderRecordView? = nil, today: CivilDate? = nil, problems: [ValidationProblem] = [],
         message: String? = nil) {
        let theme = entry.theme
        code = theme.code
        name = theme.name
        self.hallName = hallName
        isEnterprise = theme.serves == .enterprise
        questions = theme.questions.map {
            ThemeGuidePage.Question(key: $0.key, text: $0.text, yesNo: $0.kind == .yesNo, yes: given[$0.key] == "yes", no: given[$0.key] == "no",
                                    value: given[$0.key] ?? "")
        }
        hasQuestions = !theme.questions.isEmpty
        self.answered = answered || theme.questions.isEmpty
        answers = theme.questions.compactMap { q in given[q.key].map { Answer(key: q.key, value: $0) } }
        answersText = theme.answerWords(given).joined(separator: "；")
        let selected = theme.selected(given)
        let guides = snapshot.guides(of: theme)
        let itemName = { (code: ItemCode) in guides[code]?.name ?? code.rawValue }
        children = selected.map { child in
            ChildLine(name: itemName(child.item),
                      departmentName: guides[child.item].flatMap { snapshot.departmentsByCode[$0.department]?.name } ?? "",
                      start: child.after.isEmpty ? "受理后立即开始" : "待“\(child.after.map(itemName).joined(separator: "、"))”办结后开始")
        }
        childCount = children.count
        let lines = ThemeMaterials.merged(selected, guides: guides)
        // 已有，免提交: what the applicant called up holds that stands in for a line of the one list.
        let offered = holder.flatMap { h in
            today.map { MaterialReusing.offers(materials: OnlineApplying.themeChecklist(entry, answers: given, items: snapshot.itemsByCode), held: h.held, today: $0) }
        } ?? [:]
        materials = Self.materialRows(lines, itemName: itemName, form: form, offered: offered)
        passed = lines.compactMap { line in
            guard let producer = line.producedBy, !line.passedTo.isEmpty else { return nil }
            return ThemeGuidePage.PassedLine(name: line.name, from: itemName(producer), to: line.passedTo.map(itemName).joined(separator: "、"))
        }
        var fields = CaseFormPage.fields(form)
        var documentType = form?["documentType"] ?? DocumentType.residentID.rawValue
        if let prefill, form == nil { CaseFormPage.fill(&fields, documentType: &documentType, from: prefill) }
        self.fields = fields
        documentTypes = SelectOption.documentTypes(selected: documentType)
        lookupAnswers = answers
        agentDocumentTypes = SelectOption.documentTypes(selected: form?["agentDocumentType"] ?? DocumentType.residentID.rawValue)
        pickUpEach = form?["pickUp"] == ThemePickUp.each.rawValue
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
        formLink = SiteURL.themeIntake(.value(theme.code)).path
        editLink = SiteURL.themeIntake(.value(theme.code)).path(given.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The form's rows of the merged list (`m0`, `m1`, …), each with the items it is for.
    static func materialRows(_ lines: [ThemeMaterial], itemName: (ItemCode) -> String, form: FormData?, offered: [Int: HeldMaterial] = [:])
        -> [CaseFormPage.MaterialRow] {
        lines.filter(\.asked).enumerated().map { i, line in
            let p = "m\(i)."
            return CaseFormPage.MaterialRow(
                index: i, name: line.name, necessity: line.required ? "必要" : line.deferrable ? "容缺（可约定日期后补）" : "非必要",
                necessityCode: line.required ? "required" : line.deferrable ? "deferrable" : "optional",
                requirement: "用于：" + line.items.map(itemName).joined(separator: "、"),
                received: form.map { $0[p + "received"] == "on" } ?? false, copy: form?[p + "copy"] == "on", electronic: form?[p + "electronic"] == "on",
                pages: form?[p + "pages"] ?? "", due: form?[p + "due"] ?? "", defect: form?[p + "defect"] ?? "",
                // Posted back with the form, so a page shown again with problems keeps the offer (intake checks it anew).
                offer: offered[i]?.label ?? form?[p + "offer"].nonEmpty, reuse: form?[p + "reuse"] == "on")
        }
    }

    /// The merged list of a theme case's own items (its answers chose them), for 补正后受理.
    static func lines(of theme: ThemeCase, snapshot: CatalogSnapshot) -> [ThemeMaterial] {
        var guides: [ItemCode: ServiceGuide] = [:]
        for child in theme.children { guides[child.item] = snapshot.itemsByCode[child.item]?.guide }
        return ThemeMaterials.merged(theme.children.map { ThemeItem(item: $0.item, after: $0.after, condition: nil) }, guides: guides)
    }

    /// The merged list's line names for these answers, in the form's order (`m0`, `m1`, …).
    static func lineNames(_ theme: Theme, answers: [String: String], snapshot: CatalogSnapshot) -> [String] {
        ThemeMaterials.merged(theme.selected(answers), guides: snapshot.guides(of: theme)).filter(\.asked).map(\.name)
    }
}

/// A theme case (主件): the theme's date and light, each child with its department, state and
/// dates, and where the whole stands.
struct ThemeCasePage: PageModel {
    struct ChildRow: Sendable {
        var number: String
        var link: String
        var itemName: String
        var departmentName: String
        var state: String
        var waitsFor: String?
        var promised: String
        var light: String
        var lightLabel: String
        var blocking: Bool
    }

    var title: String { "\(themeName) \(number)" }
    var bodyClass: String { "admin" }
    var number: String
    var themeName: String
    var themeLink: String
    var queryCode: String
    var stage: String
    var stageCode: String
    var concluded: Int
    var total: Int
    var received: String
    var promised: String
    /// Why the promise moved since acceptance (special procedures, extensions of its children).
    var promisedNote: String?
    var light: String
    var lightLabel: String
    var leadDepartment: String
    var hallName: String
    var applicantLines: [String]
    var pickUp: String
    var answers: String
    var children: [ChildRow]
    var created: Bool
    var revision: Int
    var actionsLink: String
    /// What the viewer may do with the whole theme.
    var canDeliver: Bool
    var canWithdraw: Bool
    var canDecide: Bool
    /// 补齐补正 of the whole theme: the notice's lines and, for clerks, the one form to accept on.
    var correction: [String]
    var hasCorrection: Bool
    struct Completion: Sendable { var materials: [CaseFormPage.MaterialRow] }
    var completion: Completion?
    var message: String?
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    /// 统一收费: what each charged item's guide says, the fees recorded, their total.
    struct FeeStandard: Sendable {
        var number: String
        var itemName: String
        var standard: String
    }

    struct FeeRow: Sendable {
        var itemName: String
        var amount: String
        var payer: String
        var channel: String
        var receipt: String
        var paidOn: String
    }

    var feeStandards: [FeeStandard] = []
    var hasFees: Bool = false
    var fees: [FeeRow] = []
    var feeTotal: String = ""
    var canRecordFee: Bool = false
    var feesLink: String = ""
    var noticeLink: String = ""

    init(view: ThemeCaseView, snapshot: CatalogSnapshot, viewer: Identity, fees recorded: [FeeRecord] = [], created: Bool = false,
         message: String? = nil, problems: [ValidationProblem] = [], form: FormData? = nil) {
        let t = view.theme
        number = t.number.rawValue
        themeName = t.themeName
        themeLink = SiteURL.theme(.value(t.themeCode)).path
        queryCode = t.queryCode
        switch view.progress.stage {
        case .correction: stage = "待补齐补正（各事项均未开始计时）"
        case .running: stage = "办理中"
        case .blocked: stage = "前置事项未获准予，等待牵头部门决定是否继续"
        case .ready: stage = "已全部办结，待统一出件"
        case .closed: stage = t.state.label
        }
        stageCode = view.progress.stage.rawValue
        concluded = view.progress.concluded
        total = view.progress.total
        received = t.receivedOn.chinese
        promised = view.schedule.deadline.map { "\($0.chinese)（\(t.promisedDays) 个工作日）" } ?? "—"
        if view.schedule.moved, let original = view.schedule.original {
            let names = view.schedule.movedBy.compactMap { number in view.children.first { $0.record.number == number }?.record.itemName }
            promisedNote = "原承诺\(original.chinese)，因“\(names.joined(separator: "、"))”特别程序或延期顺延"
        }
        light = view.light.rawValue
        lightLabel = view.light.label
        leadDepartment = snapshot.departmentsByCode[t.leadDepartment]?.name ?? t.leadDepartment.rawValue
        hallName = snapshot.hallsByCode[t.hall]?.name ?? t.hall.rawValue
        switch t.applicant {
        case .person(let p): applicantLines = ["\(p.name)（个人）", "\(p.documentType.label) \(p.documentNumber)"]
        case .enterprise(let e): applicantLines = ["\(e.name)（单位）", "统一社会信用代码 \(e.uscc)", "法定代表人 \(e.legalRepresentative)"]
        }
        pickUp = t.pickUp.label
        // In the theme's own words: "是否设置户外招牌、广告牌？否；经营场所建筑面积（平方米）80".
        answers = (snapshot.themesByCode[t.themeCode]?.theme.answerWords(t.answers) ?? []).joined(separator: "；")
        let blocking = Set(view.progress.blocking)
        let names = Dictionary(t.children.map { ($0.item, $0.itemName) }, uniquingKeysWith: { a, _ in a })
        let byNumber = Dictionary(view.children.map { ($0.record.number, $0) }, uniquingKeysWith: { a, _ in a })
        children = t.children.compactMap { child in
            guard let view = byNumber[child.number] else { return nil }
            let r = view.record
            return ChildRow(number: r.number.rawValue, link: SiteURL.caseDetail(.value(r.number)).path, itemName: r.itemName,
                            departmentName: snapshot.departmentsByCode[r.department]?.name ?? r.department.rawValue, state: r.state.label,
                            waitsFor: r.state != .waiting ? nil : "待“" + child.after.compactMap { names[$0] }.joined(separator: "、") + "”办结",
                            promised: r.promisedDeadline?.chinese ?? "—", light: view.light.rawValue, lightLabel: view.light.label,
                            blocking: blocking.contains(r.number))
        }
        self.created = created
        revision = t.revision
        actionsLink = SiteURL.themeCase(.value(t.number)).path + "/actions/"
        let running = t.state == .running
        canDeliver = running && viewer.role == .clerk && view.progress.stage == .ready
        canWithdraw = running && viewer.role == .clerk && view.progress.stage != .ready
        canDecide = running && viewer.role == .approver && viewer.account.department == t.leadDepartment && view.progress.stage == .blocked
        correction = t.correction ?? []
        hasCorrection = t.correction != nil
        if running && viewer.role == .clerk && t.correction != nil {
            completion = Completion(materials: ThemeIntakePage.materialRows(ThemeIntakePage.lines(of: t, snapshot: snapshot),
                                                                            itemName: { names[$0] ?? $0.rawValue }, form: form))
        }
        self.message = message
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        feeStandards = view.children.compactMap { child in
            guard let fee = snapshot.itemsByCode[child.record.itemCode]?.guide.fee, fee.charged else { return nil }
            return FeeStandard(number: child.record.number.rawValue, itemName: child.record.itemName, standard: fee.standard)
        }
        let itemNames = Dictionary(view.children.map { ($0.record.number, $0.record.itemName) }, uniquingKeysWith: { a, _ in a })
        fees = recorded.map {
            FeeRow(itemName: itemNames[$0.caseNumber] ?? $0.caseNumber.rawValue, amount: CaseFees.yuan($0.amountFen), payer: $0.payer,
                   channel: $0.channel.label, receipt: $0.receipt, paidOn: $0.paidOn.chinese)
        }
        hasFees = !feeStandards.isEmpty || !fees.isEmpty
        feeTotal = CaseFees.yuan(recorded.reduce(0) { $0 + $1.amountFen })
        canRecordFee = running && viewer.role == .clerk && !feeStandards.isEmpty
        feesLink = SiteURL.themeCaseFees(.value(t.number)).path
        noticeLink = SiteURL.themeCaseNotice(.value(t.number)).path
    }
}

/// Each push rule's conversion (推送办 statistics): of the pushes made, how many were opened and
/// how many led to an application of the item within 30 days.
struct PushStatisticsPage: PageModel {
    struct Row: Sendable {
        var code: String
        var name: String
        var stage: String
        var pushes: Int
        var opened: Int
        var applied: Int
        var conversion: String
    }

    var title: String { "推送办统计" }
    var bodyClass: String { "admin" }
    var days: Int
    var rows: [Row]
    var hasRows: Bool

    init(_ figures: [PushRuleFigure], rules: [PushRule], days: Int) {
        self.days = days
        let byCode = Dictionary(rules.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        rows = figures.map { f in
            Row(code: f.rule, name: byCode[f.rule]?.name ?? f.rule, stage: byCode[f.rule]?.stage.label ?? "", pushes: f.pushes, opened: f.opened,
                applied: f.applied, conversion: f.pushes == 0 ? "—" : "\(f.applied * 100 / f.pushes) %")
        }
        hasRows = !rows.isEmpty
    }
}

/// 一件事受理通知书: one notice for the whole theme — every item with its department and its date
/// (or what it waits for), the theme's promised date, the one query code and its QR code.
struct ThemeNoticePage: PageModel {
    struct Line: Sendable {
        var number: String
        var itemName: String
        var departmentName: String
        var when: String
    }

    var title: String { "\(heading) · \(number)" }
    /// 补齐补正 of the whole theme: the notice lists everything missing instead of the items' dates.
    var correction: [String] = []
    // Stored: templates read values through Mirror.
    var heading = "一件事受理通知书"
    var isCorrection = false
    var bodyClass: String { "notice-doc a4" }
    var bare: Bool { true }
    var number: String
    var themeName: String
    var applicant: String
    var hallName: String
    var received: String
    var promised: String
    var pickUp: String
    var lines: [Line]
    var queryCode: String
    var progressURL: String
    var qrSVG: String
    var issued: String
    var backLink: String

    init(view: ThemeCaseView, snapshot: CatalogSnapshot, progressURL: String, qrSVG: String, today: CivilDate) {
        let t = view.theme
        correction = view.theme.correction ?? []
        isCorrection = !correction.isEmpty
        if isCorrection { heading = "一件事补齐补正告知书" }
        number = t.number.rawValue
        themeName = t.themeName
        switch t.applicant {
        case .person(let p): applicant = "\(p.name)（\(p.documentType.masked(p.documentNumber))）"
        case .enterprise(let e): applicant = "\(e.name)（统一社会信用代码 \(e.uscc)）"
        }
        hallName = snapshot.hallsByCode[t.hall]?.name ?? t.hall.rawValue
        received = t.receivedOn.chinese
        promised = t.promisedDeadline.map { "\($0.chinese)前（\(t.promisedDays) 个工作日）" } ?? "—"
        pickUp = t.pickUp.label
        let names = Dictionary(t.children.map { ($0.item, $0.itemName) }, uniquingKeysWith: { a, _ in a })
        let byNumber = Dictionary(view.children.map { ($0.record.number, $0.record) }, uniquingKeysWith: { a, _ in a })
        lines = t.children.compactMap { child in
            guard let r = byNumber[child.number] else { return nil }
            let when: String = if r.state == .waiting {
                "待“\(child.after.compactMap { names[$0] }.joined(separator: "、"))”办结后开始，承诺 \(r.promisedLimit.phrase)"
            } else if let deadline = r.promisedDeadline {
                "\(deadline.chinese)前（\(r.promisedLimit.phrase)）"
            } else {
                r.state.label
            }
            return Line(number: r.number.rawValue, itemName: r.itemName,
                        departmentName: snapshot.departmentsByCode[r.department]?.name ?? r.department.rawValue, when: when)
        }
        queryCode = t.queryCode
        self.progressURL = progressURL
        self.qrSVG = qrSVG
        issued = today.chinese
        backLink = SiteURL.themeCase(.value(t.number)).path
    }
}
