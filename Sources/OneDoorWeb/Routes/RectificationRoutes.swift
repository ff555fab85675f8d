import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 差评整改 for the rated department or hall, and appeals for supervisors (issue 18 §1).
extension OneDoorWeb {
    func registerRectifications<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.rectifications.route) { _, _ in
            let identity = try caseWorker()
            return try pages.render("rectifications", RectificationListPage(try await services.ratings.openRectifications(by: identity),
                                                                             today: calendar.today), headers: [.cacheControl: "no-store"])
        }
        router.get(SiteURL.rectification(.key).route) { _, context in
            let identity = try caseWorker()
            return try await rectificationPage(try Self.rectificationID(context), identity: identity)
        }
        router.post(SiteURL.rectificationAction(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let id = try Self.rectificationID(context)
            let text = form["text"] ?? ""
            let action: RectificationAction
            switch try context.parameters.require("action") {
            case "verify": action = .verify(note: text)
            case "rectify": action = .rectify(result: text)
            case "appeal": action = .appeal(reason: text)
            case "decide-appeal": action = .decideAppeal(remove: form["remove"] == "yes", reason: text)
            default: throw ProblemDetails.notFound("没有这个办理环节")
            }
            do {
                _ = try await services.ratings.act(id, action, expectedRevision: form["revision"].flatMap { Int($0) }, by: identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.rectification(.value(String(id))).path])
            } catch let failed as ValidationFailed {
                return try await rectificationPage(id, identity: identity, problems: failed.problems, status: .unprocessableContent)
            } catch RatingStoreError.conflict {
                return try await rectificationPage(id, identity: identity, message: "整改刚被他人办理，请按当前情况重新操作", status: .conflict)
            }
        }
    }

    static func rectificationID(_ context: some RequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw ProblemDetails.notFound("整改不存在") }
        return id
    }

    func rectificationPage(_ id: Int64, identity: Identity, message: String? = nil, problems: [ValidationProblem] = [],
                                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = try await services.ratings.rectificationDetail(id, by: identity)
        guard let rectification = view.rectification else { throw ProblemDetails.notFound("整改不存在") }
        var page = RectificationPage(rectification, rating: view.rating, viewer: identity, today: calendar.today, snapshot: catalog.snapshot,
                                     message: message, problems: problems)
        page.supervision = try await supervisionSection(.rectification(id), identity: identity, open: rectification.state.isOpen)
        return try pages.render("rectification", page, status: status, headers: [.cacheControl: "no-store"])
    }
}
