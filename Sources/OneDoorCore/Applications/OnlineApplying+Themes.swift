/// 一件事 applied for online (issue 17 §2, ADR 0039): one application for the whole theme, its
/// checklist the theme's merged list; pre-review, 补齐补正 and acceptance as for one item, the
/// acceptance opening the theme case and its children.
extension OnlineApplying {
    /// Starts an application for `entry` with `answers` at `hall`. Every question is answered
    /// (an unanswered one would silently leave an item out); every selected item is published,
    /// may be applied for online and is handled at the hall. A person's theme is the account
    /// holder's own; an enterprise's is the enterprise's (its legal representative, or an agent
    /// whose grant covers every item) or, with no enterprise, its founder's (开办).
    public static func startTheme(
        _ entry: ServiceTheme, answers: [String: String], pickUp: ThemePickUp, items: [ItemCode: ServiceItem], hall: Hall, account: CitizenAccount,
        enterprise: EnterpriseLink? = nil, id: String, now: Int64, today: CivilDate
    ) throws -> (OnlineApplication, ApplicationEvent) {
        let theme = entry.theme
        guard entry.status == .published else { throw CaseRuleError.notAllowed("“\(theme.name)”当前不受理申请") }
        var c = ProblemCollector()
        c.add(contentsOf: ThemeValidation.answerProblems(theme, answers))
        for question in theme.questions where answers[question.key] == nil {
            c.add("answers." + question.key, "请回答“\(question.text)”")
        }
        try c.throwIfAny()
        let selected = theme.selected(answers)
        var guides: [ItemCode: ServiceGuide] = [:]
        for child in selected {
            guard let item = items[child.item], item.status == .published else {
                throw CaseRuleError.notAllowed("“\(theme.name)”所含事项“\(items[child.item]?.guide.name ?? child.item.rawValue)”已暂停受理")
            }
            let guide = item.guide
            guard guide.onlineDepth.rawValue >= OnlineDepth.two.rawValue else {
                throw CaseRuleError.notAllowed("“\(theme.name)”所含事项“\(guide.name)”不能网上申报，请到服务中心按一件事办理")
            }
            if !guide.hallLevels.isEmpty && !guide.hallLevels.contains(hall.level) {
                c.add("hall", "“\(guide.name)”不在\(hall.name)办理，请另选服务中心")
            }
            guides[child.item] = guide
        }
        try c.throwIfAny()
        guard let first = selected.first, let lead = items[first.item] else { throw CaseRuleError.notAllowed("“\(theme.name)”没有可办理的事项") }
        guard account.realName != .none, let name = account.name, let type = account.documentType, let number = account.documentNumber else {
            throw CaseRuleError.forbidden("请先完成实名登记（姓名和身份证件号码），再网上申报")
        }
        let holder = Person(name: name, documentType: type, documentNumber: number, phone: account.phone, email: account.email)
        var applicant = Applicant.person(holder)
        var agent: Person?
        var opinion = "一件事：" + selected.compactMap { guides[$0.item]?.name }.joined(separator: "、")
        if let enterprise {
            guard theme.serves == .enterprise else {
                throw ValidationFailed([ValidationProblem(path: "enterprise", reason: "“\(theme.name)”由个人申请，不能为企业申请")])
            }
            if let item = selected.first(where: { !enterprise.mayApply(for: $0.item, on: today) }) {
                throw CaseRuleError.forbidden("您对“\(enterprise.enterprise.name)”的经办授权不包括“\(guides[item.item]?.name ?? item.item.rawValue)”或已过期")
            }
            applicant = .enterprise(Enterprise(name: enterprise.enterprise.name, uscc: enterprise.enterprise.uscc,
                                               legalRepresentative: enterprise.enterprise.legalRepresentativeName, phone: account.phone,
                                               email: account.email))
            agent = enterprise.role == .agent ? holder : nil
            opinion += "（为企业申请，\(enterprise.role.label)）"
        }
        // The least depth of its items: one that needs the originals seen makes the whole do so.
        let depth = selected.compactMap { guides[$0.item]?.onlineDepth }.min { $0.rawValue < $1.rawValue } ?? .two
        var application = OnlineApplication(
            id: id, citizen: account.id, itemCode: first.item, itemVersion: lead.version, itemName: theme.name, depth: depth,
            department: theme.leadDepartment, hall: hall.code, applicant: applicant, agent: agent, createdAt: now)
        application.theme = OnlineTheme(code: theme.code, version: entry.version, answers: answers, pickUp: pickUp,
                                        itemNames: selected.compactMap { guides[$0.item]?.name })
        return (application, ApplicationEvent(action: "start", step: "开始网上申报（一件事）", at: now, actor: "申请人", opinion: opinion))
    }

    /// The checklist of a theme application: one upload slot per line of the theme's merged
    /// list that the applicant brings, worded as the first item asks, required when any item
    /// requires it.
    public static func themeChecklist(_ entry: ServiceTheme, answers: [String: String], items: [ItemCode: ServiceItem]) -> [Material] {
        let selected = entry.theme.selected(answers)
        var guides: [ItemCode: ServiceGuide] = [:]
        for child in selected { guides[child.item] = items[child.item]?.guide }
        return ThemeMaterials.merged(selected, guides: guides).filter(\.asked).compactMap { line in
            guard let first = line.items.first, var material = guides[first]?.materials.first(where: { ThemeMaterials.key(of: $0.name) == line.key })
            else { return nil }
            material.name = line.name
            material.necessity = line.required ? .required : line.deferrable ? .deferrable : material.necessity
            return material
        }
    }

    /// The window's theme intake for an accepted theme application: the receipts by the merged
    /// list's names, the applicant's answers and pick-up.
    public static func themeIntake(_ application: OnlineApplication, _ intake: IntakeRequest) -> ThemeIntakeRequest? {
        guard let theme = application.theme else { return nil }
        return ThemeIntakeRequest(themeCode: theme.code, applicant: intake.applicant, agent: intake.agent, window: nil, answers: theme.answers,
                                  materials: intake.materials, pickUp: theme.pickUp, opinion: intake.opinion)
    }

    /// Where a theme application's uploads go in its children: for each child and each line of
    /// its own checklist, the theme checklist's line it was asked as (same material key).
    public static func themeFiles(checklist: [Material], children: [(number: CaseNumber, materials: [String])]) -> [ThemeFileCopy] {
        var lines: [String: Int] = [:]
        for (index, material) in checklist.enumerated() where lines[ThemeMaterials.key(of: material.name)] == nil {
            lines[ThemeMaterials.key(of: material.name)] = index
        }
        return children.flatMap { child in
            child.materials.enumerated().compactMap { index, name in
                lines[ThemeMaterials.key(of: name)].map { ThemeFileCopy(caseNumber: child.number, caseMaterial: index, applicationMaterial: $0) }
            }
        }
    }
}

/// One line of a child's checklist and the theme application's line whose files it receives.
public struct ThemeFileCopy: Sendable, Hashable {
    public var caseNumber: CaseNumber
    public var caseMaterial: Int
    public var applicationMaterial: Int

    public init(caseNumber: CaseNumber, caseMaterial: Int, applicationMaterial: Int) {
        self.caseNumber = caseNumber
        self.caseMaterial = caseMaterial
        self.applicationMaterial = applicationMaterial
    }
}
