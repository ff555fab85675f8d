/// The decision a centre takes to a staffing simulator (issue 18 §6): how many windows its day
/// needs laid out by department and laid out as comprehensive windows, by Erlang C hour by hour
/// and by simulating the day, and what waits a chosen staffing gives. The difference between the
/// two layouts is the pooling effect the reform reports (fewer windows for the same waits).
public struct StaffingStudy: Sendable {
    /// One hour of the day: its arrivals and the windows Erlang C says it needs.
    public struct Hour: Sendable, Hashable {
        public var hour: Int
        public var arrivals: Double
        /// Per category, summed; nil when some category needs more than the limit.
        public var dedicatedWindows: Int?
        public var comprehensiveWindows: Int?
    }

    /// A layout and the waits it gives.
    public struct Evaluation: Sendable, Hashable {
        public var layout: WindowLayout
        /// Why this layout is shown: the windows needed, or a staffing asked about.
        public var asked: Bool
        /// Erlang C's average wait over the day (each hour in its steady state, weighted by its
        /// arrivals); nil when some hour's arrivals outrun its windows.
        public var erlangAverageWaitSeconds: Double?
        public var simulated: SimulatedFigures
    }

    public var scenario: StaffingScenario
    public var seed: UInt64
    public var replications: Int
    public var hours: [Hour]
    /// Erlang C for each category's busiest hour (windows stay open all day).
    public var erlangDedicated: [String: Int]
    public var erlangComprehensive: Int
    /// The fewest windows whose simulated day keeps the average wait under the target.
    public var simulatedDedicated: [String: Int]
    public var simulatedComprehensive: Int
    public var evaluations: [Evaluation]

    public var erlangDedicatedTotal: Int { erlangDedicated.values.reduce(0, +) }
    public var simulatedDedicatedTotal: Int { simulatedDedicated.values.reduce(0, +) }

    public static let defaultReplications = 20

    /// Studies `scenario`, and also `asked` layouts. Every problem of the input is thrown together
    /// (paths from the request's root).
    public static func run(_ scenario: StaffingScenario, asked: [WindowLayout] = [], seed: UInt64,
                           replications: Int = defaultReplications) throws(ValidationFailed) -> StaffingStudy {
        var c = ProblemCollector()
        c.add(contentsOf: scenario.problems())
        if replications < 1 || replications > StaffingLimits.maximumReplications {
            c.add("replications", "重复次数须在 1 到 \(StaffingLimits.maximumReplications) 之间")
        } else if scenario.ticketsPerDay * Double(replications) > StaffingLimits.maximumSimulatedTickets {
            c.add("replications", "到达数 × 重复次数过大（最多 \(Int(StaffingLimits.maximumSimulatedTickets)) 张票），请减少重复次数")
        }
        if c.problems.isEmpty {
            for layout in asked {
                let field: String
                switch layout {
                case .comprehensive: field = "windows.comprehensive"
                case .dedicated: field = "windows.dedicated"
                }
                c.add(contentsOf: layout.problems(for: scenario, field: field))
            }
        }
        try c.throwIfAny()

        let hours = (0..<24).map { hourNeeds(scenario, hour: $0) }
        var erlangDedicated: [String: Int] = [:]
        for category in scenario.categories {
            let peak = category.arrivalsPerHour.max() ?? 0
            erlangDedicated[category.code] = ErlangC.windowsNeeded(
                arrivalsPerHour: peak, meanServiceSeconds: category.meanServiceSeconds, targetSeconds: scenario.targetWaitSeconds
            ) ?? StaffingLimits.maximumWindows
        }
        let erlangComprehensive = hours.compactMap(\.comprehensiveWindows).max() ?? 0
        let tooBig = hours.contains { $0.arrivals > 0 && $0.comprehensiveWindows == nil }

        // Dedicated queues do not share: each category's windows are found alone.
        var simulatedDedicated: [String: Int] = [:]
        for category in scenario.categories {
            guard category.ticketsPerDay > 0 else { simulatedDedicated[category.code] = 0; continue }
            let alone = StaffingScenario(categories: [category], targetWaitSeconds: scenario.targetWaitSeconds,
                                         serviceShape: scenario.serviceShape, serviceVariation: scenario.serviceVariation)
            simulatedDedicated[category.code] = fewestWindows(start: erlangDedicated[category.code] ?? 1, scenario: alone, seed: seed,
                                                              replications: replications) { .dedicated([category.code: $0]) }
        }
        let simulatedComprehensive = fewestWindows(start: tooBig ? StaffingLimits.maximumWindows : max(1, erlangComprehensive),
                                                   scenario: scenario, seed: seed, replications: replications) { .comprehensive($0) }

        var layouts: [(WindowLayout, Bool)] = [(.dedicated(simulatedDedicated.filter { $0.value > 0 }), false),
                                               (.comprehensive(simulatedComprehensive), false)]
        layouts += asked.map { ($0, true) }
        let evaluations = layouts.map { layout, asked in
            Evaluation(layout: layout, asked: asked, erlangAverageWaitSeconds: erlangDayWait(scenario, layout: layout),
                       simulated: HallSimulation.run(scenario, layout: layout, seed: seed, replications: replications))
        }
        return StaffingStudy(
            scenario: scenario, seed: seed, replications: replications, hours: hours, erlangDedicated: erlangDedicated,
            erlangComprehensive: erlangComprehensive, simulatedDedicated: simulatedDedicated,
            simulatedComprehensive: simulatedComprehensive, evaluations: evaluations
        )
    }

