/// How a citizen account reaches an enterprise (issue 15 §1, ADR 0027): as its legal
/// representative, or as an agent (经办人) the legal representative — or a clerk at a window —
/// authorised, for all items or listed ones, until an end date.
public enum EnterpriseRole: String, Sendable, Codable, CaseIterable {
    case legalRepresentative = "legal-representative"
    case agent

    public var label: String { self == .legalRepresentative ? "法定代表人" : "经办人" }
}

/// An enterprise as the platform knows it: registered by the person who says they are its legal
/// representative, and verified when a clerk has seen the business licence and their ID.
public struct EnterpriseRecord: Sendable, Hashable {
    public var uscc: String
    public var name: String
    public var legalRepresentative: Int64
    public var legalRepresentativeName: String
    public var verified: Bool

    public init(uscc: String, name: String, legalRepresentative: Int64, legalRepresentativeName: String, verified: Bool) {
        self.uscc = uscc
        self.name = name
        self.legalRepresentative = legalRepresentative
        self.legalRepresentativeName = legalRepresentativeName
        self.verified = verified
    }
}

/// An agent's authorisation.
public struct AgentGrant: Sendable, Hashable {
    public var uscc: String
    public var citizen: Int64
    public var agentName: String
    public var agentPhone: String
    /// The items the agent may apply for; empty: all.
    public var items: [ItemCode]
    public var endsOn: CivilDate
    /// "法定代表人" or the clerk's staff number.
    public var grantedBy: String

    public init(uscc: String, citizen: Int64, agentName: String, agentPhone: String, items: [ItemCode], endsOn: CivilDate, grantedBy: String) {
        self.uscc = uscc
        self.citizen = citizen
        self.agentName = agentName
        self.agentPhone = agentPhone
        self.items = items
        self.endsOn = endsOn
        self.grantedBy = grantedBy
    }

    /// Whether the grant lets its agent apply for `item` on `today`.
    public func covers(_ item: ItemCode, on today: CivilDate) -> Bool {
        today <= endsOn && (items.isEmpty || items.contains(item))
    }
}

/// One enterprise as a citizen's account reaches it.
public struct EnterpriseLink: Sendable, Hashable {
    public var enterprise: EnterpriseRecord
    public var role: EnterpriseRole
    /// For an agent: the grant; nil for the legal representative.
    public var grant: AgentGrant?

    public init(enterprise: EnterpriseRecord, role: EnterpriseRole, grant: AgentGrant? = nil) {
        self.enterprise = enterprise
        self.role = role
        self.grant = grant
    }

    /// Whether this link lets its holder apply for `item` for the enterprise on `today`.
    public func mayApply(for item: ItemCode, on today: CivilDate) -> Bool {
        role == .legalRepresentative || (grant?.covers(item, on: today) ?? false)
    }

    /// Whether its holder sees the enterprise's cases accepted at windows: only once a clerk has
    /// verified the enterprise's legal representative, and for agents while their grant runs.
    public func seesCases(on today: CivilDate) -> Bool {
        enterprise.verified && (role == .legalRepresentative || (grant.map { today <= $0.endsOn } ?? false))
    }
}

/// The rules of registering enterprises and authorising agents: pure.
public enum EnterpriseRules {
    /// A registration as legal representative: the USCC checked (GB 32100), a name, and an
    /// account with a real name (the legal representative is a named person).
    public static func register(uscc: String, name: String, by account: CitizenAccount) throws -> (uscc: String, name: String) {
        guard account.realName != .none, account.name != nil else {
            throw CaseRuleError.forbidden("请先完成实名认证，再登记企业")
        }
        var c = ProblemCollector()
        let check = USCC.check(uscc)
        for problem in check.problems { c.add("uscc", problem) }
        let cleaned = name.trimmingWhitespace()
        c.requireText("name", cleaned, label: "企业名称", maxLength: 100)
        try c.throwIfAny()
        return (check.normalized, cleaned)
    }

    /// An authorisation: the agent named as their account's real name says, an end date from
    /// tomorrow to a year ahead, at most 50 listed items (empty: all).
    public static func grant(
        uscc: String, agent: CitizenAccount?, agentName: String, items: [ItemCode], endsOn: CivilDate?, today: CivilDate, grantedBy: String,
        knownItems: Set<ItemCode>
    ) throws -> AgentGrant {
        var c = ProblemCollector()
        let name = agentName.trimmingWhitespace()
        if agent == nil { c.add("phone", "该手机号码尚未登录过本平台，请经办人先用手机号登录并完成实名认证") }
        if let agent, agent.realName == .none || agent.name != name {
            c.add("name", "姓名与该手机号码账号的实名信息不符（经办人须先完成实名认证）")
        }
        if let endsOn {
            if endsOn <= today { c.add("endsOn", "授权截止日期应晚于今天") }
            if endsOn.dayNumber > today.dayNumber + 366 { c.add("endsOn", "授权期限最长一年") }
        } else {
            c.add("endsOn", "请填写授权截止日期")
        }
        if items.count > 50 { c.add("items", "最多列出 50 个事项；不列则授权全部事项") }
        for (i, item) in items.enumerated() where !knownItems.contains(item) { c.add("items[\(i)]", "事项“\(item)”不存在或未发布") }
        try c.throwIfAny()
        guard let agent, let endsOn else { throw ValidationFailed(c.problems) }
        return AgentGrant(uscc: uscc, citizen: agent.id, agentName: name, agentPhone: agent.phone, items: Array(Set(items)).sorted { $0.rawValue < $1.rawValue },
                          endsOn: endsOn, grantedBy: grantedBy)
    }
}
