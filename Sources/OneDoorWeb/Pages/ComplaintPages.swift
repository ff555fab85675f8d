import OneDoorCore
import OneDoorServices

/// 投诉、举报、咨询、建议 (issue 18 §2): the public form (and the clerk's, for a desk or a call),
/// what the complainant is given, their follow-up page, the staff's list and the complaint's page.
struct ComplaintFormPage: PageModel {
    var title: String { staff ? "登记来件" : "投诉、举报、咨询、建议" }
    var bodyClass: String { staff ? "admin" : "" }
    var staff: Bool
    var action: String
    var kinds: [SelectOption]
    var categories: [SelectOption]
    var channels: [SelectOption]
    var halls: [SelectOption]
    var anonymous: Bool
    var name: String
    var phone: String
    var email: String
    var caseNumber: String
    var window: String
    var staffNumber: String
    var content: String
    var problems: [ValidationProblemRow]
    var hasProblems: Bool

    init(staff: Bool, form: FormData?, snapshot: CatalogSnapshot, citizen: CitizenAccount? = nil, problems: [ValidationProblem] = []) {
        self.staff = staff
        action = staff ? SiteURL.complaintRecord.path : SiteURL.complaints.path
        let kind = form?["kind"] ?? ComplaintKind.complaint.rawValue
        kinds = ComplaintKind.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0.rawValue == kind) }
        categories = ComplaintCategory.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0.rawValue == form?["category"]) }
        let channel = form?["channel"] ?? ComplaintChannel.desk.rawValue
        channels = [ComplaintChannel.desk, .phone].map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0.rawValue == channel) }
        halls = snapshot.organisation.halls.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code.rawValue == form?["hall"]) }
        anonymous = form?["anonymous"] == "yes"
        name = form?["name"] ?? citizen?.name ?? ""
        phone = form?["phone"] ?? citizen?.phone ?? ""
        email = form?["email"] ?? ""
        caseNumber = form?["caseNumber"] ?? ""
        window = form?["window"] ?? ""
        staffNumber = form?["staffNumber"] ?? ""
        content = form?["content"] ?? ""
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
    }

    /// The input the form's fields give.
    static func input(_ form: FormData, into c: inout ProblemCollector) -> ComplaintInput? {
        let kind = form.choice("kind", as: ComplaintKind.self, label: "类型", into: &c)
        let category = form["category"].flatMap { $0.isEmpty ? nil : ComplaintCategory(rawValue: $0) }
        guard let kind else { return nil }
        return ComplaintInput(kind: kind, content: form["content"] ?? "", anonymous: form["anonymous"] == "yes", name: form["name"] ?? "",
                              phone: form["phone"] ?? "", email: form["email"] ?? "", caseNumber: form["caseNumber"] ?? "", hall: form["hall"] ?? "",
                              window: form["window"] ?? "", staffNumber: form["staffNumber"] ?? "", category: category)
    }
}

/// What the complainant keeps: the number and the query code (shown once, also sent by SMS).
struct ComplaintFiledPage: PageModel {
    var title: String { "来件已受理" }
    var bodyClass: String { "" }
    var kind: String
    var number: String
    var queryCode: String
    var due: String
    var anonymous: Bool
    var followLink: String

    init(_ complaint: Complaint) {
        kind = complaint.kind.label
        number = complaint.number
        queryCode = complaint.queryCode
        due = complaint.dueOn.map { "\($0)前答复" } ?? "分办后按时限答复"
        anonymous = complaint.anonymous
        followLink = SiteURL.complaintFollow.path(["number": complaint.number])
    }
}

/// One complaint as its lines show it.
struct ComplaintRow: Sendable {
    var id: Int64
    var link: String
    var number: String
    var kind: String
    var category: String
    var state: String
    var stateCode: String
    var owner: String
    var due: String
    var overdue: Bool
    var excerpt: String
    var received: String

    init(_ c: Complaint, snapshot: CatalogSnapshot, today: CivilDate) {
        id = c.id
        link = SiteURL.complaint(.value(String(c.id))).path
        number = c.number
        kind = c.kind.label
        category = c.category?.label ?? "未分类"
        state = c.state.label
        stateCode = c.state.rawValue
        owner = ComplaintRow.owner(c, snapshot: snapshot)
        due = c.dueOn?.description ?? "—"
        overdue = c.isOverdue(today: today)
        excerpt = c.content.count > 60 ? String(c.content.prefix(60)) + "…" : c.content
        received = c.receivedOn.description
    }

    static func owner(_ c: Complaint, snapshot: CatalogSnapshot) -> String {
        if let d = c.department { return snapshot.departmentsByCode[d]?.name ?? d.rawValue }
        if c.state != .received, let h = c.hall { return (snapshot.hallsByCode[h]?.name ?? h.rawValue) + "（窗口）" }
        return "待分办"
    }
}

