import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 电子监察 (issue 18 §3): the supervisors' overview, and 督办 — issued from a case's or a
/// rectification's page, answered by its owner from their list or that page.
extension OneDoorWeb {
    func registerSupervision<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.supervision.route) { _, _ in
            let identity = try staff(.supervise)
            let overview = try await services.supervision.overview(by: identity)
            let alerts = try await services.supervision.recentAlerts(by: identity)
            let month = calendar.today.firstOfMonth
            let figures = try await services.caseStatistics.report(from: month, to: month, grouping: .month, by: identity).total
            return try pages.render("supervision", SupervisionOverviewPage(overview, snapshot: catalog.snapshot, viewer: identity, alerts: alerts,
                                                                           month: figures),
                                    headers: [.cacheControl: "no-store"])
        }
        router.get(SiteURL.supervisionOrders.route) { _, _ in
            try await ordersPage(try caseWorker())
        }
        router.post(SiteURL.supervisionOrderAnswer(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw ProblemDetails.notFound("督办不存在") }
            do {
                let order = try await services.supervision.answer(id, reply: form["reply"] ?? "", expectedRevision: form["revision"].flatMap { Int($0) },
                                                                  by: identity)
                return Response(status: .seeOther, headers: [.location: SupervisionSection.link(order.subject) + "#supervision"])
            } catch let failed as ValidationFailed {
                return try await ordersPage(identity, problems: failed.problems, status: .unprocessableContent)
            } catch SupervisionStoreError.conflict {
                return try await ordersPage(identity, message: "督办刚被他人答复，请按当前情况查看", status: .conflict)
            }
        }
        router.post(SiteURL.caseSupervision(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.supervise, form: form)
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            do {
                _ = try await services.supervision.issue(.case(number), instruction: form["instruction"] ?? "", dueOn: Self.dueOn(form), by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.caseDetail(.value(number)).path + "#supervision"])
            } catch let failed as ValidationFailed {
                let view = try await cases.view(number, by: identity, client: RequestScope.current.client)
                return try pages.render("case", try await casePage(view, identity: identity, problems: failed.problems), status: .unprocessableContent)
            }
        }
        router.post(SiteURL.rectificationSupervision(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.supervise, form: form)
            let id = try Self.rectificationID(context)
            do {
                _ = try await services.supervision.issue(.rectification(id), instruction: form["instruction"] ?? "", dueOn: Self.dueOn(form), by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.rectification(.value(String(id))).path + "#supervision"])
            } catch let failed as ValidationFailed {
                return try await rectificationPage(id, identity: identity, problems: failed.problems, status: .unprocessableContent)
            }
        }
    }

    /// The due day typed, or nil (the rules name it missing or malformed).
    static func dueOn(_ form: FormData) -> CivilDate? {
        form["dueOn"].flatMap { CivilDate($0.trimmingWhitespace()) }
    }

    func ordersPage(_ identity: Identity, problems: [ValidationProblem] = [], message: String? = nil,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let open = try await services.supervision.openOrders(by: identity)
        let answered = identity.role.may(.supervise) ? try await services.supervision.recentlyAnswered(by: identity) : []
        return try pages.render("supervision-orders", SupervisionOrdersPage(open: open, answered: answered, viewer: identity, today: calendar.today,
                                                                           problems: problems, message: message),
                                status: status, headers: [.cacheControl: "no-store"])
    }

    /// The 督办 section of a subject's page.
    func supervisionSection(_ subject: SupervisedSubject, identity: Identity, open: Bool) async throws -> SupervisionSection {
        let orders: [SupervisionOrder]
        let action: String
        switch subject {
        case .case(let number):
            orders = try await services.supervision.orders(onCase: number)
            action = SiteURL.caseSupervision(.value(number)).path
        case .rectification(let id):
            orders = try await services.supervision.orders(onRectification: id)
            action = SiteURL.rectificationSupervision(.value(String(id))).path
        case .complaint(let id):
            orders = try await services.supervision.orders(onComplaint: id)
            action = SiteURL.complaintSupervision(.value(String(id))).path
        }
        return SupervisionSection(orders: orders, viewer: identity, today: calendar.today, issueAction: open ? action : nil, calendar: calendar.calendar)
    }
}
