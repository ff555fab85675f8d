import OneDoorCore
import OneDoorServices

/// 我的企业: legal representatives and agents (issue 15 §1, ADR 0027).
extension APIHandler {
    func listMyEnterprises(_ input: Operations.ListMyEnterprises.Input) async throws -> Operations.ListMyEnterprises.Output {
        let identity = try RequestScope.requireCitizen()
        let links = try await services.enterprises.links(by: identity)
        return .ok(.init(body: .json(.init(items: links.map(Self.myEnterprise)))))
    }

    func registerEnterprise(_ input: Operations.RegisterEnterprise.Input) async throws -> Operations.RegisterEnterprise.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        return .created(.init(body: .json(Self.myEnterprise(try await services.enterprises.register(uscc: body.uscc, name: body.name, by: identity)))))
    }

    func listEnterpriseAgents(_ input: Operations.ListEnterpriseAgents.Input) async throws -> Operations.ListEnterpriseAgents.Output {
        let identity = try RequestScope.requireCitizen()
        return .ok(.init(body: .json(.init(items: try await services.enterprises.agents(uscc: input.path.uscc, by: identity).map(Self.agentGrant)))))
    }

    func grantEnterpriseAgent(_ input: Operations.GrantEnterpriseAgent.Input) async throws -> Operations.GrantEnterpriseAgent.Output {
        let identity = try RequestScope.requireCitizen()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let (items, endsOn) = try Self.grantFields(body)
        let grant = try await services.enterprises.grant(uscc: input.path.uscc, phone: body.phone, name: body.name, items: items, endsOn: endsOn,
                                                         by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(Self.agentGrant(grant))))
    }

    func revokeEnterpriseAgent(_ input: Operations.RevokeEnterpriseAgent.Input) async throws -> Operations.RevokeEnterpriseAgent.Output {
        let identity = try RequestScope.requireCitizen()
        try await services.enterprises.revoke(uscc: input.path.uscc, phone: input.path.phone, by: identity, client: RequestScope.current.client)
        return .noContent(.init())
    }

    func verifyEnterprise(_ input: Operations.VerifyEnterprise.Input) async throws -> Operations.VerifyEnterprise.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let record = try await services.enterprises.verifyAtWindow(uscc: body.uscc, phone: body.phone, by: identity, client: RequestScope.current.client)
        return .ok(.init(body: .json(.init(uscc: record.uscc, name: record.name, verified: record.verified))))
    }

    func recordEnterpriseAgent(_ input: Operations.RecordEnterpriseAgent.Input) async throws -> Operations.RecordEnterpriseAgent.Output {
        let identity = try RequestScope.requireSignedIn()
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let (items, endsOn) = try Self.grantFields(body.value1)
        let grant = try await services.enterprises.grantAtWindow(uscc: body.value2.uscc, phone: body.value1.phone, name: body.value1.name, items: items,
                                                                 endsOn: endsOn, by: identity, client: RequestScope.current.client)
        return .created(.init(body: .json(Self.agentGrant(grant))))
    }

    static func grantFields(_ body: Components.Schemas.AgentGrantBody) throws -> ([ItemCode], CivilDate?) {
        var c = ProblemCollector()
        let endsOn = CivilDate(body.endsOn)
        if endsOn == nil { c.add("endsOn", "日期应为 YYYY-MM-DD") }
        var items: [ItemCode] = []
        for (i, text) in (body.items ?? []).enumerated() {
            if let code = ItemCode(parsing: text) { items.append(code) } else { c.add("items[\(i)]", "事项编码“\(text.prefix(40))”不正确") }
        }
        try c.throwIfAny()
        return (items, endsOn)
    }

    static func myEnterprise(_ link: EnterpriseLink) -> Components.Schemas.MyEnterprise {
        Components.Schemas.MyEnterprise(
            uscc: link.enterprise.uscc, name: link.enterprise.name, role: link.role == .agent ? .agent : .legalRepresentative, roleLabel: link.role.label,
            verified: link.enterprise.verified, legalRepresentative: link.enterprise.legalRepresentativeName,
            items: link.grant?.items.map(\.rawValue) ?? [], endsOn: link.grant?.endsOn.description
        )
    }

    static func agentGrant(_ grant: AgentGrant) -> Components.Schemas.AgentGrant {
        Components.Schemas.AgentGrant(uscc: grant.uscc, name: grant.agentName, phone: PersonalDataMask.phone(grant.agentPhone),
                                      items: grant.items.map(\.rawValue), endsOn: grant.endsOn.description, grantedBy: grant.grantedBy)
    }
}
