import OneDoorCore
import OneDoorServices

/// The intake form (一窗受理) for one item: applicant, agent, the item version's checklist with
/// what was received, and the counter's outcome. Typed values come back with every problem.
struct CaseFormPage: PageModel {
    struct MaterialRow: Sendable {
        var index: Int
        var name: String
        var necessity: String
        var necessityCode: String
        var requirement: String
        var received: Bool
        var copy: Bool
        var electronic: Bool
        var pages: String
        var due: String
        var defect: String
        /// 已有，免提交: what the applicant holds that stands in for it, if anything.
        var offer: String? = nil
        var reuse = false
    }

    /// The typed text fields (stored properties: templates read values through Mirror).
    struct Fields: Sendable {
        var name = ""
        var documentNumber = ""
        var phone = ""
        var email = ""
        var enterpriseEmail = ""
        var enterpriseName = ""
        var uscc = ""
        var legalRepresentative = ""
        var enterprisePhone = ""
        var usccOverride = ""
        var agentName = ""
        var agentNumber = ""
        var agentPhone = ""
        var window = ""
        var refusal = ""
        var referral = ""
        var opinion = ""
    }

    var title: String { "受理：\(itemName)" }
    var bodyClass: String { "admin" }
    var itemCode: String
    var itemName: String
    var departmentName: String
    var limits: String
    var caseKind: String
    var immediate: Bool
    var hallName: String
    var materials: [MaterialRow]
    var documentTypes: [SelectOption]
    var agentDocumentTypes: [SelectOption]
    var isEnterprise: Bool
    var fields: Fields
    var outcomeAccept: Bool
    var outcomeConclude: Bool
    var outcomeCorrection: Bool
    var outcomeRefuse: Bool
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?
    /// The queue ticket the case is opened from (its id, posted back) and how it is shown.
    var ticket: String?
    var visit: String?
    /// The applicant's base record as called up (一次采集、反复使用), conflicts first.
    var record: [RecordDisplay.Field]
    var hasRecord: Bool
    /// A 即办件 whose result is an electronic licence: its face, filled in when concluded on the spot.
    var licenceTypeName: String?
    var licenceInputs: [CasePage.LicenceInput] = []
    var licenceAsksHolder = false
    /// Counts for the banners; nil when none (templates treat a number as shown).
    var conflicts: Int?
    var offers: Int?

