import Foundation
import OneDoorCore
import OneDoorServices

extension APIHandler {
    func listQueues(_ input: Operations.ListQueues.Input) async throws -> Operations.ListQueues.Output {
        let hall = try queues.hall(try ProblemDetails.hallCode(input.path.code))
        let statuses = try await queues.overview(hall: hall.code)
        return .ok(.init(body: .json(.init(hall: hall.code.rawValue, hallName: hall.name, queues: statuses.map(Convert.queue)))))
    }

    func saveQueue(_ input: Operations.SaveQueue.Input) async throws -> Operations.SaveQueue.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let hall = try queues.hall(try ProblemDetails.hallCode(input.path.code))
        let queue = HallQueue(hall: hall.code, code: QueueCode(rawValue: input.path.queue), name: body.name, prefix: body.prefix, firstNumber: body.firstNumber ?? 1,
                              lastNumber: body.lastNumber ?? 999, targetWaitMinutes: body.targetWaitMinutes ?? 15)
        _ = try await queues.saveQueue(queue, by: identity, client: RequestScope.current.client)
        let statuses = try await queues.overview(hall: hall.code)
        return .ok(.init(body: .json(.init(hall: hall.code.rawValue, hallName: hall.name, queues: statuses.map(Convert.queue)))))
    }

    func setWindowQueues(_ input: Operations.SetWindowQueues.Input) async throws -> Operations.SetWindowQueues.Output {
        let identity = try RequestScope.require(.manageOrganisation)
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let serves = try await queues.setWindowQueues(hall: try ProblemDetails.hallCode(input.path.code), window: try ProblemDetails.windowNumber(input.path.number), queues: body.queues.map(QueueCode.init(rawValue:)),
                                                      by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(.init(hall: input.path.code, window: input.path.number, queues: serves.map(\.rawValue)))))
    }

    func queueStatistics(_ input: Operations.QueueStatistics.Input) async throws -> Operations.QueueStatistics.Output {
        let identity = try RequestScope.requireSignedIn()
        var c = ProblemCollector()
        let from = CivilDate(input.query.from)
        let to = CivilDate(input.query.to)
        if from == nil { c.add("from", "日期应为 YYYY-MM-DD") }
        if to == nil { c.add("to", "日期应为 YYYY-MM-DD") }
        guard let from, let to, c.problems.isEmpty else { throw ValidationFailed(c.problems) }
        let report = try await queues.statistics(hall: try ProblemDetails.hallCode(input.path.code), from: from, to: to, by: identity)
        func rows(_ rows: [QueueReport.Row]) -> [Components.Schemas.QueueFigureRow] {
            rows.map { .init(key: $0.key, name: $0.name, figures: Convert.figures($0.figures)) }
        }
        return .ok(.init(body: .json(.init(
            hall: report.hall.code.rawValue, hallName: report.hall.name, from: report.from.description, to: report.to.description,
            total: Convert.figures(report.total), queues: rows(report.queues), windows: rows(report.windows), staff: rows(report.staff),
            days: rows(report.days)
        ))))
    }

    func issueTicket(_ input: Operations.IssueTicket.Input) async throws -> Operations.IssueTicket.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let request = TicketRequest(
            queue: QueueCode(rawValue: body.queue), documentType: try APIEnums.ticketDocument.core(body.documentType),
            documentNumber: body.documentNumber, priority: try body.priority.map(APIEnums.ticketPriority.core), phone: body.phone
        )
        let kiosk = try await services.kiosks.admit(token: RequestScope.current.kioskToken, hall: try ProblemDetails.hallCode(input.path.code))
        return .created(.init(body: .json(try Convert.ticket(try await queues.issue(hall: try ProblemDetails.hallCode(input.path.code), request, at: kiosk)))))
    }

    func listKiosks(_ input: Operations.ListKiosks.Input) async throws -> Operations.ListKiosks.Output {
        let identity = try RequestScope.requireSignedIn()
        let kiosks = try await services.kiosks.list(hall: try ProblemDetails.hallCode(input.path.code), by: identity)
        return .ok(.init(body: .json(.init(hall: input.path.code, kiosks: kiosks.map(Convert.kiosk)))))
    }

    func registerKiosk(_ input: Operations.RegisterKiosk.Input) async throws -> Operations.RegisterKiosk.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let (kiosk, token) = try await services.kiosks.register(hall: try ProblemDetails.hallCode(input.path.code), name: body.name, by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(.init(kiosk: Convert.kiosk(kiosk), token: token))))
    }

    func revokeKiosk(_ input: Operations.RevokeKiosk.Input) async throws -> Operations.RevokeKiosk.Output {
        let identity = try RequestScope.requireSignedIn()
        try await services.kiosks.revoke(id: input.path.id, hall: try ProblemDetails.hallCode(input.path.code), by: identity, client: RequestScope.current.client)
        return .noContent(.init())
    }

    func listCalls(_ input: Operations.ListCalls.Input) async throws -> Operations.ListCalls.Output {
        let hall = try queues.hall(try ProblemDetails.hallCode(input.path.code))
        let calls = try await queues.recentCalls(hall: hall.code)
        return .ok(.init(body: .json(.init(hall: hall.code.rawValue, hallName: hall.name, calls: try calls.map { call in
            .init(number: call.number, queue: call.queue.rawValue, window: call.window.rawValue, kind: try APIEnums.callKind.api(call.kind),
                  at: Convert.date(call.at), announcement: QueueService.announcement(call))
        }))))
    }

    func getTicket(_ input: Operations.GetTicket.Input) async throws -> Operations.GetTicket.Output {
        guard let status = try await queues.ticket(id: input.path.id) else { throw ProblemDetails.notFound("排队号不存在，请核对号票上的编号") }
        return .ok(.init(body: .json(try Convert.ticket(status))))
    }

    func ticketAction(_ input: Operations.TicketAction.Input) async throws -> Operations.TicketAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let action = try APIEnums.ticketAction.core(input.path.ticketAction)
        let ticket = try await queues.act(action, ticket: input.path.id, window: WindowNumber(rawValue: body.window), target: body.target.map(QueueCode.init(rawValue:)), by: identity)
        return .ok(.init(body: .json(try Convert.ticket(try await queues.status(ticket)))))
    }

    func callNext(_ input: Operations.CallNext.Input) async throws -> Operations.CallNext.Output {
        let identity = try RequestScope.requireSignedIn()
        guard let ticket = try await queues.callNext(window: try ProblemDetails.windowNumber(input.path.window), by: identity) else {
            throw ProblemDetails(status: 404, title: "Not Found", detail: "\(input.path.window) 号窗口叫号的队列里现在没有人等候", type: "/problems/queue-empty")
        }
        return .ok(.init(body: .json(try Convert.ticket(try await queues.status(ticket)))))
    }

    func listWindowTickets(_ input: Operations.ListWindowTickets.Input) async throws -> Operations.ListWindowTickets.Output {
        let identity = try RequestScope.requireSignedIn()
        var items: [Components.Schemas.Ticket] = []
        for ticket in try await queues.atWindow(try ProblemDetails.windowNumber(input.path.window), by: identity) {
            items.append(try Convert.ticket(try await queues.status(ticket)))
        }
        return .ok(.init(body: .json(.init(items: items))))
    }
}

