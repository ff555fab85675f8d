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

    public static func problems(_ theme: Theme, items: [ItemCode: ItemFacts], departments: Set<DepartmentCode>) -> [ValidationProblem] {
        var c = ProblemCollector()
        if theme.code.trimmingWhitespace().isEmpty || theme.code.count > 40 { c.add("code", "主题编码不能为空，最多 40 个字符") }
        c.requireText("name", theme.name, label: "主题名称", maxLength: 60)
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
            case .suspended?: c.add(path + ".item", "事项“\(items[entry.item]?.name ?? entry.item.rawValue)”已暂停办理")
            case .draft?: c.add(path + ".item", "事项“\(items[entry.item]?.name ?? entry.item.rawValue)”尚未发布")
            case .published?: break
            }
            for (j, prerequisite) in entry.after.enumerated() where !codes.contains(prerequisite) || prerequisite == entry.item {
                c.add(path + ".after[\(j)]", prerequisite == entry.item ? "事项不能以自己为前置" : "前置事项 \(prerequisite) 不在本主题中")
            }
            if let condition = entry.condition {
                if !questions.contains(condition.question) { c.add(path + ".condition", "条件引用的问题“\(condition.question)”不存在") }
                let kind = theme.questions.first { $0.key == condition.question }?.kind
                switch (condition, kind) {
                case (.yes, .number?): c.add(path + ".condition", "问题“\(condition.question)”是数值题，不能以“是”为条件")
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