    init(item: ServiceItem, snapshot: CatalogSnapshot, hallName: String, form: FormData? = nil, prefill: Applicant? = nil,
         holder: HolderRecordView? = nil, today: CivilDate? = nil, ticket: (Ticket, HallQueue)? = nil, problems: [ValidationProblem] = [],
         message: String? = nil) {
        let guide = item.guide
        itemCode = item.code.rawValue
        itemName = guide.name
        departmentName = snapshot.departmentsByCode[guide.department]?.name ?? guide.department.rawValue
        limits = guide.limitsPhrase
        caseKind = guide.caseKind.label
        immediate = guide.caseKind == .immediate
        self.hallName = hallName
        if guide.caseKind == .immediate, let type = guide.result.licenceType.flatMap(LicenceTypes.find) {
            let suggested = prefill.map { LicenceIssuing.suggestedFields(type, applicant: $0) } ?? [:]
            licenceTypeName = type.name
            licenceInputs = type.fields.map { field in
                let name = "licence.fields.\(field.key)"
                return CasePage.LicenceInput(name: name, label: field.label, value: form?[name] ?? suggested[field.key] ?? "", required: field.required)
            }
            licenceAsksHolder = type.holder == .enterprise
        }
        let offered = holder.flatMap { h in today.map { MaterialReusing.offers(materials: guide.materials, held: h.held, today: $0) } } ?? [:]
        materials = guide.materials.enumerated().map { i, m in
            let p = "m\(i)."
            return MaterialRow(
                index: i, name: m.name, necessity: m.necessity.label, necessityCode: m.necessity.rawValue,
                requirement: [m.originals > 0 ? "原件 \(m.originals) 份" : nil, m.copies > 0 ? "复印件 \(m.copies) 份" : nil]
                    .compactMap { $0 }.joined(separator: "，"),
                received: form.map { $0[p + "received"] == "on" } ?? false,
                copy: form.map { $0[p + "copy"] == "on" } ?? (m.originals == 0 && m.copies > 0),
                electronic: form?[p + "electronic"] == "on",
                pages: form?[p + "pages"] ?? "", due: form?[p + "due"] ?? "", defect: form?[p + "defect"] ?? "",
                // Posted back with the form, so that a page shown again with problems keeps the offer (intake checks it anew).
                offer: offered[i]?.label ?? form?[p + "offer"].nonEmpty, reuse: form?[p + "reuse"] == "on"
            )
        }
        let offerCount = materials.filter { $0.offer != nil }.count
        offers = offerCount > 0 ? offerCount : nil
        record = holder.map(Self.recordRows) ?? []
        hasRecord = !record.isEmpty
        let conflictCount = record.filter { $0.conflict != nil }.count
        conflicts = conflictCount > 0 ? conflictCount : nil
        var fields = Self.fields(form)
        var documentType = form?["documentType"] ?? DocumentType.residentID.rawValue
        if let prefill, form == nil { Self.fill(&fields, documentType: &documentType, from: prefill) }
        // 取号 → 受理: the holder's document from the real-name ticket, and the window that called it.
        if let (t, _) = ticket, form == nil {
            if prefill == nil {
                documentType = t.documentType.rawValue
                fields.documentNumber = t.documentNumber
            }
            fields.window = t.window?.rawValue ?? ""
        }
        self.ticket = ticket?.0.id
        visit = ticket.map { Self.visitPhrase($0.0, queue: $0.1) }
        self.fields = fields
        isEnterprise = form?["applicantType"] == "enterprise" || { if case .enterprise = prefill { true } else { false } }()
        documentTypes = SelectOption.documentTypes(selected: documentType)
        let agentType = form?["agentDocumentType"] ?? DocumentType.residentID.rawValue
        agentDocumentTypes = SelectOption.documentTypes(selected: agentType)
        let outcome = form?["outcome"] ?? "accept"
        outcomeAccept = outcome == "accept"
        outcomeConclude = outcome == "accept-and-conclude"
        outcomeCorrection = outcome == "request-correction"
        outcomeRefuse = outcome == "refuse"
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
    }
}

extension CaseFormPage {
    /// The typed text fields as posted (empty on a first showing).
    /// 一次采集、反复使用: the applicant's fields from what was stored of them before.
    static func fill(_ fields: inout Fields, documentType: inout String, from applicant: Applicant) {
        switch applicant {
        case .person(let p):
            fields.name = p.name
            fields.documentNumber = p.documentNumber
            fields.phone = p.phone
            fields.email = p.email ?? ""
            documentType = p.documentType.rawValue
        case .enterprise(let e):
            fields.enterpriseName = e.name
            fields.uscc = e.uscc
            fields.legalRepresentative = e.legalRepresentative
            fields.enterprisePhone = e.phone
            fields.enterpriseEmail = e.email ?? ""
        }
    }

    static func fields(_ form: FormData?) -> Fields {
        var fields = Fields()
        fields.name = form?["name"] ?? ""
        fields.documentNumber = form?["documentNumber"] ?? ""
        fields.phone = form?["phone"] ?? ""
        fields.email = form?["email"] ?? ""
        fields.enterpriseEmail = form?["enterpriseEmail"] ?? ""
        fields.enterpriseName = form?["enterpriseName"] ?? ""
        fields.uscc = form?["uscc"] ?? ""
        fields.legalRepresentative = form?["legalRepresentative"] ?? ""
        fields.enterprisePhone = form?["enterprisePhone"] ?? ""
        fields.usccOverride = form?["usccOverride"] ?? ""
        fields.agentName = form?["agentName"] ?? ""
        fields.agentNumber = form?["agentNumber"] ?? ""
        fields.agentPhone = form?["agentPhone"] ?? ""
        fields.window = form?["window"] ?? ""
        fields.refusal = form?["refusal"] ?? ""
        fields.referral = form?["referral"] ?? ""
        fields.opinion = form?["opinion"] ?? ""
        return fields
    }

    /// The record's fields, those that disagree first: the clerk settles them with the applicant.
    static func recordRows(_ holder: HolderRecordView) -> [RecordDisplay.Field] {
        let all = RecordDisplay.fields(holder)
        return all.filter { $0.conflict != nil } + all.filter { $0.conflict == nil }
    }

