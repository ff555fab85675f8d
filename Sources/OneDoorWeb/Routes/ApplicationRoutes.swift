import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 在线办理 for citizens (issue 15 §3, ADR 0026): start from a guide, upload each material, choose
/// delivery, submit; fix and resubmit after 补齐补正. Plain forms: nothing needs script.
extension OneDoorWeb {
    func registerApplications<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.meApply(.key).route) { request, context in
            let code = try ProblemDetails.itemCode(context.parameters.get("code") ?? "")
            guard let citizen = RequestScope.current.citizen else {
                return Response(status: .seeOther, headers: [.location: SiteURL.citizenLogin.path(["next": SiteURL.meApply(.value(code)).path])])
            }
            return try await applyPage(code, citizen: citizen)
        }
        router.post(SiteURL.meApply(.key).route) { request, context in
            let code = try ProblemDetails.itemCode(context.parameters.get("code") ?? "")
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let forOther = form["for"] == "other"
            let enterprise = form["for"] == "enterprise" ? form["enterprise"] : nil
            let agentFor = forOther ? Person(name: form["agentName"] ?? "", documentType: .residentID, documentNumber: form["agentNumber"] ?? "",
                                             phone: form["agentPhone"] ?? "") : nil
            do {
                let application = try await services.applications.start(
                    itemCode: code, hall: (form["hall"]).flatMap(HallCode.init(parsing:)), agentFor: agentFor, enterprise: enterprise, key: form["key"],
                    by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(application.id)).path])
            } catch let failed as ValidationFailed {
                return try await applyPage(code, citizen: citizen, form: form, problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.get(SiteURL.meApplication(.key).route) { _, context in
            let citizen = try RequestScope.requireCitizen()
            return try await applicationPage(try context.parameters.require("id"), citizen: citizen)
        }
        router.post(SiteURL.meApplicationFiles(.key, .key).route) { request, context in
            let citizen = try RequestScope.requireCitizen()
            let id = try context.parameters.require("id")
            guard let index = Int(try context.parameters.require("index")), index >= 0 else { throw ProblemDetails.notFound("材料不存在") }
            let applications = services.applications
            do {
                let permit = try await applications.mayAttach(to: id, material: index, by: citizen)
                let form = try await UploadReader.read(request.body, contentType: request.headers[.contentType], store: applications.store,
                                                       policy: applications.policy) { fields in
                    guard fields["_csrf"] == citizen.csrfToken else { throw AuthError.badCSRFToken }
                }
                let stored = try await applications.attach(form.files, under: permit)
                return Response(status: .seeOther, headers: [
                    .location: SiteURL.meApplication(.value(id)).path(["uploaded": String(stored.count)], fragment: "material-\(index)"),
                ])
            } catch let failed as ValidationFailed {
                return try await applicationPage(id, citizen: citizen, message: "未上传，请修改以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.get(SiteURL.meApplicationFile(.key, .key).route) { _, context in
            let citizen = try RequestScope.requireCitizen()
            guard let fileID = Int64(try context.parameters.require("file")) else { throw ProblemDetails.notFound("文件不存在") }
            let (file, url) = try await services.applications.file(fileID, of: try context.parameters.require("id"), by: citizen)
            return try await storedFile(name: file.name, blob: file.blob, url: url, context: context)
        }
        router.post(SiteURL.meApplicationFileDelete(.key, .key).route) { request, context in
            let (_, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            guard let fileID = Int64(try context.parameters.require("file")) else { throw ProblemDetails.notFound("文件不存在") }
            try await services.applications.remove(file: fileID, of: id, by: citizen)
            return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path])
        }
        router.post(SiteURL.meApplicationDelivery(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            let method = DeliveryMethod(rawValue: form["method"] ?? "")
            do {
                guard let method else { throw ValidationFailed([ValidationProblem(path: "delivery.method", reason: "请选择结果送达方式")]) }
                // A kept address (我的收件地址) or one typed here, which may be kept for next time.
                var saved: SavedAddress?
                if method == .post, let kept = form["savedAddress"].flatMap(Int64.init) { saved = try await services.citizens.address(kept, by: citizen) }
                let address = method == .post
                    ? saved?.address ?? PostalAddress(recipient: form["recipient"] ?? "", phone: form["recipientPhone"] ?? "", address: form["address"] ?? "") : nil
                _ = try await services.applications.choose(DeliveryChoice(method: method, address: address), for: id, by: citizen)
                if let address, saved == nil, form["saveAddress"] == "on" {
                    // Kept after the choice is stored; a full address book does not undo the choice.
                    _ = try? await services.citizens.saveAddress(address, by: citizen)
                }
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path([], fragment: "submit")])
            } catch let failed as ValidationFailed {
                return try await applicationPage(id, citizen: citizen, message: "送达方式未保存，请修改以下问题：", problems: failed.problems,
                                                 status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meApplicationReuse(.key, .key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            guard let index = Int(try context.parameters.require("index")) else { throw ProblemDetails.notFound("没有这项材料") }
            do {
                _ = try await services.applications.reuse(id, material: index, consent: form["consent"] == "1", by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path([], fragment: "material-\(index)")])
            } catch let failed as ValidationFailed {
                return try await applicationPage(id, citizen: citizen, message: "未能调用已有材料：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meApplicationSubmit(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            do {
                _ = try await services.applications.submit(id, key: form["key"], by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path(["submitted": "1"])])
            } catch let failed as ValidationFailed {
                return try await applicationPage(id, citizen: citizen, message: "未提交，请先完成以下各项：", problems: failed.problems,
                                                 status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meApplicationRating(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            let input = RatingInput(level: form["level"].flatMap(Int.init) ?? 0, reasons: form.all("reason"), comment: form["comment"] ?? "",
                                    channel: RatingSection.channel(claimed: form["channel"]))
            do {
                _ = try await services.ratings.rateApplication(id, input, by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path(["rated": "1"], fragment: "rating")])
            } catch let failed as ValidationFailed {
                return try await applicationPage(id, citizen: citizen, ratingForm: form, ratingProblems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meApplicationWithdraw(.key).route) { request, context in
            let (_, citizen) = try citizenForm(try await formData(request, context))
            let id = try context.parameters.require("id")
            _ = try await services.applications.withdraw(id, by: citizen)
            return Response(status: .seeOther, headers: [.location: SiteURL.meApplication(.value(id)).path])
        }
    }

    private func applyPage(_ code: ItemCode, citizen: CitizenIdentity, form: FormData? = nil, problems: [ValidationProblem] = [],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let snapshot = catalog.snapshot
        guard let item = snapshot.itemsByCode[code] else { throw ProblemDetails.notFound("事项“\(code)”不存在或未发布") }
        let halls = OnlineApplying.halls(snapshot.organisation.halls, handling: [item.guide])
        let chosen = form?["hall"] ?? halls.first?.code.rawValue
        var page = ApplyStartPage(
            itemName: item.guide.name, itemLink: SiteURL.item(.value(code)).path, action: SiteURL.meApply(.value(code)).path,
            depth: item.guide.onlineDepth.label, depthNote: ApplyStartPage.depthNote(item.guide.onlineDepth),
            halls: halls.map { .init(code: $0.code.rawValue, name: $0.name, selected: $0.code.rawValue == chosen) },
            key: form?["key"] ?? AuthService.secureRandomToken(), csrf: citizen.csrfToken, needsRealName: citizen.account.realName == .none,
            message: problems.isEmpty ? nil : "未能开始申报，请修改以下问题："
        )
        page.problems = problems
        page.forOther = form?["for"] == "other"
        page.forEnterprise = form?["for"] == "enterprise"
        let today = calendar.today
        page.enterprises = try await services.enterprises.links(by: citizen).filter { $0.mayApply(for: code, on: today) }.map { link in
            .init(uscc: link.enterprise.uscc, label: "\(link.enterprise.name)（\(link.role.label)）", selected: form?["enterprise"] == link.enterprise.uscc)
        }
        page.agentName = form?["agentName"] ?? ""
        page.agentNumber = form?["agentNumber"] ?? ""
        page.agentPhone = form?["agentPhone"] ?? ""
        return try pages.render("me-apply", page, status: status, headers: [.cacheControl: "no-store"])
    }

    private func applicationPage(_ id: String, citizen: CitizenIdentity, message: String? = nil, problems: [ValidationProblem] = [],
                                 ratingForm: FormData? = nil, ratingProblems: [ValidationProblem] = [],
                                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let detail = try await services.applications.detail(id, by: citizen)
        let hallName = catalog.snapshot.hallsByCode[detail.application.hall]?.name ?? detail.application.hall.rawValue
        // A fresh key per page: a double click sends it twice and is one submission.
        var page = MyApplicationPage(detail, hallName: hallName, csrf: citizen.csrfToken, submitKey: AuthService.secureRandomToken())
        page.message = message
        page.problems = problems
        if detail.application.state == .accepted || detail.application.state == .refused {
            page.rating = RatingSection(action: SiteURL.meApplicationRating(.value(id)).path, back: SiteURL.meApplication(.value(id)).path,
                                        view: try await services.ratings.applicationRating(id, by: citizen), csrf: citizen.csrfToken, form: ratingForm,
                                        problems: ratingProblems)
        }
        if page.editable {
            page.savedAddresses = try await services.citizens.addresses(by: citizen).map {
                SelectOption(code: String($0.id), name: $0.address.line, selected: false)
            }
        }
        return try pages.render("me-application", page, status: status, headers: [.cacheControl: "no-store"])
    }
}
