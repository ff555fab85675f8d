import Hummingbird
import OneDoorCore
import OneDoorServices

/// 一件事 at the window (issue 17 §2): the theme's questions, the one form, the theme case.
extension OneDoorWeb {
    func registerThemeCases<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.themeIntake(.key).route) { request, context in
            let identity = try caseWorker()
            let hall = try clerkHall(identity)
            let entry = try publishedTheme(try context.parameters.require("code"))
            let query = request.uri.queryParameters
            var answers: [String: String] = [:]
            for question in entry.theme.questions {
                if let value = query[Substring(question.key)], !value.isEmpty { answers[question.key] = String(value.prefix(20)) }
            }
            let problems = query["answered"] == "1" ? ThemeValidation.answerProblems(entry.theme, answers) : []
            // 一次采集、反复使用: the applicant stored before fills the one form from their number.
            var prefill: Applicant?
            var message: String?
            if let number = query["lookup"].map(String.init).nonEmpty {
                prefill = try await cases.storedApplicant(number: number, by: identity, client: RequestScope.current.client)
                message = prefill == nil ? "未找到该申请人的记录，请录入。" : "已调出该申请人此前登记的信息，请核对。"
            }
            var holder: HolderRecordView?
            if let prefill { holder = try await cases.holderForIntake(prefill, by: identity) }
            let page = ThemeIntakePage(entry: entry, snapshot: catalog.snapshot, hallName: hall.name, answers: answers,
                                       answered: query["answered"] == "1" && problems.isEmpty, prefill: prefill, holder: holder, today: calendar.today,
                                       problems: problems, message: message)
            return try pages.render("theme-intake", page, status: problems.isEmpty ? .ok : .unprocessableContent)
        }
        router.post(SiteURL.themeCases.route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let hall = try clerkHall(identity)
            let entry = try publishedTheme(form["theme"] ?? "")
            let snapshot = catalog.snapshot
            var answers: [String: String] = [:]
            for question in entry.theme.questions {
                if let value = form["a." + question.key].nonEmpty { answers[question.key] = value }
            }
            var c = ProblemCollector()
            let applicant = CaseFormReader.readApplicant(form, into: &c)
            let agent = CaseFormReader.readAgent(form, into: &c)
            let names = ThemeIntakePage.lineNames(entry.theme, answers: answers, snapshot: snapshot)
            let receipts = CaseFormReader.readReceipts(form, names: names, into: &c)
            func again(_ problems: [ValidationProblem], message: String? = nil, status: HTTPResponse.Status) throws -> Response {
                try pages.render("theme-intake", ThemeIntakePage(entry: entry, snapshot: snapshot, hallName: hall.name, answers: answers, answered: true,
                                                                 form: form, problems: problems, message: message), status: status)
            }
            if !c.problems.isEmpty { return try again(c.problems, status: .unprocessableContent) }
            let request = ThemeIntakeRequest(
                themeCode: entry.code, applicant: applicant, agent: agent, window: form["window"].nonEmpty.map(WindowNumber.init(rawValue:)),
                answers: answers, materials: receipts, pickUp: form["pickUp"] == ThemePickUp.each.rawValue ? .each : .together,
                opinion: form["opinion"] ?? "", outcome: form["outcome"] == ThemeIntakeOutcome.requestCorrection.rawValue ? .requestCorrection : .accept)
            do {
                let view = try await cases.themeIntake(request, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.themeCase(.value(view.theme.number)).path(["done": "accepted"])])
            } catch let failed as ValidationFailed {
                return try again(failed.problems, status: .unprocessableContent)
            } catch let rule as CaseRuleError {
                return try again([], message: rule.description, status: .conflict)
            } catch let notLoaded as CalendarNotLoaded {
                return try again([], message: notLoaded.description, status: .unprocessableContent)
            }
        }
        router.get(SiteURL.themeCoordination.route) { _, _ in
            let identity = try caseWorker()
            let scope = switch identity.role {
            case .approver: "本部门牵头"
            case .clerk: "本服务中心受理"
            default: "全区"
            }
            return try pages.render("theme-coordination", ThemeCoordinationPage(views: try await cases.runningThemes(by: identity),
                                                                                today: services.calendar.today, scope: scope),
                                    headers: [.cacheControl: "no-store"])
        }
        router.get(SiteURL.themeCase(.key).route) { request, context in
            let identity = try caseWorker()
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
            return try pages.render("theme-case", ThemeCasePage(view: view, snapshot: catalog.snapshot, viewer: identity,
                                                                fees: try await cases.fees(theme: number, by: identity),
                                                                created: request.uri.queryParameters["done"] == "accepted"))
        }
        router.get(SiteURL.themeCaseNotice(.key).route) { request, context in
            let identity = try caseWorker()
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
            let url = try publicBaseURL(request) + SiteURL.progressCase(.value(number)).path(["code": view.theme.queryCode])
            return try pages.render("theme-notice", ThemeNoticePage(view: view, snapshot: catalog.snapshot, progressURL: url,
                                                                    qrSVG: try QRCode(text: url).svg(moduleSize: 4, title: "扫码查询一件事进度"),
                                                                    today: services.calendar.today), headers: [.cacheControl: "no-store"])
        }
        router.post(SiteURL.themeCaseFees(.key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let input = FeeInput(caseNumber: CaseNumber(rawValue: String((form["caseNumber"] ?? "").prefix(60))), amount: form["amount"] ?? "",
                                 payer: form["payer"] ?? "", channel: form["channel"] == FeeChannel.online.rawValue ? .online : .window,
                                 receipt: form["receipt"] ?? "")
            do {
                _ = try await cases.recordFee(theme: number, input, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.themeCase(.value(number)).path])
            } catch let failed as ValidationFailed {
                let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
                return try pages.render("theme-case", ThemeCasePage(view: view, snapshot: catalog.snapshot, viewer: identity,
                                                                    fees: try await cases.fees(theme: number, by: identity), problems: failed.problems),
                                        status: .unprocessableContent)
            }
        }
        router.post(SiteURL.themeCaseAction(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let opinion = form["opinion"] ?? ""
            if try context.parameters.require("action") == "complete-correction" {
                return try await completeThemeCorrection(number, form: form, identity: identity)
            }
            let action: ThemeAction
            switch try context.parameters.require("action") {
            case "deliver-all":
                action = .deliverAll(method: form["method"] == DeliveryMethod.post.rawValue ? .post : .pickup, trackingNumber: form["trackingNumber"].nonEmpty)
            case "withdraw": action = .withdraw(reason: opinion)
            case "carry-on": action = .carryOn(reason: opinion)
            case "stop": action = .stop(reason: opinion)
            default: throw ProblemDetails.notFound("没有这个办理环节")
            }
            let revision = form["revision"].flatMap { Int($0) }
            func again(_ problems: [ValidationProblem], message: String?, status: HTTPResponse.Status) async throws -> Response {
                let view = try await cases.themeCase(number, by: identity, client: RequestScope.current.client)
                return try pages.render("theme-case", ThemeCasePage(view: view, snapshot: catalog.snapshot, viewer: identity,
                                                                    fees: try await cases.fees(theme: number, by: identity), message: message,
                                                                    problems: problems), status: status)
            }
            do {
                _ = try await cases.themeAct(number, action, expectedRevision: revision, by: identity, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.themeCase(.value(number)).path])
            } catch let failed as ValidationFailed {
                return try await again(failed.problems, message: nil, status: .unprocessableContent)
            } catch let rule as CaseRuleError {
                if case .forbidden = rule { throw rule }
                return try await again([], message: rule.description, status: .conflict)
            } catch CaseStoreError.conflict {
                return try await again([], message: "一件事已被他人办理，请按当前情况重新操作", status: .conflict)
            }
        }
    }

    /// 推送办's figures per rule (issue 17 §3): pushes, opened, applied for within 30 days.
    func registerPushStatistics<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.pushStatistics.route) { request, _ in
            let identity = try staff(.readAuditLog)
            let days = request.uri.queryParameters["days"].flatMap { Int(String($0)) } ?? 30
            let figures = try await services.pushes.figures(days: days, by: identity)
            return try pages.render("push-statistics", PushStatisticsPage(figures, rules: catalog.snapshot.pushRules, days: days))
        }
        // 统一收费 by month and department; this year to date unless asked.
        router.get(SiteURL.feeStatistics.route) { request, _ in
            let identity = try staff(.readAuditLog)
            let today = services.calendar.today
            let query = request.uri.queryParameters
            let from = query["from"].flatMap { CivilDate(String($0)) } ?? CivilDate(year: today.year, month: 1, day: 1) ?? today
            let to = query["to"].flatMap { CivilDate(String($0)) } ?? today
            do {
                let figures = try await cases.feeFigures(from: from, to: to, by: identity)
                return try pages.render("fee-statistics", FeeStatisticsPage(figures, from: from, to: to, snapshot: catalog.snapshot))
            } catch let failed as ValidationFailed {
                return try pages.render("fee-statistics", FeeStatisticsPage([], from: from, to: to, snapshot: catalog.snapshot, problems: failed.problems),
                                        status: .unprocessableContent)
            }
        }
    }

    /// 补正后受理 of a theme: the merged list's rows again; problems shown on the theme case page.
    private func completeThemeCorrection(_ number: CaseNumber, form: FormData, identity: Identity) async throws -> Response {
        let client = RequestScope.current.client
        let view = try await cases.themeCase(number, by: identity, client: client)
        var c = ProblemCollector()
        let names = ThemeIntakePage.lines(of: view.theme, snapshot: catalog.snapshot).filter(\.asked).map(\.name)
        let receipts = CaseFormReader.readReceipts(form, names: names, into: &c)
        do {
            try c.throwIfAny()
            _ = try await cases.themeCompleteCorrection(number, materials: receipts, opinion: form["opinion"] ?? "",
                                                        expectedRevision: form["revision"].flatMap { Int($0) }, by: identity, client: client)
            return Response(status: .seeOther, headers: [.location: SiteURL.themeCase(.value(number)).path(["done": "accepted"])])
        } catch let failed as ValidationFailed {
            return try pages.render("theme-case", ThemeCasePage(view: view, snapshot: catalog.snapshot, viewer: identity,
                                                                fees: try await cases.fees(theme: number, by: identity), problems: failed.problems,
                                                                form: form), status: .unprocessableContent)
        } catch CaseStoreError.conflict {
            return try pages.render("theme-case", ThemeCasePage(view: view, snapshot: catalog.snapshot, viewer: identity,
                                                                fees: try await cases.fees(theme: number, by: identity),
                                                                message: "一件事已被他人办理，请按当前情况重新操作"), status: .conflict)
        }
    }

    /// A published theme by code, or 404.
    private func publishedTheme(_ code: String) throws -> ServiceTheme {
        guard code.count <= 40, let entry = catalog.snapshot.themesByCode[code] else { throw ProblemDetails.notFound("主题不存在或未发布") }
        return entry
    }
}
