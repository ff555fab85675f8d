import OneDoorCore
import OneDoorServices

/// The 督办 of a case or a rectification, on its page: every order with its reply, the form a
/// supervisor issues one with, and the owner's answer form (template partial
/// `supervision-section`).
struct SupervisionSection: Sendable {
    struct Row: Sendable {
        var id: Int64
        var subject: String
        var subjectLink: String
        var instruction: String
        var issuedBy: String
        var issuedAt: String
        var dueOn: String
        var state: String
        var stateCode: String
        var overdue: Bool
        var reply: String?
        var repliedBy: String?
        var repliedAt: String?
        var late: Bool
        var revision: Int
        /// Where the owner posts the reply (nil: this viewer does not answer it).
        var answerAction: String?
    }

    var rows: [Row]
    var hasRows: Bool
    /// Where a supervisor posts a new order (nil: not a supervisor, the subject ended, or one waits).
    var issueAction: String?
    var defaultDue: String

    init(orders: [SupervisionOrder], viewer: Identity, today: CivilDate, issueAction: String?, calendar: WorkingCalendar) {
        rows = orders.map { Self.row($0, viewer: viewer, today: today) }
        hasRows = !rows.isEmpty
        let waiting = orders.contains { $0.state == .open }
        self.issueAction = viewer.role.may(.supervise) && !waiting ? issueAction : nil
        defaultDue = ((try? calendar.addingWorkingDays(3, to: today)) ?? today.adding(days: 3)).description
    }

    static func row(_ order: SupervisionOrder, viewer: Identity, today: CivilDate) -> Row {
        Row(id: order.id, subject: order.subject.label, subjectLink: link(order.subject), instruction: order.instruction, issuedBy: order.issuedBy,
            issuedAt: PageDates.dateTime(order.issuedAt), dueOn: order.dueOn.description, state: order.state.label, stateCode: order.state.rawValue,
            overdue: order.isOverdue(today: today), reply: order.reply, repliedBy: order.repliedBy, repliedAt: order.repliedAt.map(PageDates.dateTime),
            late: order.answeredLate, revision: order.revision,
            answerAction: order.state == .open && order.isOwned(by: CaseActor(viewer.account))
                ? SiteURL.supervisionOrderAnswer(.value(String(order.id))).path : nil)
    }

    static func link(_ subject: SupervisedSubject) -> String {
        switch subject {
        case .case(let number): SiteURL.caseDetail(.value(number)).path
        case .rectification(let id): SiteURL.rectification(.value(String(id))).path
        case .complaint(let id): SiteURL.complaint(.value(String(id))).path
        }
    }
}
