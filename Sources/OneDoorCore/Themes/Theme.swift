/// A question a theme asks to choose its items ("是否设置户外招牌?", "经营面积（平方米）").
public struct ThemeQuestion: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
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
///
/// Stored as `{"question": "sign", "is": "yes"}` or `{"question": "area", "above": 300}`: the
/// catalogue file is read and written by people, so the form is theirs rather than the
/// compiler's.
public enum ThemeCondition: Sendable, Hashable, Codable {
    /// The yes/no question `key` answered yes.
    case yes(String)
    /// The yes/no question `key` answered no (a shop that sells only packaged food files a
    /// record instead of asking for a licence).
    case no(String)
    /// The number question `key` answered above `threshold`.
    case above(String, Double)

    /// Whether `answers` select the item; an unanswered question selects nothing.
    public func holds(_ answers: [String: String]) -> Bool {
        switch self {
        case .yes(let key): return answers[key] == "yes"
        case .no(let key): return answers[key] == "no"
        case .above(let key, let threshold): return answers[key].flatMap(Double.init).map { $0 > threshold } ?? false
        }
    }

    public var question: String {
        switch self {
        case .yes(let key), .no(let key), .above(let key, _): key
        }
    }

    /// An answer that makes the condition hold (the figures of the theme with every item).
    public var satisfyingAnswer: String {
        switch self {
        case .yes: "yes"
        case .no: "no"
        case .above(_, let threshold): String(Int(threshold.rounded(.down)) + 1)
        }
    }

    private enum CodingKeys: String, CodingKey { case question, `is`, above }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let question = try container.decode(String.self, forKey: .question)
        if let threshold = try container.decodeIfPresent(Double.self, forKey: .above) {
            self = .above(question, threshold)
            return
        }
        switch try container.decode(String.self, forKey: .is) {
        case "yes": self = .yes(question)
        case "no": self = .no(question)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .is, in: container, debugDescription: "“\(other)” is neither yes nor no")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(question, forKey: .question)
        switch self {
        case .yes: try container.encode("yes", forKey: .is)
        case .no: try container.encode("no", forKey: .is)
        case .above(_, let threshold): try container.encode(threshold, forKey: .above)
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
    /// What the matter is, in the applicant's words (the guide page's first paragraph).
    public var summary: String
    /// Other names people search by (开饭店, 餐饮).
    public var aliases: [String]
    /// Whom it serves: a person or an enterprise.
    public var serves: LicenceHolderKind
    /// 牵头部门: decides whether the theme goes on when a child is refused.
    public var leadDepartment: DepartmentCode
    public var items: [ThemeItem]
    public var questions: [ThemeQuestion]
    /// The theme's own promised limit in working days (at most the critical path of its items).
    public var promisedDays: Int

    public init(code: String, name: String, summary: String = "", aliases: [String] = [], serves: LicenceHolderKind,
                leadDepartment: DepartmentCode, items: [ThemeItem], questions: [ThemeQuestion] = [], promisedDays: Int) {
        self.code = code
        self.name = name
        self.summary = summary
        self.aliases = aliases
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

    /// The answers in the theme's own words, in the order of its questions
    /// ("是否设置户外招牌、广告牌？否", "经营场所建筑面积（平方米）80").
    public func answerWords(_ answers: [String: String]) -> [String] {
        questions.compactMap { q in answers[q.key].map { q.text + ($0 == "yes" ? "是" : $0 == "no" ? "否" : $0) } }
    }

    /// Answers that select every item (a guide page shows the whole theme before any answer).
    public var answersSelectingAll: [String: String] {
        var answers: [String: String] = [:]
        for condition in items.compactMap(\.condition) where answers[condition.question] == nil {
            answers[condition.question] = condition.satisfyingAnswer
        }
        return answers
    }
}

// Reading a theme written by hand: what may be left out is left out (no waits, no condition,
// no questions, no summary or aliases).
extension ThemeItem {
    private enum CodingKeys: String, CodingKey { case item, after, condition }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(item: try container.decode(ItemCode.self, forKey: .item),
                  after: try container.decodeIfPresent([ItemCode].self, forKey: .after) ?? [],
                  condition: try container.decodeIfPresent(ThemeCondition.self, forKey: .condition))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item, forKey: .item)
        if !after.isEmpty { try container.encode(after, forKey: .after) }
        try container.encodeIfPresent(condition, forKey: .condition)
    }
}

extension Theme {
    private enum CodingKeys: String, CodingKey { case code, name, summary, aliases, serves, leadDepartment, items, questions, promisedDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
                  summary: try c.decodeIfPresent(String.self, forKey: .summary) ?? "",
                  aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                  serves: try c.decode(LicenceHolderKind.self, forKey: .serves),
                  leadDepartment: try c.decode(DepartmentCode.self, forKey: .leadDepartment),
                  items: try c.decode([ThemeItem].self, forKey: .items),
                  questions: try c.decodeIfPresent([ThemeQuestion].self, forKey: .questions) ?? [],
                  promisedDays: try c.decode(Int.self, forKey: .promisedDays))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(serves, forKey: .serves)
        try c.encode(leadDepartment, forKey: .leadDepartment)
        try c.encode(items, forKey: .items)
        try c.encode(questions, forKey: .questions)
        try c.encode(promisedDays, forKey: .promisedDays)
    }
}
