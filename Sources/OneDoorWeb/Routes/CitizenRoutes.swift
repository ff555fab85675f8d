import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// The citizens' side of the site (issue 15 §1, §2): sign-in by phone and code, 我的.
extension OneDoorWeb {
    func registerCitizens<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.citizenLogin.route) { request, _ in
            let next = LocalPath.checked(request.uri.queryParameters["next"].map(String.init)) ?? ""
            return try citizenLoginPage(try await bindingNote(CitizenLoginPage(next: next), request), status: .ok)
        }
        router.post(SiteURL.citizenCode.route) { request, context in
            let form = try await formData(request, context)
            let phone = (form["phone"] ?? "").trimmingWhitespace()
            var page = try await bindingNote(CitizenLoginPage(phone: phone, next: LocalPath.checked(form["next"]) ?? ""), request)
            guard citizenFormIsOurs(request, form) else { return try citizenLoginPage(page, expired: true) }
            do {
                try await services.citizens.requestCode(phone: phone, client: RequestScope.current.client)
                page.codeSent = true
                page.maskedPhone = CaseMessages.mobile(phone).map(PersonalDataMask.phone) ?? phone
                page.message = "验证码已发送至 \(page.maskedPhone)，5 分钟内有效。"
                return try citizenLoginPage(page, status: .ok)
            } catch let problem as ProblemDetails {
                page.error = problem.detail
                // Asked again too soon: the code sent a moment ago still works.
                page.codeSent = problem.status == 429 && CaseMessages.mobile(phone) != nil
                return try citizenLoginPage(page, status: .init(code: problem.status), retryAfter: problem.retryAfter)
            }
        }
        router.post(SiteURL.citizenLogin.route) { request, context in
            let form = try await formData(request, context)
            let phone = (form["phone"] ?? "").trimmingWhitespace()
            var page = try await bindingNote(CitizenLoginPage(phone: phone, codeSent: true, next: LocalPath.checked(form["next"]) ?? ""), request)
            guard citizenFormIsOurs(request, form) else { return try citizenLoginPage(page, expired: true) }
            do {
                let (token, identity) = try await services.citizens.signIn(phone: phone, code: form["code"] ?? "", client: RequestScope.current.client)
                var target = page.next.isEmpty ? SiteURL.me.path : page.next
                var response = Response(status: .seeOther, headers: [
                    .setCookie: CitizenCookie.set(token, secure: pages.secureCookies, maxAge: services.citizens.policy.sessionLifetime),
                ])
                // Back from the province without a mobile number: this phone is now theirs.
                if let province = services.province, let binding = request.cookies[ProvinceBindingCookie.name]?.value, !binding.isEmpty {
                    do {
                        if let next = try await province.bind(binding, to: identity), !next.isEmpty { target = next }
                    } catch let failure as ProvinceSignIn.Failure {
                        province.refused(failure)
                        target = SiteURL.me.path
                    }
                    response.headers.append(HTTPField(name: .setCookie, value: ProvinceBindingCookie.clear(secure: pages.secureCookies)))
                }
                response.headers[.location] = target
                return response
            } catch let problem as ProblemDetails {
                page.error = problem.detail
                return try citizenLoginPage(page, status: .init(code: problem.status), retryAfter: problem.retryAfter)
            }
        }
        router.post(SiteURL.citizenLogout.route) { request, context in
            if let citizen = RequestScope.current.citizen {
                let form = try await formData(request, context)
                guard form["_csrf"] == citizen.csrfToken else { throw AuthError.badCSRFToken }
                // Opened through the province: signed out there too, and back to the sign-in.
                if let idToken = try await services.citizens.signOut(citizen), let province = services.province,
                   let url = await province.logoutURL(idToken: idToken, returnTo: try publicBaseURL(request) + SiteURL.citizenLogin.path) {
                    return Response(status: .seeOther, headers: [.location: url, .setCookie: CitizenCookie.clear(secure: pages.secureCookies)])
                }
            }
            return Response(status: .seeOther, headers: [.location: "/", .setCookie: CitizenCookie.clear(secure: pages.secureCookies)])
        }
        router.get(SiteURL.citizenProvince.route) { request, _ in
            guard let province = services.province else { throw ProblemDetails.notFound("未开通统一身份认证登录") }
            let next = LocalPath.checked(request.uri.queryParameters["next"].map(String.init)) ?? ""
            let (url, state) = try await province.begin(next: next)
            return Response(status: .seeOther, headers: [.location: url, .setCookie: ProvinceLoginCookie.set(state, secure: pages.secureCookies)])
        }
        router.get(SiteURL.citizenProvinceCallback.route) { request, _ in
            guard let province = services.province else { throw ProblemDetails.notFound("未开通统一身份认证登录") }
            let query = request.uri.queryParameters
            do {
                if let error = query["error"] {
                    throw ProvinceSignIn.Failure(message: "统一身份认证未完成登录，请重新登录", detail: "provider error \(error.prefix(100))")
                }
                let completion = try await province.complete(code: query["code"].map(String.init) ?? "", state: query["state"].map(String.init) ?? "",
                                                             browserState: request.cookies[ProvinceLoginCookie.name]?.value)
                guard case .signedIn(let token, _, let next) = completion else {
                    guard case .bindPhone(let binding) = completion else { throw ProblemDetails.notFound("登录未完成") }
                    var response = Response(status: .seeOther, headers: [.location: SiteURL.citizenLogin.path,
                                                                         .setCookie: ProvinceBindingCookie.set(binding, secure: pages.secureCookies)])
                    response.headers.append(HTTPField(name: .setCookie, value: ProvinceLoginCookie.clear(secure: pages.secureCookies)))
                    return response
                }
                var response = Response(status: .seeOther, headers: [
                    .location: next.isEmpty ? SiteURL.me.path : next,
                    .setCookie: CitizenCookie.set(token, secure: pages.secureCookies, maxAge: services.citizens.policy.sessionLifetime),
                ])
                response.headers.append(HTTPField(name: .setCookie, value: ProvinceLoginCookie.clear(secure: pages.secureCookies)))
                return response
            } catch let failure as ProvinceSignIn.Failure {
                province.refused(failure)
                return try citizenLoginPage(CitizenLoginPage(error: failure.message), status: .badRequest)
            }
        }
        router.get(SiteURL.me.route) { _, _ in
            try await mePage(try RequestScope.requireCitizen())
        }
        router.get(SiteURL.meCase(.key).route) { request, context in
            let citizen = try RequestScope.requireCitizen()
            let number = try ProblemDetails.caseNumber(context.parameters.get("number") ?? "")
            // A theme case (一件事) is followed on its one progress page, every item on it.
            if let theme = try await cases.citizenTheme(number, by: citizen) {
                return Response(status: .seeOther, headers: [.location: SiteURL.progressCase(.value(number)).path(["code": theme.queryCode])])
            }
            return try await myCasePage(number, citizen: citizen, channel: RatingSection.channel(claimed: request.uri.queryParameters["via"].map(String.init)))
        }
        // 好差评: rate a concluded case (or change the rating within 7 days); answer a rectification's feedback.
        router.post(SiteURL.meCaseRating(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let number = try ProblemDetails.caseNumber(context.parameters.get("number") ?? "")
            let input = RatingInput(level: form["level"].flatMap(Int.init) ?? 0, reasons: form.all("reason"), comment: form["comment"] ?? "",
                                    channel: RatingSection.channel(claimed: form["channel"]))
            do {
                _ = try await services.ratings.rateCase(number, input, by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meCase(.value(number)).path(["rated": "1"], fragment: "rating")])
            } catch let failed as ValidationFailed {
                return try await myCasePage(number, citizen: citizen, channel: input.channel, ratingForm: form, problems: failed.problems,
                                            status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meRatingAnswer(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            guard let id = Int64(try context.parameters.require("id")) else { throw ProblemDetails.notFound("评价不存在") }
            _ = try await services.ratings.answer(rating: id, satisfied: form["satisfied"] == "yes", comment: form["comment"] ?? "", by: citizen)
            // Back where the answer was given: the case's page, or 我的.
            let back = LocalPath.checked(form["back"]) ?? SiteURL.me.path([], fragment: "ratings")
            return Response(status: .seeOther, headers: [.location: back])
        }
        router.get(SiteURL.meCaseNotice(.key, .key).route) { request, context in
            let citizen = try RequestScope.requireCitizen()
            let (record, events) = try await cases.citizenCaseRecord(try ProblemDetails.caseNumber(context.parameters.get("number") ?? ""), by: citizen)
            var response = try notice(try context.parameters.require("kind"), of: record, events: events, request: request)
            response.headers[.cacheControl] = "private, no-store"
            return response
        }
        router.get(SiteURL.meCaseFile(.key, .key).route) { _, context in
            let citizen = try RequestScope.requireCitizen()
            let number = try ProblemDetails.caseNumber(context.parameters.get("number") ?? "")
            guard let fileID = Int64(try context.parameters.require("file")) else { throw ProblemDetails.notFound("文件不存在") }
            let (file, url) = try await services.caseFiles.citizenOpen(fileID, of: number, by: citizen)
            return try await storedFile(name: file.name, blob: file.blob, url: url, context: context)
        }
        router.post(SiteURL.meAddresses.route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            do {
                _ = try await services.citizens.saveAddress(
                    PostalAddress(recipient: citizen.form["recipient"] ?? "", phone: citizen.form["recipientPhone"] ?? "", address: citizen.form["address"] ?? ""),
                    by: citizen.identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "addresses-title")])
            } catch let failed as ValidationFailed {
                return try await mePage(citizen.identity, message: "地址未保存，请改正以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meAddressDelete(.key).route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            guard let id = Int64(try context.parameters.require("id")) else { throw ProblemDetails.notFound("地址不存在") }
            try await services.citizens.removeAddress(id, by: citizen.identity)
            return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "addresses-title")])
        }
        // 为您推荐: following a push is measured, then leads to the application or the theme.
        router.get(SiteURL.meRecommendation(.key).route) { _, context in
            let citizen = try RequestScope.requireCitizen()
            guard let id = Int64(try context.parameters.require("id")),
                  let followed = try await services.pushes.open(id, by: citizen) else { throw ProblemDetails.notFound("推荐不存在") }
            return Response(status: .seeOther, headers: [.location: followed.link])
        }
        router.post(SiteURL.mePushSettings.route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            let off = Set(LifeStage.allCases.filter { $0.holder == .person && citizen.form["stage." + $0.rawValue] != "on" })
            do {
                try await services.pushes.setOptedOut(off, by: citizen.identity)
            } catch let rule as CaseRuleError {
                return try await mePage(citizen.identity, message: rule.description, status: .conflict)
            }
            return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "recommendations")])
        }
        router.post(SiteURL.meNotifications.route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            let form = citizen.form
            switch NotificationPreferences.checked(sms: form["sms"] == "on", email: form["emailOn"] == "on", quietFrom: form["quietFrom"] ?? "",
                                                   quietUntil: form["quietUntil"] ?? "") {
            case .success(let preferences):
                try await services.citizens.setPreferences(preferences, by: citizen.identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "email-title")])
            case .failure(let failed):
                return try await mePage(citizen.identity, message: "通知设置未保存，请改正以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meRealName.route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            do {
                let type = DocumentType(rawValue: citizen.form["documentType"] ?? "") ?? .residentID
                _ = try await services.citizens.declareRealName(name: citizen.form["name"] ?? "", documentType: type,
                                                                documentNumber: citizen.form["documentNumber"] ?? "", by: citizen.identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path])
            } catch let failed as ValidationFailed {
                return try await mePage(citizen.identity, message: "未保存，请改正以下问题：", problems: failed.problems, status: .unprocessableContent,
                                        name: citizen.form["name"] ?? "", number: citizen.form["documentNumber"] ?? "")
            }
        }
        router.post(SiteURL.meEmail.route) { request, context in
            let citizen = try citizenForm(try await formData(request, context))
            do {
                _ = try await services.citizens.setEmail(citizen.form["email"], by: citizen.identity)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path])
            } catch let failed as ValidationFailed {
                return try await mePage(citizen.identity, message: "未保存，请改正以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
    }

    func registerCitizenVerification<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.citizenVerify.route) { _, _ in
            _ = try staff(.verifyCitizens)
            return try pages.render("citizen-verify", CitizenVerifyPage())
        }
        router.post(SiteURL.citizenVerify.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.verifyCitizens, form: form)
            var page = CitizenVerifyPage(phone: form["phone"] ?? "", name: form["name"] ?? "", documentNumber: form["documentNumber"] ?? "")
            let type = DocumentType(rawValue: form["documentType"] ?? "") ?? .residentID
            let client = RequestScope.current.client
            do {
                // 窗口开户: a code to the phone first; the person reads it out to the clerk.
                if form["action"] == "send-code" {
                    try await services.citizens.requestCode(phone: page.phone, client: client)
                    page.codeSent = "验证码已发送至 \(CaseMessages.mobile(page.phone).map(PersonalDataMask.phone) ?? page.phone)，请群众报出后填入“验证码”再提交。"
                    return try pages.render("citizen-verify", page)
                }
                let code = (form["code"] ?? "").trimmingWhitespace()
                let account = code.isEmpty
                    ? try await services.citizens.verifyAtWindow(phone: page.phone, name: page.name, documentType: type, documentNumber: page.documentNumber,
                                                                 by: identity, client: client)
                    : try await services.citizens.registerAtWindow(phone: page.phone, code: code, name: page.name, documentType: type,
                                                                   documentNumber: page.documentNumber, by: identity, client: client)
                return try pages.render("citizen-verify", CitizenVerifyPage(verified: "已核验：\(account.maskedPhone) 的账号现为实名（核验）（\(account.name ?? "")）"))
            } catch let failed as ValidationFailed {
                page.message = "未核验，请改正以下问题："
                page.problems = failed.problems.map(\.reason)
                page.hasProblems = true
                return try pages.render("citizen-verify", page, status: .unprocessableContent)
            } catch let problem as ProblemDetails where [400, 404, 422, 429].contains(problem.status) {
                page.message = problem.detail
                page.offerRegistration = problem.status == 404
                return try pages.render("citizen-verify", page, status: .init(code: problem.status))
            }
        }
    }

    /// The sign-in page for someone the province vouched for without a mobile number: says who,
    /// masked, and that the code sign-in binds the phone.
    func bindingNote(_ page: CitizenLoginPage, _ request: Request) async throws -> CitizenLoginPage {
        guard let province = services.province, let person = try await province.pendingBinding(request.cookies[ProvinceBindingCookie.name]?.value) else {
            return page
        }
        var page = page
        page.binding = "省统一身份认证已确认您是\(person.name)（\(person.documentNumber)），但未提供手机号码。请用本人手机号码获取验证码，登录后即完成绑定。"
        return page
    }

    /// The signed-in citizen of a form post, its CSRF token checked.
    func citizenForm(_ form: FormData) throws -> (form: FormData, identity: CitizenIdentity) {
        let citizen = try RequestScope.requireCitizen()
        guard form["_csrf"] == citizen.csrfToken else { throw AuthError.badCSRFToken }
        return (form, citizen)
    }

    /// 我的 case page, with its rating once the case ended.
    func myCasePage(_ number: CaseNumber, citizen: CitizenIdentity, channel: RatingChannel = .mine, ratingForm: FormData? = nil, problems: [ValidationProblem] = [],
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let (record, events, files) = try await services.caseFiles.citizenCase(number, by: citizen)
        var page = MyCasePage(cases.progressView(record, events), record: record, files: files)
        if [.concluded, .delivered, .notAccepted].contains(record.state) {
            page.rating = RatingSection(action: SiteURL.meCaseRating(.value(number)).path, back: SiteURL.meCase(.value(number)).path,
                                        view: try await services.ratings.caseRating(number, by: citizen),
                                        csrf: citizen.csrfToken, channel: channel, form: ratingForm, problems: problems)
        }
        return try pages.render("me-case", page, status: status, headers: [.cacheControl: "no-store"])
    }

    func mePage(_ citizen: CitizenIdentity, message: String? = nil, problems: [ValidationProblem] = [],
                        status: HTTPResponse.Status = .ok, name: String = "", number: String = "") async throws -> Response {
        let (cases, _) = try await self.cases.citizenCases(page: PageRequest(page: 1, pageSize: 50), by: citizen)
        var page = MePage(identity: citizen, cases: cases, message: message, problems: problems)
        page.enterprises = try await enterpriseRows(citizen)
        page.visits = try await visitRows(citizen)
        let (applications, _) = try await services.applications.mine(page: PageRequest(page: 1, pageSize: 20), by: citizen)
        page.applications = applications.map {
            MePage.ApplicationRow(link: SiteURL.meApplication(.value($0.id)).path, id: $0.id, itemName: $0.itemName, state: $0.state.label, nextStep: $0.nextStep)
        }
        let (messages, _) = try await services.notifications.messages(for: citizen, enterprises: try await services.cases.enterpriseKeys(citizen),
                                                                      page: PageRequest(page: 1, pageSize: 10))
        page.messages = messages.map {
            MePage.MessageRow(channel: $0.message.channel.label, at: PageDates.dateTime($0.createdAt), subject: $0.message.subject.isEmpty ? nil : $0.message.subject,
                              body: $0.displayBody)
        }
        page.hasMessages = !page.messages.isEmpty
        page.addresses = try await services.citizens.addresses(by: citizen).map {
            MePage.AddressRow(line: $0.address.line, deleteAction: SiteURL.meAddressDelete(.value(String($0.id))).path)
        }
        page.preferences = try await services.citizens.preferences(by: citizen)
        page.recommendations = try await services.pushes.recommendations(by: citizen, limit: 20).map {
            MePage.RecommendationRow(targetName: $0.targetName, stage: $0.stageLabel, reason: $0.stored.push.reason,
                                     deadline: $0.stored.push.deadline.map { "请于\($0.chinese)前办理" },
                                     link: SiteURL.meRecommendation(.value(String($0.stored.id))).path, opened: $0.stored.openedAt != nil)
        }
        page.hasRecommendations = !page.recommendations.isEmpty
        page.ratings = try await services.ratings.mine(by: citizen).map { view in
            let r = view.rating, c = r.context
            let service: String = switch r.service {
            case .case(let number): "\(c.itemName ?? "办件")（\(number)）"
            case .ticket: "\(c.hall.flatMap { catalog.snapshot.hallsByCode[$0]?.name } ?? "")\(c.window.map { " \($0) 号窗口" } ?? "")\(c.itemName.map { " · \($0)" } ?? "")"
            case .application(let id): "网上申报 \(id)"
            }
            let last = view.rectification?.steps.last
            return MePage.RatingRow(service: service, given: r.level.label + (r.reasonText.isEmpty ? "" : "：\(r.reasonText)"), at: PageDates.dateTime(r.ratedAt),
                                    rectification: view.rectification?.state.label, lastStep: last.map { $0.step + ($0.text.isEmpty ? "" : "：\($0.text)") },
                                    answerAction: view.rectification?.state == .feedback ? SiteURL.meRatingAnswer(.value(String(r.id))).path : nil)
        }
        if citizen.account.seesWindowCases {
            let off = try await services.pushes.optedOut(by: citizen)
            page.stages = LifeStage.allCases.filter { $0.holder == .person }.map { MePage.StageOption(code: $0.rawValue, label: $0.label, on: !off.contains($0)) }
        }
        page.formName = name
        page.formNumber = number
        return try pages.render("me", page, status: status, headers: [.cacheControl: "no-store"])
    }

    /// 我的排队与预约: today's tickets (people ahead; the ticket page updates live) and the
    /// coming appointments, for a verified account.
    private func visitRows(_ citizen: CitizenIdentity) async throws -> [MePage.VisitRow] {
        let tickets = try await services.queues.myTickets(by: citizen).map { mine in
            MePage.VisitRow(link: SiteURL.ticket(.value(mine.ticket.id)).path, title: "排队号 \(mine.ticket.number)（\(mine.hallName) · \(mine.queueName)）",
                            detail: mine.ticket.state == .waiting ? "等候中，前面还有 \(mine.ahead) 人" : mine.ticket.state.label
                                + (mine.ticket.window.map { "，请到 \($0) 号窗口" } ?? ""))
        }
        let appointments = try await services.appointments.myAppointments(by: citizen).map { appointment in
            MePage.VisitRow(link: SiteURL.appointment(.value(appointment.id)).path,
                            title: "预约 \(appointment.slot.day.chinese) \(appointment.slot.label)",
                            detail: "\(catalog.snapshot.hallsByCode[appointment.hall]?.name ?? appointment.hall.rawValue) · \(appointment.state.label)")
        }
        return tickets + appointments
    }

    /// Whether a sign-in form came from our page (its cookie and its field agree): another site
    /// cannot sign a browser into an account of its choosing.
    private func citizenFormIsOurs(_ request: Request, _ form: FormData) -> Bool {
        guard let cookie = request.cookies[CitizenLoginCookie.name]?.value, !cookie.isEmpty else { return false }
        return ConstantTime.equal(cookie, form["_csrf"] ?? "")
    }

    /// The sign-in page with a fresh token in its cookie and its forms.
    private func citizenLoginPage(_ page: CitizenLoginPage, status: HTTPResponse.Status = .forbidden, expired: Bool = false,
                                  retryAfter: Int64? = nil) throws -> Response {
        var page = page
        if expired { page.error = "页面已过期，请重新获取验证码" }
        if services.province != nil {
            page.provinceLink = SiteURL.citizenProvince.path(["next": page.next.isEmpty ? nil : page.next])
        }
        page.csrf = AuthService.secureRandomToken()
        var response = try pages.render("citizen-login", page, status: status, headers: [.cacheControl: "no-store"])
        response.headers.append(HTTPField(name: .setCookie, value: CitizenLoginCookie.set(page.csrf, secure: pages.secureCookies)))
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