    /// "A012（综合受理，身份证 4401…1234）" for the banners of intake from a ticket.
    static func visitPhrase(_ t: Ticket, queue: HallQueue) -> String {
        "\(t.number)（\(queue.name)，取号人\(t.documentType.label) \(t.maskedDocumentNumber)）"
    }
}

/// Reads the intake form into a request; problems of reading (a date typed wrong, a number
/// that is not one) are reported with the validation problems in one pass.
enum CaseFormReader {
    static func read(_ form: FormData, item: ServiceItem) -> (IntakeRequest, [ValidationProblem]) {
        var c = ProblemCollector()
        let applicant = readApplicant(form, into: &c)
        let agent = readAgent(form, into: &c)
        let receipts = readReceipts(form, names: item.guide.materials.map(\.name), into: &c)
        // The placeholder .accept below is never taken: a problem is recorded with it.
        let outcome: IntakeOutcome
        switch form["outcome"] {
        case "accept": outcome = .accept
        case "accept-and-conclude": outcome = .acceptAndConclude
        case "request-correction": outcome = .requestCorrection
        case "refuse": outcome = .refuse(reason: form["refusal"] ?? "", referral: form["referral"] ?? "")
        case nil, "": outcome = .accept; c.add("outcome", "请选择受理结果：受理、受理并当场办结、补齐补正或不予受理")
        case let other?: outcome = .accept; c.add("outcome", "受理结果“\(other.prefix(40))”不是可选的值")
        }
        // The licence's face counts only when the 即办件 is concluded on the spot.
        let request = IntakeRequest(itemCode: item.code, applicant: applicant, agent: agent, window: form["window"].nonEmpty.map(WindowNumber.init(rawValue:)),
                                    materials: receipts, outcome: outcome, opinion: form["opinion"] ?? "", ticket: form["ticket"].nonEmpty,
                                    licence: outcome == .acceptAndConclude ? OneDoorWeb.licenceDraft(form) : nil)
        return (request, c.problems)
    }

    /// The applicant: a person, or a unit when `applicantType` says so.
    static func readApplicant(_ form: FormData, into c: inout ProblemCollector) -> Applicant {
        if form["applicantType"] == "enterprise" {
            return .enterprise(Enterprise(
                name: form["enterpriseName"] ?? "", uscc: form["uscc"] ?? "", legalRepresentative: form["legalRepresentative"] ?? "",
                phone: form["enterprisePhone"] ?? "", email: form["enterpriseEmail"].nonEmpty, checksumOverrideReason: form["usccOverride"].nonEmpty
            ))
        }
        return .person(Person(
            name: form["name"] ?? "",
            documentType: form.choice("documentType", as: DocumentType.self, label: "证件类型", path: "applicant.person.documentType", into: &c) ?? .residentID,
            documentNumber: form["documentNumber"] ?? "", phone: form["phone"] ?? "", email: form["email"].nonEmpty
        ))
    }

    /// The agent, when a name is given.
    static func readAgent(_ form: FormData, into c: inout ProblemCollector) -> Person? {
        guard let name = form["agentName"].nonEmpty else { return nil }
        return Person(name: name,
                      documentType: form.choice("agentDocumentType", as: DocumentType.self, label: "代理人证件类型", path: "agent.documentType", into: &c) ?? .residentID,
                      documentNumber: form["agentNumber"] ?? "", phone: form["agentPhone"] ?? "")
    }

    /// The checklist rows `m0.…`, `m1.…` of a form, in checklist order.
    static func readReceipts(_ form: FormData, names: [String], into c: inout ProblemCollector) -> [MaterialReceipt] {
        names.enumerated().map { i, name in
            let p = "m\(i)."
            var pages = 0
            if let text = form[p + "pages"].nonEmpty {
                if let n = Int(text) { pages = n } else { c.add("materials[\(i)].pages", "“\(name)”的页数应为整数") }
            }
            var due: CivilDate?
            if let text = form[p + "due"].nonEmpty {
                due = CivilDate(text)
                if due == nil { c.add("materials[\(i)].dueDate", "“\(name)”的补交日期应为 YYYY-MM-DD") }
            }
            return MaterialReceipt(name: name, received: form[p + "received"] == "on", original: form[p + "copy"] != "on",
                                   electronic: form[p + "electronic"] == "on", pages: pages, dueDate: due, defect: form[p + "defect"] ?? "",
                                   reuse: form[p + "reuse"] == "on")
        }
    }
}