    static func hourNeeds(_ scenario: StaffingScenario, hour: Int) -> Hour {
        let target = scenario.targetWaitSeconds
        var dedicated: Int? = 0
        var arrivals = 0.0, work = 0.0
        for category in scenario.categories {
            let rate = category.arrivalsPerHour[hour]
            guard rate > 0 else { continue }
            arrivals += rate
            work += rate * category.meanServiceSeconds
            if let need = ErlangC.windowsNeeded(arrivalsPerHour: rate, meanServiceSeconds: category.meanServiceSeconds, targetSeconds: target) {
                dedicated = dedicated.map { $0 + need }
            } else {
                dedicated = nil
            }
        }
        // Pooled, the hour's service time is the arrivals' mix (an approximation Erlang C makes;
        // the simulation serves each ticket its own category's time).
        let comprehensive = arrivals > 0
            ? ErlangC.windowsNeeded(arrivalsPerHour: arrivals, meanServiceSeconds: work / arrivals, targetSeconds: target) : 0
        return Hour(hour: hour, arrivals: arrivals, dedicatedWindows: dedicated, comprehensiveWindows: comprehensive)
    }

    /// Erlang C's average wait over the day for `layout`, each hour weighted by its arrivals.
    static func erlangDayWait(_ scenario: StaffingScenario, layout: WindowLayout) -> Double? {
        var weighted = 0.0, arrivals = 0.0
        for hour in 0..<24 {
            switch layout {
            case .comprehensive(let windows):
                let rate = scenario.categories.reduce(0) { $0 + $1.arrivalsPerHour[hour] }
                guard rate > 0 else { continue }
                let work = scenario.categories.reduce(0) { $0 + $1.arrivalsPerHour[hour] * $1.meanServiceSeconds }
                guard let wait = ErlangC.averageWait(servers: windows, arrivalsPerHour: rate, meanServiceSeconds: work / rate) else { return nil }
                weighted += wait * rate
                arrivals += rate
            case .dedicated(let counts):
                for category in scenario.categories {
                    let rate = category.arrivalsPerHour[hour]
                    guard rate > 0 else { continue }
                    guard let wait = ErlangC.averageWait(servers: counts[category.code] ?? 0, arrivalsPerHour: rate,
                                                         meanServiceSeconds: category.meanServiceSeconds) else { return nil }
                    weighted += wait * rate
                    arrivals += rate
                }
            }
        }
        return arrivals > 0 ? weighted / arrivals : 0
    }

    /// Searches around `start` (Erlang C's answer) for the fewest windows whose simulated average
    /// wait is within the target. The same seed for every count (common random numbers) makes the
    /// waits fall as windows are added, so a bisection finds it in a handful of simulated days.
    static func fewestWindows(start: Int, scenario: StaffingScenario, seed: UInt64, replications: Int,
                              layout: (Int) -> WindowLayout) -> Int {
        func meets(_ windows: Int) -> Bool {
            HallSimulation.run(scenario, layout: layout(windows), seed: seed, replications: replications).averageWaitSeconds
                <= scenario.targetWaitSeconds
        }
        // Invariant: `low` windows miss the target (0 always does), `high` meet it (or are the limit).
        var low = 0, high = min(max(1, start), StaffingLimits.maximumWindows)
        while !meets(high) {
            guard high < StaffingLimits.maximumWindows else { return high }
            low = high
            high = min(high * 2, StaffingLimits.maximumWindows)
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if meets(middle) { high = middle } else { low = middle }
        }
        return high
    }
}
