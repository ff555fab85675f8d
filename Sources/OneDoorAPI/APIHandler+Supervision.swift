import OneDoorCore
import OneDoorServices

/// 电子监察 and 督办 (issue 18 §3, ADR 0042).
extension APIHandler {
    var supervision: SupervisionService { services.supervision }

    func supervisionOverview(_ input: Operations.SupervisionOverview.Input) async throws -> Operations.SupervisionOverview.Output {
        let identity = try RequestScope.requireSignedIn()
        return .ok(.init(body: .json(Convert.overview(try await supervision.overview(by: identity)))))
    }

    func listSupervisionOrders(_ input: Operations.ListSupervisionOrders.Input) async throws -> Operations.ListSupervisionOrders.Output {
        let identity = try RequestScope.requireSignedIn()
        let today = services.calendar.today
        return .ok(.init(body: .json(.init(items: try await supervision.openOrders(by: identity).map { Convert.order($0, today: today) }))))
    }

    func issueSupervisionOrder(_ input: Operations.IssueSupervisionOrder.Input) async throws -> Operations.IssueSupervisionOrder.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let subject: SupervisedSubject
        switch body.subject.kind {
        case ._case: subject = .case(try ProblemDetails.caseNumber(body.subject.id))
        case .rectification:
            guard let id = Int64(body.subject.id), id > 0 else { throw ValidationFailed([ValidationProblem(path: "subject.id", reason: "整改编号应为正整数")]) }
            subject = .rectification(id)
        case .complaint:
            guard let id = Int64(body.subject.id), id > 0 else { throw ValidationFailed([ValidationProblem(path: "subject.id", reason: "来件编号应为正整数")]) }
            subject = .complaint(id)
        }
        guard let dueOn = CivilDate(body.dueOn) else { throw ValidationFailed([ValidationProblem(path: "dueOn", reason: "答复期限应为 YYYY-MM-DD")]) }
        let order = try await supervision.issue(subject, instruction: body.instruction, dueOn: dueOn, by: identity)
        return .created(.init(body: .json(Convert.order(order, today: services.calendar.today))))
    }

    func answerSupervisionOrder(_ input: Operations.AnswerSupervisionOrder.Input) async throws -> Operations.AnswerSupervisionOrder.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let order = try await supervision.answer(input.path.id, reply: body.reply, expectedRevision: body.revision, by: identity)
        return .ok(.init(body: .json(Convert.order(order, today: services.calendar.today))))
    }
}

extension Convert {
    static func order(_ o: SupervisionOrder, today: CivilDate) -> Components.Schemas.SupervisionOrder {
        let kind: Components.Schemas.SupervisedSubject.KindPayload = switch o.subject {
        case .case: ._case
        case .rectification: .rectification
        case .complaint: .complaint
        }
        return .init(
            id: o.id, subject: .init(kind: kind, id: o.subject.id), department: o.department?.rawValue, hall: o.hall?.rawValue, instruction: o.instruction,
            dueOn: o.dueOn.description, issuedAt: date(o.issuedAt), issuedBy: o.issuedBy, state: o.state == .open ? .open : .answered,
            stateLabel: o.state.label, overdue: o.isOverdue(today: today), reply: o.reply, repliedAt: o.repliedAt.map(date), repliedBy: o.repliedBy,
            answeredLate: o.answeredLate, revision: o.revision)
    }

    static func overview(_ o: SupervisionOverview) -> Components.Schemas.SupervisionOverview {
        .init(
            asOf: date(o.asOf), today: o.today.description, running: o.running, overdueShare: o.overdueShare,
            lights: .init(green: o.count(.green), yellow: o.count(.yellow), red: o.count(.red), overdue: o.count(.overdue)),
            departments: o.departments.map { d in
                .init(department: d.department.rawValue, running: d.running, green: d.count(.green), yellow: d.count(.yellow), red: d.count(.red),
                      overdue: d.count(.overdue), awaitingUndertaking: d.awaiting[.accepted] ?? 0, awaitingReview: d.awaiting[.undertaken] ?? 0,
                      awaitingDecision: d.awaiting[.reviewed] ?? 0, paused: d.paused)
            },
            overdueCases: o.overdueCases.map { .init(_case: $0.listing.number.rawValue, item: $0.listing.itemName, department: $0.listing.department.rawValue,
                                                     legalDeadline: $0.listing.legalDeadline?.description) },
            stuck: o.stuck.map { .init(_case: $0.number.rawValue, item: $0.itemName, department: $0.department.rawValue, procedure: $0.procedure.kind.label,
                                       startedOn: $0.procedure.startedOn.description, expectedEnd: $0.expectedEnd.description, workingDaysOver: $0.daysOver) },
            halls: o.halls.map { .init(hall: $0.hall.rawValue, name: $0.name, waitingNow: $0.waitingNow, longestWaitingSeconds: $0.longestWaitingSeconds,
                                       calledToday: $0.calledToday, averageWaitSeconds: $0.averageWaitSeconds, targetMinutes: $0.targetMinutes,
                                       overTarget: $0.overTarget) },
            rectificationsOpen: o.rectificationsOpen, rectificationsOverdue: o.rectificationsOverdue, complaintsOpen: o.complaints.open,
            complaintsOverdue: o.complaints.overdue, complaintsUnassigned: o.complaints.unassigned,
            orders: o.orders.map { order($0, today: o.today) })
    }
}
