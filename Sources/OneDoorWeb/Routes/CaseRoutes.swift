import Hummingbird
import OneDoorCore
import OneDoorServices

struct ItemPickPage: PageModel {
    var title: String { "受理：选择事项" }
    var bodyClass: String { "admin" }
    var text: String
    var rows: [ItemRow]
    var hallName: String
    /// The queue ticket being served, carried to the form (取号 → 受理).
    var ticket: String?
    var visit: String?
}

/// Cases in the pages: intake at the window, the case with its actions, lists by role, notices
/// with the QR code, and the public progress lookup.
extension OneDoorWeb {
    func registerCases<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.cases.route) { request, _ in
            let identity = try caseWorker()
            let q = request.uri.queryParameters
            let page = PageRequest.link(q["page"], pageSize: 50)
            var filter = CaseListFilter()
            var c = ProblemCollector()
            filter.text = q["q"].map(String.init)?.trimmingWhitespace().nonEmptyString
            // An unknown state or light is named, not quietly ignored (which would list everything).
            let choices = FormData(fields: ["state": q["state"].map { [String($0)] } ?? [], "late": q["late"].map { [String($0)] } ?? []])
            filter.state = choices.optionalChoice("state", as: CaseState.self, label: "办件状态", into: &c)
            filter.late = choices.optionalChoice("late", as: CaseListFilter.Late.self, label: "时限灯", into: &c)
            for (field, keyPath) in [("from", \CaseListFilter.receivedFrom), ("to", \CaseListFilter.receivedTo)] {
                guard let text = q[Substring(field)].map(String.init), !text.isEmpty else { continue }
                if let date = CivilDate(text) { filter[keyPath: keyPath] = date } else { c.add(field, "日期应为 YYYY-MM-DD") }
            }
            if identity.role == .supervisor {
                // An unknown hall or department is named too (it would list nothing, silently).
                let snapshot = catalog.snapshot
                if let text = q["hall"].map(String.init)?.nonEmptyString {
                    filter.hall = HallCode(parsing: text).flatMap { snapshot.hallsByCode[$0]?.code }
                    if filter.hall == nil { c.add("hall", "服务中心“\(text.prefix(40))”不存在") }
                }
                if let text = q["department"].map(String.init)?.nonEmptyString {
                    filter.department = DepartmentCode(parsing: text).flatMap { snapshot.departmentsByCode[$0]?.code }
                    if filter.department == nil { c.add("department", "部门“\(text.prefix(40))”不存在") }
                }
            }
            var asked: [String: String] = [:]
            for name in ["q", "state", "late", "from", "to", "hall", "department"] { asked[name] = q[Substring(name)].map(String.init) }
            return try pages.render("cases", try await caseList(identity: identity, filter: filter, page: page, problems: c.problems, query: asked))
        }
        router.get(SiteURL.caseNew.route) { request, _ in
            let identity = try caseWorker()
            let hall = try clerkHall(identity)
            let q = request.uri.queryParameters
            let ticket = try await intakeTicket(q["ticket"].map(String.init), hall: hall)
            guard let code = q["item"].flatMap(ItemCode.init(parsing:)), let item = catalog.snapshot.itemsByCode[code] else {
                let text = q["q"].map(String.init) ?? ""
                let found = catalog.snapshot.list(ItemQuery(text: text.isEmpty ? nil : text, hallLevel: hall.level, page: 1, pageSize: 30))
                return try pages.render("case-pick", ItemPickPage(
                    text: text, rows: found.items.map { ItemRow($0, snapshot: catalog.snapshot) }, hallName: hall.name,
                    ticket: ticket?.0.id, visit: ticket.map { CaseFormPage.visitPhrase($0.0, queue: $0.1) }
                ))
            }
            // 一次采集、反复使用: an applicant stored before fills the form from their number
            // (or from the real-name ticket they were called with).
            var prefill: Applicant?
            if let number = q["lookup"].map(String.init).nonEmpty {
                prefill = try await cases.storedApplicant(number: number, by: identity, client: RequestScope.current.client)
            } else if let (t, _) = ticket {
                prefill = try await cases.storedApplicant(forTicket: t, by: identity, client: RequestScope.current.client)
            }
            let message = q["lookup"] != nil ? (prefill == nil ? "未找到该申请人的记录，请录入。" : "已调出该申请人此前登记的信息，请核对。") : nil
            var holder: HolderRecordView?
            if let prefill { holder = try await cases.holderForIntake(prefill, by: identity) }
            return try pages.render("case-new", CaseFormPage(item: item, snapshot: catalog.snapshot, hallName: hall.name, prefill: prefill,
                                                            holder: holder, today: calendar.today, ticket: ticket, message: message))
        }
        router.post(SiteURL.cases.route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let hall = try clerkHall(identity)
            let snapshot = catalog.snapshot
            guard let code = form["item"].flatMap(ItemCode.init(parsing:)), let item = snapshot.itemsByCode[code] else { throw ProblemDetails.notFound("事项不存在或未发布") }
            let (request, readProblems) = CaseFormReader.read(form, item: item)
            let ticket = try await intakeTicket(request.ticket, hall: hall)
            func again(_ problems: [ValidationProblem], message: String? = nil, status: HTTPResponse.Status) throws -> Response {
                try pages.render("case-new", CaseFormPage(item: item, snapshot: snapshot, hallName: hall.name, form: form, ticket: ticket,
                                                          problems: problems, message: message), status: status)
            }
            if !readProblems.isEmpty { return try again(readProblems, status: .unprocessableContent) }
            do {
                let record = try await cases.intake(request, by: identity, client: RequestScope.current.client).record
                let notice = CaseNoticeKind.available(for: record).first?.rawValue
                return Response(status: .seeOther, headers: [.location: SiteURL.caseDetail(.value(record.number)).path(["done": record.state.rawValue, "notice": notice])])
            } catch let failed as ValidationFailed {
                return try again(failed.problems, status: .unprocessableContent)
            } catch let rule as CaseRuleError {
                return try again([], message: rule.description, status: .conflict)
            } catch let notLoaded as CalendarNotLoaded {
                return try again([], message: notLoaded.description, status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error)?.status == 409 {
                // A ticket another window took over, or finished, meanwhile.
                return try again([], message: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.get(SiteURL.caseApplicantRecord(.key).route) { request, context in
            let identity = try caseWorker()
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let (record, view) = try await cases.applicantRecord(number, by: identity, client: RequestScope.current.client)
            var page = HolderRecordPage(record, view, canSettle: identity.role == .clerk || identity.role == .approver)
            if request.uri.queryParameters["done"] == "settled" { page.message = "已按核实结果记入基础信息。" }
            return try pages.render("holder-record", page, headers: [.cacheControl: "private, no-store"])
        }
        router.post(SiteURL.caseApplicantRecordField(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let field = try context.parameters.require("field")
            try await cases.settleConflict(number, field: field, choice: form["choice"], by: identity, client: RequestScope.current.client)
            return Response(status: .seeOther, headers: [.location: SiteURL.caseApplicantRecord(.value(number)).path(["done": "settled"])])
        }
        router.get(SiteURL.caseDetail(.key).route) { request, context in
            let identity = try caseWorker()
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let view = try await cases.view(number, by: identity, client: RequestScope.current.client)
            let message: String? = switch request.uri.queryParameters["done"].map(String.init) {
            case "accepted": "已受理。请打印受理通知书（含查询码和二维码）交申请人。"
            case "concluded": "已当场办结。"
            case "correction": "已出具补齐补正告知书，请打印交申请人。"
            case "not-accepted": "已出具不予受理通知书。"
            case "action": "已办理。"
            case "files": "材料扫描件已上传。"
            default: nil
            }
            return try pages.render("case", try await casePage(view, identity: identity, message: message))
        }
        router.post(SiteURL.caseAction(.key, .key).route) { request, context in
            let form = try await formData(request, context)
            let identity = try caseWorker(form: form)
            let number = try ProblemDetails.caseNumber(try context.parameters.require("number"))
            let name = try context.parameters.require("action")
            // Only the checklist's names are needed to read the form: the action itself is
            // authorised and audited by the service, so this is not logged as a view.
            let current = try await cases.forAction(number, by: identity)
            var c = ProblemCollector()
            let action = Self.action(name, form: form, record: current, into: &c)
            func again(_ problems: [ValidationProblem], message: String?, status: HTTPResponse.Status) async throws -> Response {
                let view = try await cases.view(number, by: identity, client: RequestScope.current.client, purpose: "办理")
                return try pages.render("case", try await casePage(view, identity: identity, message: message, problems: problems), status: status)
            }
            guard let action, c.problems.isEmpty else { return try await again(c.problems, message: "未办理，请修改以下问题：", status: .unprocessableContent) }
            do {
                _ = try await cases.act(number, action, attachments: CaseAttachments.parse(form["attachments"] ?? ""),
                                        expectedRevision: Int(form["revision"] ?? ""), licence: Self.licenceDraft(form), by: identity,
                                        client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.caseDetail(.value(number)).path(["done": "action"])])
            } catch let failed as ValidationFailed {
                return try await again(failed.problems, message: "未办理，请修改以下问题：", status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error)?.status == 409 {
                return try await again([], message: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.get(SiteURL.caseNotice(.key, .key).route) { request, context in
            let identity = try caseWorker()
            let view = try await cases.view(try ProblemDetails.caseNumber(try context.parameters.require("number")), by: identity, client: RequestScope.current.client, purpose: "打印文书")
            return try notice(try context.parameters.require("kind"), of: view.record, events: view.events, request: request)
        }
        router.get(SiteURL.progress.route) { request, _ in
            let q = request.uri.queryParameters
            guard let number = q["number"].map(String.init).nonEmpty else {
                return try pages.render("progress", ProgressPage(number: "", code: "", progress: nil, asked: false))
            }
            return try await progressPage(number: number.trimmingWhitespace().uppercased(), code: (q["code"].map(String.init) ?? "").trimmingWhitespace())
        }
        router.get(SiteURL.progressCase(.key).route) { request, context in
            try await progressPage(number: try context.parameters.require("number"), code: request.uri.queryParameters["code"].map(String.init) ?? "")
        }
    }

    private func progressPage(number: String, code: String) async throws -> Response {
        do {
            let progress = try await cases.progress(number, code: code, client: RequestScope.current.client)
            let page = ProgressPage(number: number, code: code, progress: progress, asked: true,
                                    message: progress == nil ? "未找到该办件，请核对办件编号和查询码（见受理通知书）。" : nil)
            return try pages.render("progress", page, status: progress == nil ? .notFound : .ok)
        } catch let tooMany as TooManyRequests {
            return try pages.render("progress", ProgressPage(number: number, code: "", progress: nil, asked: false,
                                                             message: "查询过于频繁，请 \(tooMany.retryAfter) 秒后再试。"),
                                    status: .tooManyRequests, headers: [.retryAfter: String(tooMany.retryAfter)])
        }
    }

    /// The address the public reaches this server at, for the QR code on notices: the configured
    /// one (required outside `--demo`), else — in the demo — the host this request came to,
    /// refused unless it is a plain host name and port (a long or odd `Host` once gave a 500).
    func publicBaseURL(_ request: Request) throws -> String {
        if let configured = pages.publicBaseURL { return configured }
        guard let authority = WebAddress.checkedAuthority(request.head.authority) else {
            throw ProblemDetails.badRequest("请求的主机名（Host）不正确")
        }
        let scheme = request.headers[.init("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return "\(scheme)://\(authority)"
    }

    /// A signed-in clerk, approver or supervisor (administrators run the centre, not cases).
    func caseWorker(form: FormData? = nil) throws -> Identity {
        let identity = try staff(.readCatalogInternals, form: form)
        if identity.role == .admin { throw CaseRuleError.forbidden("中心管理员不办理办件") }
        return identity
    }

    /// The ticket a case is being opened from, which must be of the clerk's hall.
    private func intakeTicket(_ id: String?, hall: Hall) async throws -> (Ticket, HallQueue)? {
        guard let id = id?.trimmingWhitespace(), !id.isEmpty else { return nil }
        let found = try await services.queues.ticketForIntake(id: id)
        guard found.0.hall == hall.code else { throw CaseRuleError.forbidden("排队号 \(found.0.number) 属于其他服务中心") }
        return found
    }

    func clerkHall(_ identity: Identity) throws -> Hall {
        guard identity.role == .clerk, let code = identity.account.hall, let hall = catalog.snapshot.hallsByCode[code] else {
            throw CaseRuleError.forbidden("只有综合窗口人员可以受理申请")
        }
        return hall
    }

    private func caseList(
        identity: Identity, filter: CaseListFilter, page: PageRequest, problems: [ValidationProblem], query: [String: String]
    ) async throws -> CaseListPage {
        let heading: String, explanation: String
        switch identity.role {
        case .approver:
            let department = identity.account.department ?? ""
            heading = "\(catalog.snapshot.departmentsByCode[department]?.name ?? department.rawValue) 待办"
            explanation = "按承诺期限排序，最紧急的在前。黄灯：剩余不足承诺时限的 20% 或 1 个工作日；红灯：超承诺时限；超期：超法定时限。"
        case .clerk:
            let hall = identity.account.hall ?? ""
            heading = "\(catalog.snapshot.hallsByCode[hall]?.name ?? hall.rawValue) 受理的办件"
            explanation = "本中心受理的全部办件，新的在前。"
        default:
            heading = "全部办件（电子监察）"
            explanation = "全区各服务中心受理的办件，新的在前。"
        }
        let found: (cases: [CaseSummary], total: Int) = problems.isEmpty ? try await cases.list(filter, page: page, by: identity) : ([], 0)
        // The filters ride along on the page links.
        let kept: [(String, String?)] = ["q", "state", "late", "from", "to", "hall", "department"].compactMap { name in
            guard let value = query[name], !value.isEmpty else { return nil }
            return (name, value)
        }
        let snapshot = catalog.snapshot
        var list = CaseListPage(
            heading: heading, explanation: explanation, rows: found.cases.map { CaseRow($0.listing, light: cases.light($0.listing)) },
            total: found.total, canIntake: identity.role == .clerk,
            previousLink: page.hasPrevious ? SiteURL.cases.path([("page", String(page.page - 1))] + kept) : nil,
            nextLink: page.hasNext(total: found.total) ? SiteURL.cases.path([("page", String(page.page + 1))] + kept) : nil
        )
        list.query = filter.text ?? ""
        list.states = CaseState.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == filter.state) }
        list.lates = CaseListFilter.Late.allCases.map { SelectOption(code: $0.rawValue, name: $0.label, selected: $0 == filter.late) }
        list.from = filter.receivedFrom?.description ?? ""
        list.to = filter.receivedTo?.description ?? ""
        list.showScopeFilters = identity.role == .supervisor
        list.halls = snapshot.organisation.halls.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == filter.hall) }
        list.departments = snapshot.organisation.departments.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == filter.department) }
        list.filtered = !kept.isEmpty
        list.problems = problems.map(\.reason)
        list.hasProblems = !problems.isEmpty
        if identity.role == .approver || identity.role == .clerk {
            list.ordersWaiting = try await services.supervision.openOrders(by: identity).count
            list.hasOrdersWaiting = list.ordersWaiting > 0
        }
        return list
    }

    /// The licence face the conclusion form sends (`licence.fields.<key>`), if it has one.
    static func licenceDraft(_ form: FormData) -> LicenceDraft? {
        let prefix = "licence.fields."
        var fields: [String: String] = [:]
        for (name, values) in form.fields where name.hasPrefix(prefix) { fields[String(name.dropFirst(prefix.count))] = values.first ?? "" }
        guard !fields.isEmpty || form["licence.holderCode"] != nil else { return nil }
        return LicenceDraft(holderCode: form["licence.holderCode"] ?? "", holderName: form["licence.holderName"] ?? "", fields: fields)
    }

    /// The action a case page's form asks for; problems of reading go to `c`.
    static func action(_ name: String, form: FormData, record: CaseRecord, into c: inout ProblemCollector) -> CaseAction? {
        func int(_ field: String, _ label: String) -> Int? {
            guard let text = form[field].nonEmpty else { return nil }
            // Not a number: say so (the action is not taken, since a problem is recorded).
            guard let value = Int(text.trimmingWhitespace()) else { c.add(field, "\(label)应为整数"); return 0 }
            return value
        }
        var fields = CaseActionInput()
        fields.opinion = form["opinion"] ?? ""
        fields.granted = form["granted"].flatMap { ["true": true, "false": false][$0] }
        // Absent unless delivering (送达 then asks for it); an unknown value is named.
        fields.method = form.optionalChoice("method", as: DeliveryMethod.self, label: "送达方式", into: &c)
        fields.trackingNumber = form["trackingNumber"]
        fields.kind = SpecialProcedureKind(rawValue: form["kind"] ?? "")
        fields.expectedDays = int("expectedDays", "预计天数")
        fields.days = int("days", "延长天数")
        fields.approvedBy = form["approvedBy"] ?? ""
        if name == "complete-correction" {
            fields.materials = CaseFormReader.readReceipts(form, names: record.materials.map(\.name), into: &c)
        }
        if name == "receive-materials" {
            // Only the 容缺 materials ticked as handed in now.
            let outstanding = Set(record.outstandingMaterials.map(\.name))
            fields.materials = CaseFormReader.readReceipts(form, names: record.materials.map(\.name), into: &c)
                .filter { outstanding.contains($0.name) && $0.received }
        }
        return fields.action(name, into: &c)
    }

    /// A written notice of a case (`kind`, as the address names it), printable on A4 or, with
    /// `format=receipt`, an 80 mm receipt; with `download=1` it is saved as a file. The QR code
    /// opens the case's progress page.
    func notice(_ kindName: String, of record: CaseRecord, events: [CaseEvent], request: Request) throws -> Response {
        guard let kind = CaseNoticeKind(rawValue: kindName), CaseNoticeKind.available(for: record).contains(kind) else {
            throw ProblemDetails.notFound("该办件当前没有这种文书")
        }
        let url = try publicBaseURL(request) + SiteURL.progressCase(.value(record.number)).path(["code": record.queryCode])
        let receipt = request.uri.queryParameters["format"] == "receipt"
        let svg = try QRCode(text: url).svg(moduleSize: receipt ? 3 : 4, title: "扫码查询办件进度")
        var response = try pages.render("notice", NoticePage(kind: kind, record: record, events: events, snapshot: catalog.snapshot, progressURL: url,
                                                              qrSVG: svg, receipt: receipt, today: calendar.today))
        if request.uri.queryParameters["download"] == "1" {
            let name = "\(kind.title)-\(record.number.rawValue).html".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "notice.html"
            response.headers[.contentDisposition] = "attachment; filename*=UTF-8''\(name)"
        }
        return response
    }
}

