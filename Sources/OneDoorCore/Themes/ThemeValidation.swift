/// The checks of a theme against the catalogue (issue 17 §1): every problem named, by path.
public enum ThemeValidation {
    /// What the theme needs to know of an item.
    public struct ItemFacts: Sendable, Hashable {
        public var status: ItemStatus
        public var name: String

        public init(status: ItemStatus, name: String) {
            self.status = status
            self.name = name
        }
    }

    /// When a theme is checked, and so which states of its items it may name.
    public enum Stage: Sendable {
        /// Saving a draft: an item being prepared alongside (a draft) is fine, a suspended one not.
        case draft
        /// Publishing: every item published.
        case publishing
        /// Stored already (import of a catalogue file): a published theme keeps an item suspended
        /// after it was published — intake refuses that item, the catalogue stays whole — but it
        /// may not name a draft.
        case stored(published: Bool)
    }

    public static func problems(_ theme: Theme, items: [ItemCode: ItemFacts], departments: Set<DepartmentCode>,
                                stage: Stage = .publishing) -> [ValidationProblem] {
        let refusingSuspended: Bool, refusingDrafts: Bool
        switch stage {
        case .draft: (refusingSuspended, refusingDrafts) = (true, false)
        case .publishing: (refusingSuspended, refusingDrafts) = (true, true)
        case .stored(let published): (refusingSuspended, refusingDrafts) = (false, published)
        }
        var c = ProblemCollector()
        if theme.code.isEmpty || theme.code.count > 40 || !theme.code.unicodeScalars.allSatisfy(codeCharacters.contains) {
            c.add("code", "主题编码应为 1–40 位字母、数字或连字符")
        }
        c.requireText("name", theme.name, label: "主题名称", maxLength: 60)
        c.limitText("summary", theme.summary, label: "主题说明", maxLength: 500)
        for (i, alias) in theme.aliases.enumerated() { c.requireText("aliases[\(i)]", alias, label: "别名", maxLength: 30) }
        for (i, question) in theme.questions.enumerated() {
            if question.key.isEmpty || question.key.count > 30 || !question.key.unicodeScalars.allSatisfy(codeCharacters.contains) {
                c.add("questions[\(i)].key", "问题编码应为 1–30 位字母、数字或连字符")
            }
            c.requireText("questions[\(i)].text", question.text, label: "问题", maxLength: 100)
        }
        if !departments.contains(theme.leadDepartment) { c.add("leadDepartment", "牵头部门“\(theme.leadDepartment)”不存在") }
        if theme.items.count < 2 { c.add("items", "一件事至少包含两个事项") }
        if theme.promisedDays < 0 { c.add("promisedDays", "承诺时限不能为负数") }
        let codes = theme.items.map(\.item)
        let questions = Set(theme.questions.map(\.key))
        if questions.count != theme.questions.count { c.add("questions", "问题的编码重复") }
        var seen: Set<ItemCode> = []
        for (i, entry) in theme.items.enumerated() {
            let path = "items[\(i)]"
            if !seen.insert(entry.item).inserted { c.add(path + ".item", "事项 \(entry.item) 重复") }
            switch items[entry.item]?.status {
            case nil: c.add(path + ".item", "事项 \(entry.item) 不在事项目录中")
            case .suspended? where refusingSuspended: c.add(path + ".item", "事项“\(items[entry.item]?.name ?? entry.item.rawValue)”已暂停办理")
            case .suspended?: break
            case .draft? where refusingDrafts: c.add(path + ".item", "事项“\(items[entry.item]?.name ?? entry.item.rawValue)”尚未发布")
            case .draft?, .published?: break
            }
            for (j, prerequisite) in entry.after.enumerated() where !codes.contains(prerequisite) || prerequisite == entry.item {
                c.add(path + ".after[\(j)]", prerequisite == entry.item ? "事项不能以自己为前置" : "前置事项 \(prerequisite) 不在本主题中")
            }
            if let condition = entry.condition {
                if !questions.contains(condition.question) { c.add(path + ".condition", "条件引用的问题“\(condition.question)”不存在") }
                let kind = theme.questions.first { $0.key == condition.question }?.kind
                switch (condition, kind) {
                case (.yes, .number?), (.no, .number?): c.add(path + ".condition", "问题“\(condition.question)”是数值题，不能以“是”为条件")
                case (.above, .yesNo?): c.add(path + ".condition", "问题“\(condition.question)”是是否题，不能以数值为条件")
                default: break
                }
            }
        }
        if let cycle = cycle(theme.items) {
            c.add("items", "前置关系成环：" + cycle.map { items[$0]?.name ?? $0.rawValue }.joined(separator: " → "))
        }
        return c.problems
    }

    /// The answers to a theme's questions as given (a form, a request body): a yes/no question
    /// is "yes" or "no", a number one a number from 0 to 1,000,000; a key the theme does not ask
    /// is named too. Paths are `answers.<key>`.
    public static func answerProblems(_ theme: Theme, _ answers: [String: String]) -> [ValidationProblem] {
        var c = ProblemCollector()
        let questions = Dictionary(theme.questions.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for (key, value) in answers.sorted(by: { $0.key < $1.key }) {
            guard let question = questions[key] else {
                c.add("answers." + String(key.prefix(30)), "本主题没有这个问题")
                continue
            }
            switch question.kind {
            case .yesNo where value != "yes" && value != "no":
                c.add("answers." + key, "“\(question.text)”请选择“是”或“否”")
            case .number where Double(value).map { !(0...1_000_000).contains($0) } ?? true:
                c.add("answers." + key, "“\(question.text)”请填写 0 到 1000000 之间的数字")
            default:
                break
            }
        }
        return c.problems
    }

    static let codeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-".unicodeScalars)

    /// A cycle of prerequisites, as the items along it (the first repeated at the end); nil when
    /// the dependencies form a directed acyclic graph.
    public static func cycle(_ items: [ThemeItem]) -> [ItemCode]? {
        let after = Dictionary(items.map { ($0.item, $0.after) }, uniquingKeysWith: { a, b in a + b })
        var state: [ItemCode: Int] = [:]  // 1: on the path, 2: done
        var path: [ItemCode] = []
        func visit(_ code: ItemCode) -> [ItemCode]? {
            if state[code] == 2 { return nil }
            if state[code] == 1, let start = path.firstIndex(of: code) { return Array(path[start...]) + [code] }
            state[code] = 1
            path.append(code)
            for next in after[code] ?? [] where after[next] != nil {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            state[code] = 2
            return nil
        }
        for item in items { if let found = visit(item.item) { return found } }
        return nil
    }
}
