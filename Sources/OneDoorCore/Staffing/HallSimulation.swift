#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The figures of simulated days for one window layout: averages over the replications, with the
/// 95 % confidence interval of the average wait (replications are independent days).
public struct SimulatedFigures: Sendable, Hashable {
    public var replications: Int
    public var ticketsPerDay: Double
    public var averageWaitSeconds: Double
    /// Half the width of the 95 % confidence interval of `averageWaitSeconds`.
    public var averageWaitHalfWidth: Double
    public var p90WaitSeconds: Double
    public var overTargetShare: Double
    public var longestWaitSeconds: Double
    /// Busy time over open window time until the last visit ends.
    public var utilisation: Double
    /// Average wait by category code.
    public var categoryWaits: [String: Double]
}

/// A discrete-event simulation of a hall's day (seeded, so the same request gives the same
/// answer): tickets arrive at random at each category's hourly rate, every window serves the
/// longest-waiting ticket it may take. With one queue per layout group and identical windows,
/// first-come-first-served is exactly "each ticket takes the window that frees first", so a day
/// is one pass over its tickets with a heap of the windows' free times (Kiefer–Wolfowitz) —
/// a day of 50 windows takes milliseconds.
public enum HallSimulation {
    struct Ticket {
        var arrival: Double
        var category: Int
        var service: Double
    }

    /// One day (or, for tests, `hours` of it repeated from a steady rate) of `layout`; waits of
    /// tickets that arrive before `warmUpSeconds` are left out of the figures.
    static func day(_ scenario: StaffingScenario, layout: WindowLayout, seed: UInt64, warmUpSeconds: Double = 0)
        -> (waits: [Double], categoryWaits: [[Double]], busy: Double, windows: Int, end: Double) {
        var generator = SplitMix64(seed: seed)
        let tickets = arrivals(scenario, using: &generator)
        let categoryCount = scenario.categories.count
        // Each group of windows serves some categories in one queue: one group for the
        // comprehensive layout, one per category for the dedicated one.
        let groupOf: (Int) -> Int
        var heaps: [MinHeap]
        switch layout {
        case .comprehensive(let count):
            groupOf = { _ in 0 }
            heaps = [MinHeap(count: count)]
        case .dedicated(let counts):
            groupOf = { $0 }
            heaps = scenario.categories.map { MinHeap(count: counts[$0.code] ?? 0) }
        }
        var waits: [Double] = []
        waits.reserveCapacity(tickets.count)
        var categoryWaits = [[Double]](repeating: [], count: categoryCount)
        var busy = 0.0, end = 0.0
        for ticket in tickets {
            let group = groupOf(ticket.category)
            guard !heaps[group].isEmpty else { continue }
            let free = heaps[group].minimum
            let start = max(free, ticket.arrival)
            let finish = start + ticket.service
            heaps[group].replaceMinimum(with: finish)
            busy += ticket.service
            end = max(end, finish)
            guard ticket.arrival >= warmUpSeconds else { continue }
            waits.append(start - ticket.arrival)
            categoryWaits[ticket.category].append(start - ticket.arrival)
        }
        return (waits, categoryWaits, busy, layout.windows, end)
    }

    /// `replications` independent days of `layout`, their figures averaged.
    public static func run(_ scenario: StaffingScenario, layout: WindowLayout, seed: UInt64, replications: Int,
                           warmUpSeconds: Double = 0) -> SimulatedFigures {
        var seeds = SplitMix64(seed: seed)
        var averages: [Double] = [], p90s: [Double] = [], over: [Double] = [], longest = 0.0, tickets = 0.0
        var busy = 0.0, open = 0.0
        var categoryTotals = [Double](repeating: 0, count: scenario.categories.count)
        var categoryCounts = [Int](repeating: 0, count: scenario.categories.count)
        let target = scenario.targetWaitSeconds
        for _ in 0..<max(1, replications) {
            var day = day(scenario, layout: layout, seed: seeds.next(), warmUpSeconds: warmUpSeconds)
            tickets += Double(day.waits.count)
            busy += day.busy
            let firstArrival = firstOpenHour(scenario).map { Double($0) * 3600 } ?? 0
            open += Double(day.windows) * max(0, day.end - firstArrival)
            guard !day.waits.isEmpty else { averages.append(0); p90s.append(0); over.append(0); continue }
            averages.append(day.waits.reduce(0, +) / Double(day.waits.count))
            day.waits.sort()
            p90s.append(day.waits[(day.waits.count * 9 + 9) / 10 - 1])
            over.append(Double(day.waits.count(where: { $0 > target })) / Double(day.waits.count))
            longest = max(longest, day.waits[day.waits.count - 1])
            for (index, waits) in day.categoryWaits.enumerated() {
                categoryTotals[index] += waits.reduce(0, +)
                categoryCounts[index] += waits.count
            }
        }
        let n = Double(averages.count)
        let mean = averages.reduce(0, +) / n
        let variance = averages.count > 1 ? averages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        var categoryWaits: [String: Double] = [:]
        for (index, category) in scenario.categories.enumerated() where categoryCounts[index] > 0 {
            categoryWaits[category.code] = categoryTotals[index] / Double(categoryCounts[index])
        }
        return SimulatedFigures(
            replications: averages.count, ticketsPerDay: tickets / n, averageWaitSeconds: mean,
            averageWaitHalfWidth: studentT975(degreesOfFreedom: averages.count - 1) * (variance / n).squareRoot(),
            p90WaitSeconds: p90s.reduce(0, +) / n, overTargetShare: over.reduce(0, +) / n, longestWaitSeconds: longest,
            utilisation: open > 0 ? busy / open : 0, categoryWaits: categoryWaits
        )
    }

