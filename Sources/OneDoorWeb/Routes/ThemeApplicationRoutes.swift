import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 一件事网上申报 (issue 17 §2): from a theme's guide with the answers given there, one
/// application for the whole theme; then the same pages as any application (upload, delivery,
/// submit, 补齐补正).
extension OneDoorWeb {
    func registerThemeApplications<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.meApplyTheme(.key).route) { request, context in
            let code = try context.parameters.require("code")
            let answers = Self.themeAnswers(request)
            guard let citizen = RequestScope.current.citizen else {
                let back = SiteURL.meApplyTheme(.value(code)).path(answers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
                return Response(status: .seeOther, headers: [.location: SiteURL.citizenLogin.path(["next": back])])
            }
            return try await themeApplyPage(code, answers: answers, citizen: citizen)
        }
        router.post(SiteURL.meApplyTheme(.key).route) { request, context in
            let code = try context.parameters.require("code")
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let answers = Self.themeAnswers(form)
            do {
                let application = try await services.applications.startTheme(
                    code, answers: answers, pickUp: form["pickUp"] == ThemePickUp.each.rawValue ? .each : .together,
                    hall: form["hall"].flatMap(HallCode.init(parsing:)), enterprise: form["for"] == "enterprise" ? form["enterprise"] : nil,
                    key: form["key"], by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(application.id)).path])
            } catch let failed as ValidationFailed {
                return try await themeApplyPage(code, answers: answers, citizen: citizen, form: form, problems: failed.problems, status: .unprocessableContent)
            }
        }
    }

    /// The answers a theme's guide links carry as query parameters (`?sign=yes&area=80`), each
    /// cut to size, at most twenty; `except` names parameters that are not answers.
    static func themeAnswers(_ request: Request, except: Set<String> = []) -> [String: String] {
        var answers: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where !except.contains(String(key)) && !value.isEmpty && answers.count < 20 {
            answers[String(key.prefix(30))] = String(value.prefix(20))
        }
        return answers
    }

    /// The answers a theme form carries as `answer.<question>` fields.
    static func themeAnswers(_ form: FormData) -> [String: String] {
        var answers: [String: String] = [:]
        for (name, values) in form.fields where name.hasPrefix("answer.") && answers.count < 20 {
            if let value = values.first, !value.isEmpty { answers[String(name.dropFirst(7).prefix(30))] = String(value.prefix(20)) }
        }
        return answers
    }

    private func themeApplyPage(_ code: String, answers: [String: String], citizen: CitizenIdentity, form: FormData? = nil,
                                problems: [ValidationProblem] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let snapshot = catalog.snapshot
        guard code.count <= 40, let entry = snapshot.themesByCode[code] else { throw ProblemDetails.notFound("主题不存在或未发布") }
        var page = ThemeApplyPage(entry: entry, answers: answers, snapshot: snapshot, form: form, key: form?["key"] ?? AuthService.secureRandomToken(),
                                  citizen: citizen)
        // Unanswered questions and bad answers are named before anything is started.
        var named = problems
        if named.isEmpty && status == .ok {
            named = ThemeValidation.answerProblems(entry.theme, answers)
                + entry.theme.questions.filter { answers[$0.key] == nil }.map { ValidationProblem(path: "answers." + $0.key, reason: "请回答“\($0.text)”") }
        }
        page.problems = named
        if !named.isEmpty { page.message = problems.isEmpty ? "请先在主题页回答以下问题：" : "未能开始申报，请修改以下问题：" }
        if entry.theme.serves == .enterprise {
            let today = calendar.today
            let items = entry.theme.selected(answers).map(\.item)
            page.enterprises = try await services.enterprises.links(by: citizen).filter { link in items.allSatisfy { link.mayApply(for: $0, on: today) } }
                .map { .init(uscc: $0.enterprise.uscc, label: "\($0.enterprise.name)（\($0.role.label)）", selected: form?["enterprise"] == $0.enterprise.uscc) }
        }
        return try pages.render("me-apply-theme", page, status: status, headers: [.cacheControl: "no-store"])
    }
}
