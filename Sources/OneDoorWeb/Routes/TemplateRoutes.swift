import Hummingbird
import OneDoorCore
import OneDoorServices

/// 消息模板 (ADR 0029): administrators read every message's wording and publish new versions.
extension OneDoorWeb {
    func registerTemplates<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.adminTemplates.route) { _, _ in
            let identity = try staff(.manageTemplates)
            return try pages.render("admin-templates", TemplatesPage(entries: try await services.templates.list(by: identity)))
        }
        router.get(SiteURL.adminTemplate(.key).route) { _, context in
            let identity = try staff(.manageTemplates)
            return try await templatePage(try context.parameters.require("code"), identity: identity)
        }
        router.post(SiteURL.adminTemplate(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.manageTemplates, form: form)
            let code = try context.parameters.require("code")
            do {
                let version = try await services.templates.publish(code, subject: form["subject"] ?? "", text: form["text"] ?? "", note: form["note"] ?? "",
                                                                   expected: Int(form["version"] ?? "") ?? -1, by: identity, client: RequestScope.current.client)
                return try await templatePage(code, identity: identity, message: "已发布第 \(version) 版，新消息即按此发送")
            } catch let failed as ValidationFailed {
                return try await templatePage(code, identity: identity, problems: failed.problems, subject: form["subject"], text: form["text"],
                                              status: .unprocessableContent)
            } catch let problem as ProblemDetails where problem.status == 409 {
                return try await templatePage(code, identity: identity, problems: [ValidationProblem(path: "version", reason: problem.detail)],
                                              subject: form["subject"], text: form["text"], status: .conflict)
            }
        }
    }

    private func templatePage(_ code: String, identity: Identity, message: String? = nil, problems: [ValidationProblem] = [], subject: String? = nil,
                              text: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (entry, history) = try await services.templates.detail(code, by: identity)
        var page = TemplatePage(entry: entry, history: history)
        page.message = message
        page.problems = problems.map(\.reason)
        page.hasProblems = !problems.isEmpty
        if let subject { page.subject = subject }
        if let text { page.text = text }
        return try pages.render("admin-template", page, status: status)
    }
}
