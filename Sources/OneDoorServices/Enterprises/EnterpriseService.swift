import OneDoorCore
import OneDoorStorage

/// Enterprises reached through people (issue 15 §1, ADR 0027): a citizen registers as an
/// enterprise's legal representative and authorises agents online; a clerk verifies the legal
/// representative and can record an agent at a window. Every entrance goes through here.
public final class EnterpriseService: Sendable {
    public let repository: EnterpriseRepository
    let citizens: CitizenRepository
    let catalog: CatalogService
    let calendar: CalendarService
    let clock: any AppClock

    public init(repository: EnterpriseRepository, citizens: CitizenRepository, catalog: CatalogService, calendar: CalendarService, clock: any AppClock) {
        self.repository = repository
        self.citizens = citizens
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    /// The enterprises the citizen reaches.
    public func links(by identity: CitizenIdentity) async throws -> [EnterpriseLink] {
        try await repository.links(citizen: identity.account.id)
    }

    /// The citizen's link to `uscc`, if any (for applying on its behalf).
    public func link(_ uscc: String, by identity: CitizenIdentity) async throws -> EnterpriseLink? {
        let normalized = USCC.check(uscc).normalized
        return try await links(by: identity).first { $0.enterprise.uscc == normalized }
    }

    /// Registers the citizen as the legal representative of `uscc`.
    public func register(uscc: String, name: String, by identity: CitizenIdentity) async throws -> EnterpriseLink {
        let (code, cleaned) = try EnterpriseRules.register(uscc: uscc, name: name, by: identity.account)
        try await repository.register(uscc: code, name: cleaned, citizen: identity.account.id, at: clock.now())
        guard let link = try await link(code, by: identity) else { throw EnterpriseStoreError.notFound(uscc: code) }
        return link
    }

    /// The legal representative authorises the account of `phone` (named `name`, as its real
    /// name says) as an agent.
    public func grant(
        uscc: String, phone: String, name: String, items: [ItemCode], endsOn: CivilDate?, by identity: CitizenIdentity, client: String
    ) async throws -> AgentGrant {
        let enterprise = try await own(uscc, by: identity)
        let grant = try await makeGrant(uscc: enterprise.uscc, phone: phone, name: name, items: items, endsOn: endsOn, grantedBy: "法定代表人")
        try await repository.grant(grant, actor: Self.actor(identity, client: client), at: clock.now())
        return grant
    }

    /// Ends an agent's grant.
    public func revoke(uscc: String, phone: String, by identity: CitizenIdentity, client: String) async throws {
        let enterprise = try await own(uscc, by: identity)
        guard let mobile = CaseMessages.mobile(phone), let agent = try await citizens.find(phone: mobile),
              try await repository.revoke(uscc: enterprise.uscc, citizen: agent.id, actor: Self.actor(identity, client: client), at: clock.now())
        else { throw ProblemDetails.notFound("没有该经办人的授权") }
    }

    /// The agents of an enterprise, for its legal representative.
    public func agents(uscc: String, by identity: CitizenIdentity) async throws -> [AgentGrant] {
        let enterprise = try await own(uscc, by: identity)
        return try await repository.agents(uscc: enterprise.uscc)
    }

    /// A clerk who saw the business licence and the legal representative (with their phone)
    /// verifies the registration; audited.
    public func verifyAtWindow(uscc: String, phone: String, by identity: Identity, client: String) async throws -> EnterpriseRecord {
        try identity.require(.verifyCitizens)
        let code = USCC.check(uscc).normalized
        guard let mobile = CaseMessages.mobile(phone),
              let record = try await repository.verify(uscc: code, legalRepresentativePhone: mobile, by: identity.account.staffNumber,
                                                       actor: identity.actor(client: client), at: clock.now())
        else {
            throw ProblemDetails(status: 404, title: "Not Found", detail: "没有由该手机号码的账号登记为法定代表人的该企业：请法定代表人先在“我的”登记企业",
                                 errors: [ValidationProblem(path: "uscc", reason: "未登记或法定代表人不符")])
        }
        return record
    }

    /// A clerk records an agent at a window (the legal representative's written authorisation seen).
    public func grantAtWindow(
        uscc: String, phone: String, name: String, items: [ItemCode], endsOn: CivilDate?, by identity: Identity, client: String
    ) async throws -> AgentGrant {
        try identity.require(.verifyCitizens)
        let code = USCC.check(uscc).normalized
        guard try await repository.enterprise(code) != nil else { throw EnterpriseStoreError.notFound(uscc: code) }
        let grant = try await makeGrant(uscc: code, phone: phone, name: name, items: items, endsOn: endsOn, grantedBy: identity.account.staffNumber)
        try await repository.grant(grant, actor: identity.actor(client: client), at: clock.now())
        return grant
    }

    private func makeGrant(uscc: String, phone: String, name: String, items: [ItemCode], endsOn: CivilDate?, grantedBy: String) async throws -> AgentGrant {
        var agent: CitizenAccount?
        if let mobile = CaseMessages.mobile(phone) { agent = try await citizens.find(phone: mobile) }
        return try EnterpriseRules.grant(uscc: uscc, agent: agent, agentName: name, items: items, endsOn: endsOn, today: calendar.today,
                                         grantedBy: grantedBy, knownItems: Set(catalog.snapshot.itemsByCode.keys))
    }

    /// The enterprise of `uscc` if the citizen is its legal representative; 404 otherwise.
    private func own(_ uscc: String, by identity: CitizenIdentity) async throws -> EnterpriseRecord {
        let code = USCC.check(uscc).normalized
        guard let enterprise = try await repository.enterprise(code), enterprise.legalRepresentative == identity.account.id else {
            throw EnterpriseStoreError.notFound(uscc: code)
        }
        return enterprise
    }

    static func actor(_ identity: CitizenIdentity, client: String) -> AuditActor {
        AuditActor(accountID: nil, name: "群众 \(identity.account.maskedPhone)", client: client)
    }
}
