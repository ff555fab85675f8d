import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 投诉、举报、咨询、建议 (issue 18 §2): the public form and follow-up page, the clerk's record of
/// a desk visit or a call, the staff's list and each complaint's page with its assignment, reply
/// and 督办.
extension OneDoorWeb {
    func registerComplaints<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.complaintNew.route) { _, _ in
            try pages.render("complaint-new", ComplaintFormPage(staff: false, form: nil, snapshot: catalog.snapshot, citizen: RequestScope.current.citizen?.account))
        }
        router.post(SiteURL.complaints.route) { request, context in
            let form = try await formData(request, context)
            return try await file(form, channel: .online, staff: nil)
        }
        router.get(SiteURL.complaintRecord.route) { _, _ in
            _ = try recorder()
            return try pages.render("complaint-new", ComplaintFormPage(staff: true, form: nil, snapshot: catalog.snapshot))
        }
        router.post(SiteURL.complaintRecord.route) { request, context in
            let form = try await formData(request, context)
            let identity = try recorder(form: form)
            let channel = ComplaintChannel(rawValue: form["channel"] ?? "") ?? .desk
            return try await file(form, channel: channel == .online ? .desk : channel, staff: identity)
        }
        router.get(SiteURL.complaintFollow.route) { request, _ in
            let q = request.uri.queryParameters
            let number = q["number"].map(String.init) ?? "", code = q["code"].map(String.init) ?? ""
            guard !number.isEmpty, !code.isEmpty else {
                return try pages.render("complaint-follow", ComplaintFollowPage(number: number, code: code, complaint: nil))
            }
            do {
                let complaint = try await services.complaints.follow(number: number, code: code, client: RequestScope.current.client)
                return try pages.render("complaint-follow", ComplaintFollowPage(number: number, code: code, complaint: complaint),
                                        headers: [.cacheControl: "no-store"])
            } catch let problem as ProblemDetails where problem.status == 404 {
                return try pages.render("complaint-follow", ComplaintFollowPage(number: number, code: code, complaint: nil, message: problem.detail),
                                        status: .notFound)
            }
        }
        router.post(SiteURL.complaintFollowRate.route) { request, context in
            let form = try await formData(request, context)
            let number = form["number"] ?? "", code = form["code"] ?? ""
            do {
                let complaint = try await services.complaints.rate(number: number, code: code, satisfied: form["satisfied"] == "yes",
                                                                   comment: form["comment"] ?? "", client: RequestScope.current.client)
                return try pages.render("complaint-follow", ComplaintFollowPage(number: number, code: code, complaint: complaint, message: "感谢您的评价。"),
                                        headers: [.cacheControl: "no-store"])
            } catch let failed as ValidationFailed {
                let complaint = try await services.complaints.follow(number: number, code: code, client: RequestScope.current.client)
                return try pages.render("complaint-follow", ComplaintFollowPage(number: number, code: code, complaint: complaint, problems: failed.problems),
                                        status: .unprocessableContent)
            }
        }
        router.get(SiteURL.complaints.route) { _, _ in
            let identity = try caseWorker()
            let (open, recent) = try await services.complaints.list(by: identity)
            return try pages.render("complaints", ComplaintListPage(open: open, recent: recent, viewer: identity, snapshot: catalog.snapshot,
                                                                     today: calendar.today), headers: [.cacheControl: "no-store"])
        }
        router.get(SiteURL.complaint(.key).route) { _, context in
            let identity = try caseWorker()
            return try await complaintPage(try Self.complaintID(context), identity: identity)
        }
        router.post(SiteURL.complaintAction(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let id = try Self.complaintID(context)
            let revision = form["revision"].flatMap { Int($0) }
            do {
                switch try context.parameters.require("action") {
                case "assign":
                    let department = form["department"].flatMap { $0.isEmpty ? nil : DepartmentCode(rawValue: $0) }
                    let hall = form["hall"].flatMap { $0.isEmpty ? nil : HallCode(rawValue: $0) }
                    _ = try await services.complaints.assign(id, category: form["category"].flatMap { ComplaintCategory(rawValue: $0) }, department: department,
                                                             hall: hall, expectedRevision: revision, by: identity)
                case "reply":
                    _ = try await services.complaints.reply(id, text: form["reply"] ?? "", finding: form["finding"].flatMap { ComplaintFinding(rawValue: $0) },
                                                            expectedRevision: revision, by: identity)
                default: throw ProblemDetails.notFound("没有这个办理环节")
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.complaint(.value(String(id))).path])
            } catch let failed as ValidationFailed {
                return try await complaintPage(id, identity: identity, problems: failed.problems, status: .unprocessableContent)
            } catch ComplaintStoreError.conflict {
                return try await complaintPage(id, identity: identity, message: "来件刚被他人办理，请按当前情况重新操作", status: .conflict)
            }
        }
        router.post(SiteURL.complaintSupervision(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.supervise, form: form)
            let id = try Self.complaintID(context)
            do {
                _ = try await services.supervision.issue(.complaint(id), instruction: form["instruction"] ?? "", dueOn: Self.dueOn(form), by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.complaint(.value(String(id))).path + "#supervision"])
            } catch let failed as ValidationFailed {
                return try await complaintPage(id, identity: identity, problems: failed.problems, status: .unprocessableContent)
            }
        }
    }

    /// Who records a desk visit or a call: a hall's clerks, and supervisors.
    func recorder(form: FormData? = nil) throws -> Identity {
        let identity = try caseWorker(form: form)
        guard identity.role == .clerk || identity.role == .supervisor else { throw CaseRuleError.forbidden("由服务中心综合窗口人员或监察人员登记来件") }
        return identity
    }

    static func complaintID(_ context: some RequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw ProblemDetails.notFound("来件不存在") }
        return id
    }

    private func file(_ form: FormData, channel: ComplaintChannel, staff: Identity?) async throws -> Response {
        let citizen = staff == nil ? RequestScope.current.citizen : nil
        var c = ProblemCollector()
        do {
            guard let input = ComplaintFormPage.input(form, into: &c) else { throw ValidationFailed(c.problems) }
            let filed = try await services.complaints.file(input, channel: channel, citizen: citizen, staff: staff, client: RequestScope.current.client)
            return try pages.render("complaint-filed", ComplaintFiledPage(filed), headers: [.cacheControl: "no-store"])
        } catch let failed as ValidationFailed {
            return try pages.render("complaint-new", ComplaintFormPage(staff: staff != nil, form: form, snapshot: catalog.snapshot, citizen: citizen?.account,
                                                                       problems: failed.problems), status: .unprocessableContent)
        }
    }

    private func complaintPage(_ id: Int64, identity: Identity, problems: [ValidationProblem] = [], message: String? = nil,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let complaint = try await services.complaints.detail(id, by: identity)
        var page = ComplaintPage(complaint, viewer: identity, snapshot: catalog.snapshot, today: calendar.today, problems: problems, message: message)
        page.supervision = try await supervisionSection(.complaint(id), identity: identity, open: complaint.state.isOpen && complaint.state != .received)
        return try pages.render("complaint", page, status: status, headers: [.cacheControl: "no-store"])
    }
}
