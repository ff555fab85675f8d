import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// 我的企业 (issue 15 §1, ADR 0027): register as legal representative, authorise and revoke
/// agents; and the clerk's verification of a legal representative at a window.
extension OneDoorWeb {
    func registerEnterprises<Context: RequestContext>(on router: Router<Context>) {
        router.post(SiteURL.meEnterprises.route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            do {
                _ = try await services.enterprises.register(uscc: form["uscc"] ?? "", name: form["enterpriseName"] ?? "", by: citizen)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "enterprises-title")])
            } catch let failed as ValidationFailed {
                return try await mePage(citizen, message: "企业未登记，请改正以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meEnterpriseAgents(.key).route) { request, context in
            let (form, citizen) = try citizenForm(try await formData(request, context))
            let uscc = try context.parameters.require("uscc")
            do {
                var c = ProblemCollector()
                let endsOn = CivilDate((form["endsOn"] ?? "").trimmingWhitespace())
                if endsOn == nil { c.add("endsOn", "请填写授权截止日期（YYYY-MM-DD）") }
                var items: [ItemCode] = []
                for text in (form["items"] ?? "").split(whereSeparator: { ",，、 ".contains($0) }) {
                    if let code = ItemCode(parsing: String(text)) { items.append(code) } else { c.add("items", "事项编码“\(text.prefix(40))”不正确") }
                }
                try c.throwIfAny()
                _ = try await services.enterprises.grant(uscc: uscc, phone: form["agentPhone"] ?? "", name: form["agentName"] ?? "", items: items,
                                                         endsOn: endsOn, by: citizen, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "enterprises-title")])
            } catch let failed as ValidationFailed {
                return try await mePage(citizen, message: "未授权，请改正以下问题：", problems: failed.problems, status: .unprocessableContent)
            }
        }
        router.post(SiteURL.meEnterpriseAgentRevoke(.key, .key).route) { request, context in
            let (_, citizen) = try citizenForm(try await formData(request, context))
            try await services.enterprises.revoke(uscc: try context.parameters.require("uscc"), phone: try context.parameters.require("phone"),
                                                  by: citizen, client: RequestScope.current.client)
            return Response(status: .seeOther, headers: [.location: SiteURL.me.path([], fragment: "enterprises-title")])
        }
        router.post(SiteURL.enterpriseVerify.route) { request, context in
            let form = try await formData(request, context)
            let identity = try staff(.verifyCitizens, form: form)
            var page = CitizenVerifyPage()
            page.uscc = form["uscc"] ?? ""
            page.representativePhone = form["representativePhone"] ?? ""
            do {
                let record = try await services.enterprises.verifyAtWindow(uscc: page.uscc, phone: page.representativePhone, by: identity,
                                                                           client: RequestScope.current.client)
                return try pages.render("citizen-verify", CitizenVerifyPage(enterpriseVerified: "已核验：\(record.name)（\(record.uscc)）的法定代表人\(record.legalRepresentativeName)"))
            } catch let problem as ProblemDetails where problem.status == 404 {
                page.message = problem.detail
                return try pages.render("citizen-verify", page, status: .notFound)
            }
        }
    }

    /// 我的企业 rows: for the legal representative, the agents and the form to authorise more.
    func enterpriseRows(_ citizen: CitizenIdentity) async throws -> [MePage.EnterpriseRow] {
        var rows: [MePage.EnterpriseRow] = []
        let today = calendar.today
        for link in try await services.enterprises.links(by: citizen) {
            let e = link.enterprise
            var agents: [MePage.AgentRow] = []
            if link.role == .legalRepresentative {
                agents = try await services.enterprises.agents(uscc: e.uscc, by: citizen).map { grant in
                    MePage.AgentRow(name: grant.agentName, phone: PersonalDataMask.phone(grant.agentPhone), scope: Self.scope(grant, today: today),
                                    revokeAction: SiteURL.meEnterpriseAgentRevoke(.value(e.uscc), .value(grant.agentPhone)).path)
                }
            }
            rows.append(MePage.EnterpriseRow(
                uscc: e.uscc, name: e.name, role: link.role.label, status: e.verified ? "已核验" : "未核验（请法定代表人携带营业执照到综合窗口核验）",
                scope: link.grant.map { Self.scope($0, today: today) },
                grantAction: link.role == .legalRepresentative ? SiteURL.meEnterpriseAgents(.value(e.uscc)).path : nil,
                agents: agents, hasAgents: !agents.isEmpty
            ))
        }
        return rows
    }

    static func scope(_ grant: AgentGrant, today: CivilDate) -> String {
        (grant.items.isEmpty ? "全部事项" : "\(grant.items.count) 个事项") + "，至 \(grant.endsOn.chinese)" + (grant.endsOn < today ? "（已过期）" : "")
    }
}
