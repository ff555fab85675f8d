/// A question a theme asks to choose its items ("是否设置户外招牌?", "经营面积（平方米）").
public struct ThemeQuestion: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 是 / 否.
        case yesNo = "yes-no"
        /// A number (an area, a headcount).
        case number
    }

    public var key: String
    public var text: String
    public var kind: Kind

    public init(key: String, text: String, kind: Kind) {
        self.key = key
        self.text = text
        self.kind = kind
    }
}

/// When a theme item is included: always, or when a question's answer says so.
public enum ThemeCondition: Sendable, Hashable, Codable {
    /// The yes/no question `key` answered yes.
    case yes(String)
    /// The number question `key` answered above `threshold`.
    case above(String, Double)

    /// Whether `answers` select the item; an unanswered question selects nothing.
    public func holds(_ answers: [String: String]) -> Bool {
        switch self {
        case .yes(let key): return answers[key] == "yes"
        case .above(let key, let threshold): return answers[key].flatMap(Double.init).map { $0 > threshold } ?? false
        }
    }

    public var question: String {
        switch self {
        case .yes(let key), .above(let key, _): key
        }
    }
}

/// One item of a theme: which, what it waits for, and when it is included.
public struct ThemeItem: Sendable, Hashable, Codable {
    public var item: ItemCode
    /// Items of the same theme that must conclude first (食品经营许可 waits for the 营业执照).
    public var after: [ItemCode]
    /// Nil: always included.
    public var condition: ThemeCondition?

    public init(item: ItemCode, after: [ItemCode] = [], condition: ThemeCondition? = nil) {
        self.item = item
        self.after = after
        self.condition = condition
    }
}

/// 一件事 (issue 17 §1): several items one applicant needs for one matter, taken in at once, their
/// departments working in parallel where the law lets them.
public struct Theme: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Whom it serves: a person or an enterprise.
    public var serves: LicenceHolderKind
    /// 牵头部门: decides whether the theme goes on when a child is refused.
    public var leadDepartment: DepartmentCode
    public var items: [ThemeItem]
    public var questions: [ThemeQuestion]
    /// The theme's own promised limit in working days (at most the critical path of its items).
    public var promisedDays: Int

    public init(code: String, name: String, serves: LicenceHolderKind, leadDepartment: DepartmentCode, items: [ThemeItem],
                questions: [ThemeQuestion] = [], promisedDays: Int) {
        self.code = code
        self.name = name
        self.serves = serves
        self.leadDepartment = leadDepartment
        self.items = items
        self.questions = questions
        self.promisedDays = promisedDays
    }

    /// The items `answers` select, in the theme's order. A prerequisite left out is dropped from
    /// the waits of the items that remain.
    public func selected(_ answers: [String: String]) -> [ThemeItem] {
        let chosen = items.filter { $0.condition?.holds(answers) ?? true }
        let codes = Set(chosen.map(\.item))
        return chosen.map { ThemeItem(item: $0.item, after: $0.after.filter(codes.contains), condition: $0.condition) }
    }
}