struct ComplaintListPage: PageModel {
    var title: String { "投诉举报" }
    var bodyClass: String { "admin" }
    var open: [ComplaintRow]
    var hasOpen: Bool
    var recent: [ComplaintRow]
    var hasRecent: Bool
    var canRecord: Bool

    init(open: [Complaint], recent: [Complaint], viewer: Identity, snapshot: CatalogSnapshot, today: CivilDate) {
        self.open = open.map { ComplaintRow($0, snapshot: snapshot, today: today) }
        hasOpen = !open.isEmpty
        self.recent = recent.map { ComplaintRow($0, snapshot: snapshot, today: today) }
        hasRecent = !recent.isEmpty
        canRecord = viewer.role == .clerk || viewer.role == .supervisor
    }
}

/// A complaint's page for staff. The complainant's name and phone are masked: the platform
/// carries the reply, and a reporter is protected.
struct ComplaintPage: PageModel {
    var title: String { "来件 \(number)" }
    var bodyClass: String { "admin" }
    var id: Int64
    var number: String
    var revision: Int
    var row: ComplaintRow
    var channel: String
    var complainant: String
    var content: String
    var concerns: String?
    var caseLink: String?
    var reply: String?
    var finding: String?
    var satisfaction: String?
    var steps: [RatingSection.Step]
    var canAssign: Bool
    var canReply: Bool
    var findsFacts: Bool
    var categories: [SelectOption]
    var departments: [SelectOption]
    var halls: [SelectOption]
    var findings: [SelectOption]
    var supervision: SupervisionSection?
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?

    init(_ c: Complaint, viewer: Identity, snapshot: CatalogSnapshot, today: CivilDate, problems: [ValidationProblem] = [], message: String? = nil) {
        id = c.id
        number = c.number
        revision = c.revision
        row = ComplaintRow(c, snapshot: snapshot, today: today)
        channel = c.channel.label
        complainant = c.anonymous ? "匿名" : [c.name.map(PersonalDataMask.name), c.phone.map(PersonalDataMask.phone)].compactMap { $0 }.joined(separator: " · ")
        content = c.content
        var about: [String] = []
        if let h = c.hall { about.append(snapshot.hallsByCode[h]?.name ?? h.rawValue) }
        if let w = c.window { about.append("\(w) 号窗口") }
        if let s = c.staffNumber { about.append("工号 \(s)") }
        concerns = about.isEmpty ? nil : about.joined(separator: " · ")
        caseLink = c.caseNumber.map { SiteURL.caseDetail(.value($0)).path }
        reply = c.reply
        finding = c.finding?.label
        satisfaction = c.satisfied.map { ($0 ? "满意" : "不满意") + (c.ratingComment.map { "：\($0)" } ?? "") }
        steps = c.steps.map { RatingSection.Step(step: $0.step, at: PageDates.dateTime($0.at), text: [$0.actor, $0.text].filter { !$0.isEmpty }.joined(separator: "：")) }
        canAssign = viewer.role.may(.supervise) && c.state.isOpen
        canReply = c.isOwned(by: CaseActor(viewer.account))
        findsFacts = c.kind.findsFacts
        categories = ComplaintCategory.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == c.category) }
        departments = snapshot.organisation.departments.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == c.department) }
        halls = snapshot.organisation.halls.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: c.department == nil && $0.code == c.hall) }
        findings = ComplaintFinding.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: false) }
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
    }
}

/// The complainant's follow-up page: enter the number and query code; see where it stands and the
/// reply; rate the reply.
struct ComplaintFollowPage: PageModel {
    var title: String { "来件查询" }
    var bodyClass: String { "" }
    var number: String
    var code: String
    var found: Bool
    var kind: String?
    var state: String?
    var stateCode: String?
    var due: String?
    var reply: String?
    var finding: String?
    var satisfaction: String?
    var steps: [RatingSection.Step]
    var canRate: Bool
    var problems: [ValidationProblemRow]
    var message: String?

    init(number: String, code: String, complaint: Complaint?, problems: [ValidationProblem] = [], message: String? = nil) {
        self.number = number
        self.code = code
        found = complaint != nil
        kind = complaint?.kind.label
        state = complaint?.state.label
        stateCode = complaint?.state.rawValue
        due = complaint?.dueOn?.description
        reply = complaint?.reply
        finding = complaint?.finding?.label
        satisfaction = complaint?.satisfied.map { $0 ? "满意" : "不满意" }
        // The public sees the steps without staff names.
        steps = complaint?.steps.map { RatingSection.Step(step: $0.step, at: PageDates.dateTime($0.at), text: "") } ?? []
        canRate = complaint?.state == .replied
        self.problems = problems.map(ValidationProblemRow.init)
        self.message = message
    }
}
