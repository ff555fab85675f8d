/// Something that happened to one holder, as push rules see it.
public struct PushEvent: Sendable, Hashable {
    /// The holder's key (`Applicant.key`: the person's ID or the enterprise's USCC, normalised).
    public var holder: String
    public var kind: LicenceHolderKind
    public var trigger: PushTrigger
    public var on: CivilDate
    /// Unique per event (`case:CC-…:concluded`, `birthday:60:440…`): with the rule and target it
    /// makes a push's key, so replaying an event never pushes twice.
    public var key: String
    public var facts: PushHolderFacts

    public init(holder: String, kind: LicenceHolderKind, trigger: PushTrigger, on: CivilDate, key: String, facts: PushHolderFacts) {
        self.holder = holder
        self.kind = kind
        self.trigger = trigger
        self.on = on
        self.key = key
        self.facts = facts
    }
}

/// What conditions read of a holder: a person's birth date and sex from their ID number.
public struct PushHolderFacts: Sendable, Hashable {
    public var birthDate: CivilDate?
    public var female: Bool?

    public init(birthDate: CivilDate? = nil, female: Bool? = nil) {
        self.birthDate = birthDate
        self.female = female
    }

    /// From a resident ID number (nothing for another document or an enterprise).
    public init(residentID number: String) {
        let check = ResidentID.check(number)
        self.init(birthDate: check.isValid ? check.birthDate : nil, female: check.isValid ? check.gender.map { $0 == .female } : nil)
    }

    public func age(on day: CivilDate) -> Int? { birthDate.map { ResidentID.age(born: $0, on: day) } }
}

/// One recommendation made to one holder (为您推荐).
public struct Push: Sendable, Hashable {
    /// rule · holder · target · event: unique, so a replayed event adds nothing.
    public var key: String
    public var rule: String
    public var stage: LifeStage
    public var holder: String
    public var target: PushTarget
    public var reason: String
    public var deadline: CivilDate?
    public var event: String
    public var on: CivilDate

    public init(key: String, rule: String, stage: LifeStage, holder: String, target: PushTarget, reason: String, deadline: CivilDate?,
                event: String, on: CivilDate) {
        self.key = key
        self.rule = rule
        self.stage = stage
        self.holder = holder
        self.target = target
        self.reason = reason
        self.deadline = deadline
        self.event = event
        self.on = on
    }
}

/// A push as stored, with whether it was opened.
public struct StoredPush: Sendable, Hashable {
    public var id: Int64
    public var push: Push
    public var createdAt: Int64
    public var openedAt: Int64?

    public init(id: Int64, push: Push, createdAt: Int64, openedAt: Int64?) {
        self.id = id
        self.push = push
        self.createdAt = createdAt
        self.openedAt = openedAt
    }
}

/// One rule's figures over a period: pushes made, opened, and applied for within 30 days.
public struct PushRuleFigure: Sendable, Hashable {
    public var rule: String
    public var pushes: Int
    public var opened: Int
    public var applied: Int

    public init(rule: String, pushes: Int, opened: Int, applied: Int) {
        self.rule = rule
        self.pushes = pushes
        self.opened = opened
        self.applied = applied
    }
}

/// The rules indexed by what they listen for (pure; built once per catalogue): an event is
/// matched against the few rules of its trigger, not all of them.
public struct PushEvaluator: Sendable {
    private let byTrigger: [String: [PushRule]]
    /// The ages some rule listens for (the daily birthday sweep asks only about these).
    public let birthdayAges: Set<Int>
    /// The licence types and days before expiry the daily sweep looks for.
    public let expiring: Set<ExpiringWatch>

    public struct ExpiringWatch: Sendable, Hashable {
        public var type: String
        public var days: Int
    }

    public init(_ rules: [PushRule]) {
        byTrigger = Dictionary(grouping: rules, by: \.trigger.key)
        birthdayAges = Set(rules.compactMap { if case .birthday(let age) = $0.trigger { age } else { nil } })
        expiring = Set(rules.compactMap { if case .licenceExpiring(let type, let days) = $0.trigger { ExpiringWatch(type: type, days: days) } else { nil } })
    }