extension Convert {
    static func queue(_ status: QueueStatus) -> Components.Schemas.Queue {
        .init(code: status.queue.code.rawValue, name: status.queue.name, prefix: status.queue.prefix, waiting: status.waiting,
              priorityWaiting: status.priorityWaiting, windows: status.windows.map(\.rawValue), estimatedWaitMinutes: status.estimatedWaitSeconds / 60,
              targetWaitMinutes: status.queue.targetWaitMinutes, firstNumber: status.queue.firstNumber, lastNumber: status.queue.lastNumber)
    }

    static func figures(_ f: QueueFigures) -> Components.Schemas.QueueFigures {
        .init(arrived: f.arrived, called: f.called, served: f.served, noShows: f.noShows, noShowRate: f.noShowRate,
              averageWaitSeconds: f.averageWaitSeconds, p90WaitSeconds: f.p90WaitSeconds, overTarget: f.overTarget,
              overTargetShare: f.overTargetShare, averageServiceSeconds: f.averageServiceSeconds, ticketsPerHour: f.ticketsPerHour,
              arrivalsByHour: f.arrivalsByHour)
    }

    static func ticket(_ status: TicketStatus) throws(EnumMismatch) -> Components.Schemas.Ticket {
        let t = status.ticket
        return .init(
            id: t.id, number: t.number, hall: t.hall.rawValue, hallName: status.hallName, queue: t.queue.rawValue, queueName: status.queue.name,
            day: t.day.description, state: try APIEnums.ticketState.api(t.state), stateLabel: t.state.label,
            priority: try t.priority.map(APIEnums.priorityLane.api), priorityLabel: t.priority?.label,
            issuedAt: date(t.issuedAt), documentType: t.documentType.rawValue, documentNumberMasked: t.maskedDocumentNumber,
            ahead: status.ahead, estimatedWaitMinutes: status.estimatedWaitSeconds / 60, window: t.window?.rawValue, calls: t.calls,
            caseNumber: t.caseNumber?.rawValue, appointment: t.appointment
        )
    }
}
