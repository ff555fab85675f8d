import OneDoorCore
import OneDoorServices

/// 投诉、举报、咨询、建议 (issue 18 §2, ADR 0043).
extension APIHandler {
    var complaints: ComplaintService { services.complaints }

    func fileComplaint(_ input: Operations.FileComplaint.Input) async throws -> Operations.FileComplaint.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let scope = RequestScope.current
        let channel = ComplaintChannel(rawValue: body.channel?.rawValue ?? "online") ?? .online
        let filed = try await complaints.file(
            ComplaintInput(kind: ComplaintKind(rawValue: body.kind.rawValue) ?? .complaint, content: body.content, anonymous: body.anonymous ?? false,
                           name: body.name ?? "", phone: body.phone ?? "", email: body.email ?? "", caseNumber: body._case ?? "", hall: body.hall ?? "",
                           window: body.window ?? "", staffNumber: body.staffNumber ?? "",
                           category: body.category.flatMap { ComplaintCategory(rawValue: $0.rawValue) }),
            channel: channel, citizen: scope.citizen, staff: channel == .online ? nil : scope.identity, client: scope.client)
        return .created(.init(body: .json(.init(number: filed.number, queryCode: filed.queryCode, state: filed.state.rawValue,
                                                dueOn: filed.dueOn?.description))))
    }

    func followComplaint(_ input: Operations.FollowComplaint.Input) async throws -> Operations.FollowComplaint.Output {
        let complaint = try await complaints.follow(number: input.path.number, code: input.query.code, client: RequestScope.current.client)
        return .ok(.init(body: .json(Convert.progress(complaint))))
    }

    func rateComplaintReply(_ input: Operations.RateComplaintReply.Input) async throws -> Operations.RateComplaintReply.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let complaint = try await complaints.rate(number: input.path.number, code: body.code, satisfied: body.satisfied, comment: body.comment ?? "",
                                                  client: RequestScope.current.client)
        return .ok(.init(body: .json(Convert.progress(complaint))))
    }

    func listComplaints(_ input: Operations.ListComplaints.Input) async throws -> Operations.ListComplaints.Output {
        let identity = try RequestScope.requireSignedIn()
        let (open, recent) = try await complaints.list(by: identity)
        let today = services.calendar.today
        return .ok(.init(body: .json(.init(open: open.map { Convert.complaint($0, today: today) }, recent: recent.map { Convert.complaint($0, today: today) }))))
    }

    func complaintAction(_ input: Operations.ComplaintAction.Input) async throws -> Operations.ComplaintAction.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let current = try await complaints.detail(number: input.path.number, by: identity)
        let next: Complaint
        switch input.path.action {
        case .assign:
            next = try await complaints.assign(current.id, category: body.category.flatMap { ComplaintCategory(rawValue: $0.rawValue) },
                                               department: body.department.map { DepartmentCode(rawValue: $0) }, hall: body.hall.map { HallCode(rawValue: $0) },
                                               expectedRevision: body.revision, by: identity)
        case .reply:
            next = try await complaints.reply(current.id, text: body.reply ?? "", finding: body.finding.flatMap { ComplaintFinding(rawValue: $0.rawValue) },
                                              expectedRevision: body.revision, by: identity)
        }
        return .ok(.init(body: .json(Convert.complaint(next, today: services.calendar.today))))
    }
}

extension Convert {
    static func progress(_ c: Complaint) -> Components.Schemas.ComplaintProgress {
        .init(number: c.number, kind: .init(rawValue: c.kind.rawValue) ?? .complaint, state: .init(rawValue: c.state.rawValue) ?? .received,
              stateLabel: c.state.label, receivedOn: c.receivedOn.description, dueOn: c.dueOn?.description, reply: c.reply,
              finding: c.finding.flatMap { .init(rawValue: $0.rawValue) }, satisfied: c.satisfied,
              steps: c.steps.map { .init(step: $0.step, at: date($0.at)) })
    }

    static func complaint(_ c: Complaint, today: CivilDate) -> Components.Schemas.Complaint {
        .init(id: c.id, number: c.number, kind: .init(rawValue: c.kind.rawValue) ?? .complaint, channel: .init(rawValue: c.channel.rawValue) ?? .online,
              category: c.category.flatMap { .init(rawValue: $0.rawValue) }, state: .init(rawValue: c.state.rawValue) ?? .received, stateLabel: c.state.label,
              anonymous: c.anonymous,
              complainant: c.anonymous ? nil : [c.name.map(PersonalDataMask.name), c.phone.map(PersonalDataMask.phone)].compactMap { $0 }.joined(separator: " "),
              content: c.content, _case: c.caseNumber?.rawValue, hall: c.hall?.rawValue, window: c.window?.rawValue, staffNumber: c.staffNumber,
              department: c.department?.rawValue, receivedOn: c.receivedOn.description, dueOn: c.dueOn?.description, overdue: c.isOverdue(today: today),
              reply: c.reply, finding: c.finding.flatMap { .init(rawValue: $0.rawValue) }, satisfied: c.satisfied, revision: c.revision)
    }
}
