import Foundation
import OneDoorCore
import OneDoorServices

/// 电子监察's overview (issue 18 §3): refreshes itself every few seconds (no script needed).
struct SupervisionOverviewPage: PageModel {
    struct Department: Sendable {
        var name: String
        var running: Int
        var green: Int
        var yellow: Int
        var red: Int
        var overdue: Int
        var undertake: Int
        var review: Int
        var decide: Int
        var paused: Int
        var listLink: String
        var redLink: String
        var overdueLink: String
        var alarm: Bool
    }
    struct CaseRow: Sendable { var number: String; var link: String; var itemName: String; var departmentName: String; var detail: String }
    struct Hall: Sendable {
        var name: String
        var waiting: Int
        var longest: String
        var average: String
        var target: String
        var called: Int
        var overTarget: Bool
    }

    var title: String { "电子监察" }
    var bodyClass: String { "admin" }
    var refresh: String? { String(SupervisionService.overviewSeconds * 3) }
    var asOf: String
    var running: Int
    var green: Int
    var yellow: Int
    var red: Int
    var overdue: Int
    var overdueShare: String
    var paused: Int
    var departments: [Department]
    var overdueCases: [CaseRow]
    var hasOverdue: Bool
    var stuck: [CaseRow]
    var hasStuck: Bool
    var halls: [Hall]
    var rectificationsOpen: Int
    var rectificationsOverdue: Int
    var complaintsOpen: Int
    var complaintsOverdue: Int
    var complaintsUnassigned: Int
    var orders: [SupervisionSection.Row]
    var hasOrders: Bool
    var ordersOpen: Int
    var ordersOverdue: Int
    /// The latest alerts raised (ADR 0048).
    var alerts: [Alert]
    var hasAlerts: Bool

    struct Alert: Sendable {
        var rule: String
        var ruleCode: String
        var text: String
        var at: String
    }

    /// 即办 share of this month's accepted cases (the case statistics').
    var immediateShare: String
    /// This month's cases whose 承办, 审核 and 决定 were not three people's (职责分离).
    var sharedHands: Int
    var hasSharedHands: Bool

    init(_ overview: SupervisionOverview, snapshot: CatalogSnapshot, viewer: Identity, alerts: [RaisedAlert] = [], month: CaseFigures = CaseFigures()) {
        immediateShare = CaseStatisticsPage.percent(month.immediateShare)
        sharedHands = month.sharedHands
        hasSharedHands = month.sharedHands > 0
        self.alerts = alerts.map { Alert(rule: $0.rule.label, ruleCode: $0.rule.rawValue, text: $0.text, at: PageDates.dateTime($0.raisedAt)) }
        hasAlerts = !alerts.isEmpty
        func name(_ code: DepartmentCode) -> String { snapshot.departmentsByCode[code]?.name ?? code.rawValue }
        asOf = PageDates.dateTime(overview.asOf)
        running = overview.running
        green = overview.count(.green)
        yellow = overview.count(.yellow)
        red = overview.count(.red)
        overdue = overview.count(.overdue)
        overdueShare = overview.overdueShare.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
        paused = overview.departments.reduce(0) { $0 + $1.paused }
        departments = overview.departments.map { d in
            let list = SiteURL.cases.path(["department": d.department.rawValue])
            return Department(
                name: name(d.department), running: d.running, green: d.count(.green), yellow: d.count(.yellow), red: d.count(.red),
                overdue: d.count(.overdue), undertake: d.awaiting[.accepted] ?? 0, review: d.awaiting[.undertaken] ?? 0, decide: d.awaiting[.reviewed] ?? 0,
                paused: d.paused, listLink: list, redLink: SiteURL.cases.path(["department": d.department.rawValue, "late": "red"]),
                overdueLink: SiteURL.cases.path(["department": d.department.rawValue, "late": "overdue"]),
                alarm: d.count(.overdue) + d.count(.red) > 0)
        }
        overdueCases = overview.overdueCases.map { summary in
            let l = summary.listing
            return CaseRow(number: l.number.rawValue, link: SiteURL.caseDetail(.value(l.number)).path, itemName: l.itemName,
                           departmentName: name(l.department), detail: "法定期限 \(l.legalDeadline?.description ?? "—")")
        }
        hasOverdue = !overdueCases.isEmpty
        stuck = overview.stuck.map { s in
            CaseRow(number: s.number.rawValue, link: SiteURL.caseDetail(.value(s.number)).path, itemName: s.itemName, departmentName: name(s.department),
                    detail: "\(s.procedure.kind.label)自 \(s.procedure.startedOn)，预计 \(s.expectedEnd) 结束，已超 \(s.daysOver) 个工作日")
        }
        hasStuck = !stuck.isEmpty
        halls = overview.halls.map { h in
            Hall(name: h.name, waiting: h.waitingNow, longest: h.longestWaitingSeconds.map { "\($0 / 60) 分钟" } ?? "—",
                 average: h.averageWaitSeconds.map { String(format: "%.1f 分钟", $0 / 60) } ?? "—", target: "\(h.targetMinutes) 分钟",
                 called: h.calledToday, overTarget: h.overTarget)
        }
        rectificationsOpen = overview.rectificationsOpen
        rectificationsOverdue = overview.rectificationsOverdue
        (complaintsOpen, complaintsOverdue, complaintsUnassigned) = overview.complaints
        orders = overview.orders.map { SupervisionSection.row($0, viewer: viewer, today: overview.today) }
        hasOrders = !orders.isEmpty
        ordersOpen = orders.count
        ordersOverdue = overview.ordersOverdue
    }
}

/// 督办 to answer (a department's or a hall's), or for supervisors every open one and the replies
/// of the last 30 days.
struct SupervisionOrdersPage: PageModel {
    var title: String { "督办" }
    var bodyClass: String { "admin" }
    var open: [SupervisionSection.Row]
    var hasOpen: Bool
    var answered: [SupervisionSection.Row]
    var hasAnswered: Bool
    var isSupervisor: Bool
    var problems: [ValidationProblemRow]
    var message: String?

    init(open: [SupervisionOrder], answered: [SupervisionOrder], viewer: Identity, today: CivilDate, problems: [ValidationProblem] = [],
         message: String? = nil) {
        self.open = open.map { SupervisionSection.row($0, viewer: viewer, today: today) }
        hasOpen = !open.isEmpty
        self.answered = answered.map { SupervisionSection.row($0, viewer: viewer, today: today) }
        hasAnswered = !answered.isEmpty
        isSupervisor = viewer.role.may(.supervise)
        self.problems = problems.map(ValidationProblemRow.init)
        self.message = message
    }
}
