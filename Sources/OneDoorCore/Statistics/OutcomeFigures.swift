/// One period's figures for the reform's outcome (issue 18 §5): computed from the platform's
/// records of those months — the queue's, the cases', the ratings' and the themes'.
public struct PeriodFigures: Sendable, Hashable {
    public var from: String
    public var to: String
    /// Tickets taken, called and their waits, over every hall.
    public var tickets = 0
    public var called = 0
    public var waitSecondsTotal = 0
    /// Days (across the district) with tickets, and the members of staff who served on each, summed.
    public var queueDays = 0
    public var staffDays = 0
    public var cases = CaseFigures()
    /// By item: its cases' figures (即办 items, materials per case).
    public var items: [ItemCode: CaseFigures] = [:]
    public var ratings = 0
    public var satisfied = 0
    public var themeCases = 0

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public var averageWaitMinutes: Double? { called == 0 ? nil : Double(waitSecondsTotal) / Double(called) / 60 }
    public var ticketsPerDay: Double? { queueDays == 0 ? nil : Double(tickets) / Double(queueDays) }
    public var staffPerDay: Double? { queueDays == 0 ? nil : Double(staffDays) / Double(queueDays) }
    /// Tickets one member of staff serves in a day: volume against staffing.
    public var ticketsPerStaffDay: Double? { staffDays == 0 ? nil : Double(tickets) / Double(staffDays) }
    /// Items concluded on the spot (即办) at least once.
    public var immediateItems: Int { items.values.count { $0.immediate > 0 } }
    /// Items with a case, and of them those whose every counted case took no trip (零跑腿).
    public var itemsWithCases: Int { items.values.count { $0.received > 0 } }
    public var zeroTripItems: Int { items.values.count { $0.tripCounted > 0 && $0.zeroTrips == $0.tripCounted } }
    public var satisfaction: Double? { ratings == 0 ? nil : Double(satisfied) / Double(ratings) }
}

/// The seeds' headline results, each computed for a "before" and an "after" period.
public struct OutcomeComparison: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var key: String
        public var title: String
        public var before: String
        public var after: String
        public var change: String
        /// What the seeds report for the same figure.
        public var reference: String
    }

    public var before: PeriodFigures
    public var after: PeriodFigures
    /// Items with cases in both periods, and of them those whose cases listed fewer materials.
    public var itemsCompared: Int
    public var fewerMaterialsItems: Int
    /// The theme the line about themes is about, with its catalogue figures.
    public struct Theme: Sendable, Hashable {
        public var name: String
        public var figures: ThemeFigures
        public var promisedDays: Int

        public init(name: String, figures: ThemeFigures, promisedDays: Int) {
            self.name = name
            self.figures = figures
            self.promisedDays = promisedDays
        }
    }

    public var theme: Theme?

    public init(before: PeriodFigures, after: PeriodFigures, theme: Theme?) {
        self.before = before
        self.after = after
        self.theme = theme
        var compared = 0, fewer = 0
        for (item, was) in before.items {
            guard let now = after.items[item], let a = was.materialsPerCase, let b = now.materialsPerCase else { continue }
            compared += 1
            if b < a - 0.0001 { fewer += 1 }
        }
        itemsCompared = compared
        fewerMaterialsItems = fewer
    }

    /// The lines of the page, in the seeds' order.
    public var lines: [Line] {
        func number(_ value: Double?, _ places: Int = 1) -> String { value.map { OpenDataValue.fixed($0, places: places) } ?? "—" }
        func percent(_ value: Double?) -> String { value.map { OpenDataValue.fixed($0 * 100, places: 2) + " %" } ?? "—" }
        func relative(_ a: Double?, _ b: Double?) -> String {
            guard let a, let b, a > 0 else { return "—" }
            let change = (b - a) / a * 100
            return (change >= 0 ? "+" : "") + OpenDataValue.fixed(change, places: 1) + " %"
        }
        func difference(_ a: Double?, _ b: Double?, _ unit: String) -> String {
            guard let a, let b else { return "—" }
            return (b - a >= 0 ? "+" : "") + OpenDataValue.fixed(b - a, places: 1) + unit
        }
        var lines = [
            Line(key: "wait", title: "平均等候时间（分钟）", before: number(before.averageWaitMinutes), after: number(after.averageWaitMinutes),
                 change: difference(before.averageWaitMinutes, after.averageWaitMinutes, " 分钟"), reference: "禅城：10–15 分钟 → 5–10 分钟"),
            Line(key: "immediate", title: "即办（当场办结）事项数", before: String(before.immediateItems), after: String(after.immediateItems),
                 change: difference(Double(before.immediateItems), Double(after.immediateItems), " 项"), reference: "禅城：31 项 → 47 项"),
            Line(key: "materials", title: "申请材料减少的事项", before: "—", after: "\(fewerMaterialsItems) / \(itemsCompared)",
                 change: itemsCompared == 0 ? "—" : percent(Double(fewerMaterialsItems) / Double(itemsCompared)), reference: "禅城：192 项中 97 项精简材料"),
            Line(key: "days", title: "平均办理时间（工作日）", before: number(before.cases.averageWorkingDays), after: number(after.cases.averageWorkingDays),
                 change: difference(before.cases.averageWorkingDays, after.cases.averageWorkingDays, " 个工作日"), reference: "禅城：平均缩短 7.5 个工作日"),
            Line(key: "staff", title: "每日在岗窗口人员", before: number(before.staffPerDay), after: number(after.staffPerDay),
                 change: relative(before.staffPerDay, after.staffPerDay), reference: "禅城：窗口人员减少约 30 %；河宕：减少 62.5 %"),
            Line(key: "volume", title: "日均取号量", before: number(before.ticketsPerDay), after: number(after.ticketsPerDay),
                 change: relative(before.ticketsPerDay, after.ticketsPerDay), reference: "河宕：业务量约为原来的 4 倍"),
            Line(key: "per-staff", title: "人均日办件（取号）量", before: number(before.ticketsPerStaffDay), after: number(after.ticketsPerStaffDay),
                 change: relative(before.ticketsPerStaffDay, after.ticketsPerStaffDay), reference: "—"),
            Line(key: "satisfaction", title: "满意率", before: percent(before.satisfaction), after: percent(after.satisfaction),
                 change: before.satisfaction == nil ? "—" : difference(before.satisfaction.map { $0 * 100 }, after.satisfaction.map { $0 * 100 }, " 个百分点"),
                 reference: "禅城：99.96 %"),
            Line(key: "zero-trip", title: "零跑腿事项数", before: String(before.zeroTripItems), after: String(after.zeroTripItems),
                 change: difference(Double(before.zeroTripItems), Double(after.zeroTripItems), " 项"), reference: "—"),
            Line(key: "one-trip", title: "最多跑一次的办件占比", before: percent(before.cases.atMostOneTripShare), after: percent(after.cases.atMostOneTripShare),
                 change: difference(before.cases.atMostOneTripShare.map { $0 * 100 }, after.cases.atMostOneTripShare.map { $0 * 100 }, " 个百分点"),
                 reference: "—"),
        ]
        if let theme {
            lines.append(Line(key: "theme", title: "“\(theme.name)”一件事：办理时间（工作日）/ 材料（份）",
                              before: "\(theme.figures.serialDays) / \(theme.figures.materialsSeparately)",
                              after: "\(theme.promisedDays) / \(theme.figures.materialsMerged)（\(after.themeCases) 件）",
                              change: difference(Double(theme.figures.serialDays), Double(theme.promisedDays), " 个工作日"),
                              reference: "分别办理 → 一次办理"))
        }
        return lines
    }
}
