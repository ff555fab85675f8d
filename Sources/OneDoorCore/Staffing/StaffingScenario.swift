/// How long a visit at a window takes, around its mean.
public enum ServiceTimeShape: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exponential: what Erlang C assumes (as variable as its mean).
    case exponential
    /// Log-normal with a chosen coefficient of variation: what window visits measure closest to.
    case lognormal
    /// Every visit the same length.
    case fixed

    public var label: String {
        switch self {
        case .exponential: "指数分布（与 Erlang C 假设一致）"
        case .lognormal: "对数正态分布"
        case .fixed: "固定时长"
        }
    }
}

/// One kind of business a hall's department windows would each serve alone (a queue): when it
/// arrives over the day and how long it takes.
public struct StaffingCategory: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Tickets expected in each hour of the day (Asia/Shanghai), 0–23: 24 entries.
    public var arrivalsPerHour: [Double]
    public var meanServiceSeconds: Double

    public init(code: String, name: String, arrivalsPerHour: [Double], meanServiceSeconds: Double) {
        self.code = code
        self.name = name
        self.arrivalsPerHour = arrivalsPerHour
        self.meanServiceSeconds = meanServiceSeconds
    }

    public var ticketsPerDay: Double { arrivalsPerHour.reduce(0, +) }
}

/// A hall's day to staff: its categories, the wait it promises and how service times vary.
public struct StaffingScenario: Sendable, Hashable, Codable {
    public var categories: [StaffingCategory]
    /// The average wait to keep under, in seconds.
    public var targetWaitSeconds: Double
    public var serviceShape: ServiceTimeShape
    /// The spread of service times as standard deviation over mean (log-normal only).
    public var serviceVariation: Double

    public init(categories: [StaffingCategory], targetWaitSeconds: Double, serviceShape: ServiceTimeShape = .exponential,
                serviceVariation: Double = 1) {
        self.categories = categories
        self.targetWaitSeconds = targetWaitSeconds
        self.serviceShape = serviceShape
        self.serviceVariation = serviceVariation
    }

    public var ticketsPerDay: Double { categories.reduce(0) { $0 + $1.ticketsPerDay } }

    /// Every problem with the scenario, by field path (`categories[1].arrivalsPerHour[9]`).
    public func problems() -> [ValidationProblem] {
        var c = ProblemCollector()
        if categories.isEmpty { c.add("categories", "至少需要一个业务类别") }
        if categories.count > StaffingLimits.maximumCategories {
            c.add("categories", "业务类别最多 \(StaffingLimits.maximumCategories) 个（现为 \(categories.count) 个）")
        }
        var seen: Set<String> = []
        for (index, category) in categories.prefix(StaffingLimits.maximumCategories).enumerated() {
            c.nested("categories[\(index)]") { c in
                if category.code.trimmingWhitespace().isEmpty { c.add("code", "类别代码不能为空") }
                else if category.code.count > 16 { c.add("code", "类别代码不能超过 16 个字符") }
                else if !seen.insert(category.code).inserted { c.add("code", "类别代码“\(category.code)”重复") }
                c.limitText("name", category.name, label: "类别名称", maxLength: 40)
                if category.arrivalsPerHour.count != 24 {
                    c.add("arrivalsPerHour", "需要 24 个小时的到达数（现为 \(category.arrivalsPerHour.count) 个）")
                } else {
                    for (hour, rate) in category.arrivalsPerHour.enumerated()
                    where !(rate.isFinite && rate >= 0 && rate <= StaffingLimits.maximumArrivalsPerHour) {
                        c.add("arrivalsPerHour[\(hour)]", "每小时到达数须在 0 到 \(Int(StaffingLimits.maximumArrivalsPerHour)) 之间")
                    }
                }
                if !(category.meanServiceSeconds.isFinite && category.meanServiceSeconds >= 10 && category.meanServiceSeconds <= 14_400) {
                    c.add("meanServiceSeconds", "平均办理时长须在 10 秒到 4 小时之间")
                }
            }
        }
        if !(targetWaitSeconds.isFinite && targetWaitSeconds >= 1 && targetWaitSeconds <= 14_400) {
            c.add("targetWaitSeconds", "目标平均等候须在 1 秒到 4 小时之间")
        }
        if serviceShape == .lognormal && !(serviceVariation.isFinite && serviceVariation >= 0.05 && serviceVariation <= 4) {
            c.add("serviceVariation", "变异系数须在 0.05 到 4 之间")
        }
        let total = ticketsPerDay
        if c.problems.isEmpty && total <= 0 { c.add("categories", "全天没有到达，无需测算") }
        if total.isFinite && total > StaffingLimits.maximumTicketsPerDay {
            c.add("categories", "全天到达最多 \(Int(StaffingLimits.maximumTicketsPerDay)) 张票")
        }
        return c.problems
    }
}

/// How a hall's windows are laid out.
public enum WindowLayout: Sendable, Hashable {
    /// Each department's windows serve only its own category (分部门设窗): windows by category code.
    case dedicated([String: Int])
    /// Any window serves any category in the order of arrival (综合窗口, 一窗受理).
    case comprehensive(Int)

    public var windows: Int {
        switch self {
        case .dedicated(let counts): counts.values.reduce(0, +)
        case .comprehensive(let count): count
        }
    }

    /// Every problem with the layout for `scenario`: a category with arrivals needs a window.
    public func problems(for scenario: StaffingScenario, field: String) -> [ValidationProblem] {
        var c = ProblemCollector(prefix: field)
        switch self {
        case .comprehensive(let count):
            if count < 1 || count > StaffingLimits.maximumWindows { c.add("", "窗口数须在 1 到 \(StaffingLimits.maximumWindows) 之间") }
        case .dedicated(let counts):
            let codes = Set(scenario.categories.map(\.code))
            for code in counts.keys.sorted() where !codes.contains(code) { c.add(code, "没有这个业务类别") }
            for category in scenario.categories {
                let count = counts[category.code] ?? 0
                if count < 0 || count > StaffingLimits.maximumWindows {
                    c.add(category.code, "窗口数须在 0 到 \(StaffingLimits.maximumWindows) 之间")
                } else if count == 0 && category.ticketsPerDay > 0 {
                    c.add(category.code, "“\(category.name)”有到达，至少需要 1 个窗口")
                }
            }
        }
        return c.problems
    }
}
