import OneDoorCore
import OneDoorServices

/// 差评整改 for the department (issue 18 §1): its open rectifications by deadline, with lights.
struct RectificationListPage: PageModel {
    struct Row: Sendable {
        var link: String
        var id: Int64
        var state: String
        var due: String
        var overdue: Bool
        var opened: String
    }

    var title: String { "差评整改" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var hasRows: Bool

    init(_ open: [Rectification], today: CivilDate) {
        rows = open.map { r in
            Row(link: SiteURL.rectification(.value(String(r.id))).path, id: r.id, state: r.state.label,
                due: r.due.chinese, overdue: r.overdue(on: today), opened: r.openedOn.chinese)
        }
        hasRows = !rows.isEmpty
    }
}

/// One rectification: the rating it answers, its steps, and the form of the next step.
struct RectificationPage: PageModel {
    var title: String { "差评整改 \(id)" }
    /// 督办 on the rectification (电子监察).
    var supervision: SupervisionSection?
    var bodyClass: String { "admin" }
    var id: Int64
    var revision: Int
    var state: String
    var stateCode: String
    var level: String
    var reasons: String
    var service: String
    var rater: String
    var verifyBy: String
    var rectifyBy: String
    var overdue: Bool
    var steps: [RatingSection.Step]
    var actionsLink: String
    var canVerify: Bool
    var canRectify: Bool
    var canAppeal: Bool
    var canDecide: Bool
    var message: String?
    var problems: [ValidationProblemRow]
    var hasProblems: Bool

    init(_ r: Rectification, rating: Rating, viewer: Identity, today: CivilDate, snapshot: CatalogSnapshot, message: String? = nil,
         problems: [ValidationProblem] = []) {
        id = r.id
        revision = r.revision
        state = r.state.label
        stateCode = r.state.rawValue
        level = rating.level.label
        reasons = rating.reasonText
        let c = rating.context
        service = [c.itemName, c.caseNumber.map { "办件 \($0.rawValue)" }, c.department.flatMap { snapshot.departmentsByCode[$0]?.name },
                   c.hall.flatMap { snapshot.hallsByCode[$0]?.name }, c.window.map { "\($0.rawValue) 号窗口" }, c.staffNumber.map { "工号 \($0)" }]
            .compactMap { $0 }.joined(separator: " · ")
        rater = rating.rater
        verifyBy = r.verifyBy.chinese
        rectifyBy = r.rectifyBy.chinese
        overdue = r.overdue(on: today)
        steps = r.steps.map { RatingSection.Step(step: $0.step, at: PageDates.dateTime($0.at), text: $0.text) }
        actionsLink = SiteURL.rectification(.value(String(r.id))).path + "/actions/"
        let owner = viewer.role != .supervisor
        let appealing = r.appealPending
        canVerify = owner && r.state == .verifying
        canRectify = owner && r.state == .rectifying
        canAppeal = owner && r.state.isOpen && !appealing
        canDecide = viewer.role == .supervisor && r.state.isOpen && appealing
        self.message = message
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
    }
}