    static func firstOpenHour(_ scenario: StaffingScenario) -> Int? {
        (0..<24).first { hour in scenario.categories.contains { hour < $0.arrivalsPerHour.count && $0.arrivalsPerHour[hour] > 0 } }
    }

    /// The day's tickets in order of arrival: for each category and hour, a Poisson stream at that
    /// hour's rate (restarted at each hour's start, which memorylessness makes exact), each with
    /// its service time drawn as it arrives.
    static func arrivals(_ scenario: StaffingScenario, using generator: inout SplitMix64) -> [Ticket] {
        var tickets: [Ticket] = []
        tickets.reserveCapacity(Int(min(scenario.ticketsPerDay * 1.2 + 16, StaffingLimits.maximumTicketsPerDay * 2)))
        let sampleService = serviceSampler(scenario.serviceShape, variation: scenario.serviceVariation)
        for (index, category) in scenario.categories.enumerated() {
            for (hour, rate) in category.arrivalsPerHour.enumerated() where rate > 0 {
                let hourEnd = Double(hour + 1) * 3600
                var time = Double(hour) * 3600
                while true {
                    time += -log(uniform(&generator)) * 3600 / rate
                    guard time < hourEnd else { break }
                    tickets.append(Ticket(arrival: time, category: index,
                                          service: sampleService(category.meanServiceSeconds, &generator)))
                }
            }
        }
        tickets.sort { $0.arrival < $1.arrival }
        return tickets
    }

    typealias ServiceSampler = (Double, inout SplitMix64) -> Double

    static func serviceSampler(_ shape: ServiceTimeShape, variation: Double) -> ServiceSampler {
        switch shape {
        case .fixed:
            return { mean, _ in mean }
        case .exponential:
            return { mean, generator in -log(uniform(&generator)) * mean }
        case .lognormal:
            // A log-normal with mean m and coefficient of variation v: σ² = ln(1 + v²), μ = ln m − σ²/2.
            let sigmaSquared = log(1 + variation * variation)
            let sigma = sigmaSquared.squareRoot()
            return { mean, generator in
                let normal = (-2 * log(uniform(&generator))).squareRoot() * cos(2 * Double.pi * uniform(&generator))
                return exp(log(mean) - sigmaSquared / 2 + sigma * normal)
            }
        }
    }

    /// A uniform draw in (0, 1), never 0 (its logarithm is taken).
    static func uniform(_ generator: inout SplitMix64) -> Double {
        (Double(generator.next() >> 11) + 0.5) * 0x1p-53
    }

    /// The 97.5 % quantile of Student's t (two-sided 95 %); the normal's 1.96 beyond 30 degrees.
    static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        guard df >= 1 else { return 0 }
        return df <= table.count ? table[df - 1] : 1.96
    }
}

/// The windows' free times, the earliest on top.
struct MinHeap {
    private var items: [Double]

    init(count: Int) { items = [Double](repeating: 0, count: max(0, count)) }

    var isEmpty: Bool { items.isEmpty }
    var minimum: Double { items[0] }

    mutating func replaceMinimum(with value: Double) {
        items[0] = value
        var i = 0
        let n = items.count
        while true {
            let left = 2 * i + 1, right = left + 1
            var smallest = i
            if left < n && items[left] < items[smallest] { smallest = left }
            if right < n && items[right] < items[smallest] { smallest = right }
            guard smallest != i else { return }
            items.swapAt(i, smallest)
            i = smallest
        }
    }
}

/// One simulated visit, for histories made of the simulation (the demo's two periods): when it
/// arrived, started and finished (seconds after midnight), its category and the window (0-based,
/// the dedicated layout's windows numbered category after category).
public struct SimulatedVisit: Sendable, Hashable {
    public var arrival: Double
    public var start: Double
    public var finish: Double
    public var category: Int
    public var window: Int
}

extension HallSimulation {
    /// One day's visits of `layout`, in order of arrival: the same day `run` measures, with each
    /// visit's window. Categories without a window are not served (and not returned).
    public static func visits(_ scenario: StaffingScenario, layout: WindowLayout, seed: UInt64) -> [SimulatedVisit] {
        var generator = SplitMix64(seed: seed)
        var groups: [[Double]]  // each group's windows' free times
        var firstWindow: [Int]
        let groupOf: (Int) -> Int
        switch layout {
        case .comprehensive(let count):
            groups = [[Double](repeating: 0, count: max(0, count))]
            firstWindow = [0]
            groupOf = { _ in 0 }
        case .dedicated(let counts):
            groups = scenario.categories.map { [Double](repeating: 0, count: max(0, counts[$0.code] ?? 0)) }
            var next = 0
            firstWindow = groups.map { group in
                defer { next += group.count }
                return next
            }
            groupOf = { $0 }
        }
        var visits: [SimulatedVisit] = []
        for ticket in arrivals(scenario, using: &generator) {
            let group = groupOf(ticket.category)
            guard let index = groups[group].indices.min(by: { groups[group][$0] < groups[group][$1] }) else { continue }
            let start = max(groups[group][index], ticket.arrival)
            let finish = start + ticket.service
            groups[group][index] = finish
            visits.append(SimulatedVisit(arrival: ticket.arrival, start: start, finish: finish, category: ticket.category,
                                         window: firstWindow[group] + index))
        }
        return visits
    }
}