    /// The pushes `event` makes, leaving out the stages the holder turned off.
    public func pushes(for event: PushEvent, optedOut: Set<LifeStage> = []) -> [Push] {
        guard let rules = byTrigger[event.trigger.key] else { return [] }
        var made: [Push] = []
        for rule in rules where rule.stage.holder == event.kind && !optedOut.contains(rule.stage) {
            guard rule.conditions.allSatisfy({ $0.holds(event.facts, on: event.on) }) else { continue }
            let deadline = rule.deadlineDays.map { CivilDate(dayNumber: event.on.dayNumber + $0) }
            for target in rule.targets {
                made.append(Push(key: "\(rule.code)|\(event.holder)|\(target.key)|\(event.key)", rule: rule.code, stage: rule.stage,
                                 holder: event.holder, target: target, reason: rule.reason, deadline: deadline, event: event.key, on: event.on))
            }
        }
        return made
    }

    /// Whether any rule listens for `trigger` (a step with none writes nothing more).
    public func listens(for trigger: PushTrigger) -> Bool { byTrigger[trigger.key] != nil }
}

/// The checks of push rules and stage filing against the catalogue: every problem named.
public enum PushRuleValidation {
    public static func problems(_ rules: [PushRule], stages: [LifeStageItems], items: Set<ItemCode>, themes: [String: LicenceHolderKind],
                                licenceTypes: Set<String>) -> [ValidationProblem] {
        var c = ProblemCollector()
        var codes: Set<String> = []
        for (i, rule) in rules.enumerated() {
            let path = "pushRules[\(i)]"
            if rule.code.isEmpty || rule.code.count > 40 || !rule.code.unicodeScalars.allSatisfy(ThemeValidation.codeCharacters.contains) {
                c.add(path + ".code", "规则编码应为 1–40 位字母、数字或连字符")
            } else if !codes.insert(rule.code).inserted {
                c.add(path + ".code", "规则编码“\(rule.code)”重复")
            }
            c.requireText(path + ".name", rule.name, label: "规则名称", maxLength: 60)
            c.requireText(path + ".reason", rule.reason, label: "推送理由", maxLength: 200)
            switch rule.trigger {
            case .concluded(let item), .accepted(let item):
                if !items.contains(item) { c.add(path + ".trigger.item", "事项 \(item) 不在事项目录中") }
            case .licenceIssued(let type):
                if !licenceTypes.contains(type) { c.add(path + ".trigger.licenceType", "证照类型 \(type) 不存在") }
            case .birthday(let age):
                if !(0...130).contains(age) { c.add(path + ".trigger.age", "年龄应在 0 到 130 之间") }
                if rule.stage.holder == .enterprise { c.add(path + ".trigger", "企业没有生日：生日规则只能用于个人阶段") }
            case .licenceExpiring(let type, let days):
                if !licenceTypes.contains(type) { c.add(path + ".trigger.licenceType", "证照类型 \(type) 不存在") }
                if !(1...365).contains(days) { c.add(path + ".trigger.days", "到期前天数应在 1 到 365 之间") }
            case .recordChanged(let field):
                let known = rule.stage.holder == .enterprise ? EnterpriseField(rawValue: field) != nil : PersonField(rawValue: field) != nil
                if !known { c.add(path + ".trigger.field", "基础信息项“\(field.prefix(40))”不存在（\(rule.stage.holder == .enterprise ? "企业" : "个人")）") }
            }
            if rule.targets.isEmpty { c.add(path + ".targets", "至少推送一个事项或主题") }
            for (j, target) in rule.targets.enumerated() {
                switch target {
                case .item(let item): if !items.contains(item) { c.add(path + ".targets[\(j)].item", "事项 \(item) 不在事项目录中") }
                case .theme(let code):
                    if let serves = themes[code] {
                        if serves != rule.stage.holder { c.add(path + ".targets[\(j)].theme", "主题“\(code)”的服务对象与阶段“\(rule.stage.label)”不符") }
                    } else {
                        c.add(path + ".targets[\(j)].theme", "主题 \(code) 不存在")
                    }
                }
            }
            if let days = rule.deadlineDays, !(1...3650).contains(days) { c.add(path + ".deadlineDays", "期限应在 1 到 3650 天之间") }
        }
        var filed: Set<LifeStage> = []
        for (i, entry) in stages.enumerated() {
            if !filed.insert(entry.stage).inserted { c.add("lifeStages[\(i)].stage", "阶段“\(entry.stage.label)”重复") }
            for (j, item) in entry.items.enumerated() where !items.contains(item) {
                c.add("lifeStages[\(i)].items[\(j)]", "事项 \(item) 不在事项目录中")
            }
        }
        return c.problems
    }
}
